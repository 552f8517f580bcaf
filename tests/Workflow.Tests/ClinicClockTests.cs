using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// The clearance and its first reminder on a clock the test sets (FakeTimeProvider), with the clinic's settings as a
/// host reads them: Clinic:TimeZone (the patient names no zone, so the clinic's applies) and quiet hours 20:00-08:30.
/// A patient who registers late in the evening is asked for the card at 08:30 the next morning, also on the nights the
/// clinic's clocks change, and on dates far past every fixed date the samples once carried.
/// </summary>
public sealed class ClinicClockTests
{
    private const string ClinicZone = "America/Chicago";
    private static readonly TimeZoneInfo Clinic = TimeZoneInfo.FindSystemTimeZoneById(ClinicZone);

    private static readonly Dictionary<string, string?> ClinicSettings = new()
    {
        ["Clinic:TimeZone"] = ClinicZone,
        ["QuietHours:Start"] = "20:00",
        ["QuietHours:End"] = "08:30",
    };

    private static Task<ClearanceHost> StartAsync(TimeProvider clock) =>
        ClearanceHost.StartAsync(settings: ClinicSettings, configure: services =>
        {
            services.AddNotificationChannel(new ConfigurationBuilder().AddInMemoryCollection(ClinicSettings).Build());
            services.AddReminders();
            services.AddSingleton(clock);
            services.Configure<ReminderOptions>(o =>
            {
                o.FirstReminderAfter = TimeSpan.Zero;
                o.FacilityName = "Springfield Clinic";
            });
            services.Configure<PortalOptions>(o => o.BaseUrl = new Uri("https://portal.example.org/"));
        });

    /// <summary>The wall-clock time in the clinic's zone as an instant (times the clocks skip do not occur in these tests).</summary>
    private static DateTimeOffset ClinicTime(string date, string time) =>
        PatientTimeZone.ToUtc(DateOnly.Parse(date, CultureInfo.InvariantCulture), TimeOnly.Parse(time, CultureInfo.InvariantCulture), Clinic);

    [Theory]
    [InlineData("2030-03-09", "2030-03-10T13:30:00Z")] // spring forward at 02:00 on 03-10: 08:30 is CDT, UTC-5
    [InlineData("2029-11-03", "2029-11-04T14:30:00Z")] // fall back at 02:00 on 11-04: a 25-hour night, 08:30 is CST, UTC-6
    [InlineData("2030-07-19", "2030-07-20T13:30:00Z")] // an ordinary summer night
    [InlineData("2030-12-31", "2031-01-01T14:30:00Z")] // the last night of 2030
    public async Task Run_RegisteredAt2230ClinicTime_CardReminderHeldUntil0830NextMorning(string evening, string morningUtc)
    {
        var clock = new FakeTimeProvider(ClinicTime(evening, "22:30"));
        var morning = DateTimeOffset.Parse(morningUtc, CultureInfo.InvariantCulture);
        await using var host = await StartAsync(clock);
        var form = Samples.Form() with
        {
            Patient = Samples.Form().Patient! with { TimeZone = null },
            Appointment = Samples.Form().Appointment! with { ScheduledAt = VisitInTenDaysAt0930(clock), TimeZone = ClinicZone },
        };
        var id = (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
        await host.WaitForStageAsync(id, ClearanceStage.AwaitingCard);
        Assert.Equal(ClinicZone, (await host.Store.GetAsync(id, CancellationToken.None)).Value.Patient.TimeZone);
        var sweep = host.Services.GetRequiredService<ReminderSweep>();

        // 22:30: written at once, held by quiet hours until 08:30 the next morning in the clinic's zone.
        var enqueued = 0;
        for (var i = 0; i < 5 && enqueued == 0; i++) enqueued += (await sweep.RunAsync(host.Client, CancellationToken.None)).Enqueued;
        var held = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal((MessagePurpose.CardNeeded, OutboxStatus.Pending, morning, nameof(ContactReason.QuietHours)), (held.Purpose, held.Status, held.SendAfterUtc, held.LastError));

        // A minute before, a sweep sends nothing; at 08:30 the held message goes out, once.
        clock.SetUtcNow(morning.AddMinutes(-1));
        await sweep.RunAsync(host.Client, CancellationToken.None);
        Assert.Equal(OutboxStatus.Pending, Assert.Single(await MessagesAsync(host, id)).Status);
        clock.SetUtcNow(morning);
        await sweep.RunAsync(host.Client, CancellationToken.None);
        await sweep.RunAsync(host.Client, CancellationToken.None);

        var sent = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal((OutboxStatus.Sent, morning, 1), (sent.Status, sent.CompletedUtc, sent.Attempts));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    public void AddWorkflow_ClinicTimeZoneUnknown_RefusedAtStart(string zone)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Clinic:TimeZone"] = zone }).Build());
        services.AddWorkflow();
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ClinicOptions>>().Value);
    }

    /// <summary>"In 10 days at 09:30 clinic time", from the test's clock: the visit the samples describe.</summary>
    private static string VisitInTenDaysAt0930(TimeProvider clock)
    {
        var day = PatientTimeZone.LocalDate(clock.GetUtcNow(), Clinic).AddDays(10);
        var visit = TimeZoneInfo.ConvertTime(PatientTimeZone.ToUtc(day, new TimeOnly(9, 30), Clinic), Clinic);
        return visit.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private static Task<IReadOnlyList<OutboxMessage>> MessagesAsync(ClearanceHost host, RegistrationId id) =>
        host.Services.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None);
}
