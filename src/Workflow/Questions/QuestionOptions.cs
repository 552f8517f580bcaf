using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Questions;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Questions;

/// <summary>Settings of patient questions (section "Questions"): the response target and the clinic's opening hours.</summary>
public sealed class QuestionOptions
{
    public const string Section = "Questions";

    /// <summary>Business hours within which a question should have its answer (default 4 hours).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan TargetResponse { get; set; } = TimeSpan.FromHours(4);

    /// <summary>When the clinic's team starts answering, clinic time (HH:mm).</summary>
    public TimeOnly OpensAt { get; set; } = new(8, 0);

    /// <summary>When it stops, clinic time (HH:mm), after <see cref="OpensAt"/> on the same day.</summary>
    public TimeOnly ClosesAt { get; set; } = new(17, 0);

    /// <summary>Count the US federal holidays (observed) as closed days.</summary>
    public bool FederalHolidays { get; set; } = true;

    /// <summary>More closed days (yyyy-MM-dd).</summary>
    public List<DateOnly> Holidays { get; init; } = [];

    /// <summary>Open questions the console lists at most.</summary>
    [Range(1, 1000)]
    public int MaxListed { get; set; } = 200;

    /// <summary>How far back the console counts texts from unknown numbers.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "90.00:00:00")]
    public TimeSpan UnmatchedWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The target in the clinic's zone for questions asked in <paramref name="year"/> (and the next, for a target that crosses New Year).</summary>
    public ResponseTarget Target(int year, TimeZoneInfo clinic) =>
        new(TargetResponse, OpensAt, ClosesAt,
            FederalHolidays ? BusinessCalendar.UsFederal(year, year + 1, Holidays) : new BusinessCalendar(Holidays), clinic);
}

public static class QuestionServiceCollectionExtensions
{
    /// <summary>
    /// Patient questions (section "Questions", checked at start). Needs <c>AddWorkflow</c>, <c>AddReminders</c> and from
    /// src/Integrations <c>AddCosmosStores</c> (the thread store) and <c>AddNotificationChannel</c> (outbox, dispatcher).
    /// </summary>
    public static IServiceCollection AddQuestions(this IServiceCollection services)
    {
        services.AddOptions<QuestionOptions>().BindConfiguration(QuestionOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ClosesAt > o.OpensAt && o.ClosesAt - o.OpensAt >= TimeSpan.FromHours(1),
                "Questions:ClosesAt must be at least an hour after Questions:OpensAt on the same day.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<QuestionOperations>();
        return services;
    }

    internal static TimeZoneInfo ClinicZone(IOptions<ClinicOptions> clinic) =>
        PatientTimeZone.TryResolve(clinic.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
