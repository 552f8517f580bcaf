using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PatientAccess.Api;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Functions.Tests;

/// <summary>The reminder timer and the outbox view: bound as the host expects, resolvable from the worker's container.</summary>
public sealed class ReminderFunctionsTests
{
    [Fact]
    public void BuildMetadata_ReminderSweep_IsATimerOnTheConfiguredSchedule()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata")));
        var sweep = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == ReminderFunctions.SweepName);
        var trigger = Assert.Single(sweep.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("%Reminders:Schedule%", trigger.GetProperty("schedule").GetString());

        // The app setting the host resolves the schedule from is declared for the Functions app.
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "app-settings.json")));
        var schedule = settings.RootElement.GetProperty("Reminders__Schedule");
        Assert.Equal(new ReminderOptions().Schedule, schedule.GetProperty("default").GetString());
    }

    [Fact]
    public void BuildMetadata_EligibilityRecheckSweep_IsATimerWithADurableClient()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata")));
        var sweep = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == EligibilityRecheckFunctions.SweepName);
        var bindings = sweep.GetProperty("bindings").EnumerateArray().ToList();
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("%EligibilityRecheck:Schedule%", trigger.GetProperty("schedule").GetString());
        Assert.Single(bindings, b => b.GetProperty("type").GetString() == "durableClient");

        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "app-settings.json")));
        Assert.Equal(new Workflow.Eligibility.EligibilityRecheckOptions().Schedule,
            settings.RootElement.GetProperty("EligibilityRecheck__Schedule").GetProperty("default").GetString());
    }

    [Fact]
    public void BuildMetadata_StoppedClearanceSweep_IsATimerWithADurableClient()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata")));
        var sweep = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == StoppedClearanceFunctions.SweepName);
        var bindings = sweep.GetProperty("bindings").EnumerateArray().ToList();
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal(Workflow.Operations.StoppedClearanceOptions.Schedule, trigger.GetProperty("schedule").GetString());
        Assert.Single(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void BuildMetadata_ReminderSweep_HasADurableClientForGiveUps()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata")));
        var sweep = Assert.Single(document.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == ReminderFunctions.SweepName);
        Assert.Single(sweep.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
    }

    /// <summary>The worker's container as the host builds it, with these app settings.</summary>
    private static IHost Worker(Dictionary<string, string?>? appSettings = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration["Cosmos:Endpoint"] = "https://127.0.0.1:8081/";
        builder.Configuration["Clearinghouse:BaseUrl"] = "http://127.0.0.1:7080/";
        builder.Configuration["CardStorage:connectionString"] = "UseDevelopmentStorage=true";
        builder.Configuration["Portal:BaseUrl"] = "https://portal.example.org/";
        foreach (var (key, value) in appSettings ?? []) builder.Configuration[key] = value;
        var executor = typeof(RegistrationFunctions).Assembly.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>();
        Assert.NotNull(executor);
        ((WorkerExtensionStartup)Activator.CreateInstance(executor.StartupCodeExecutorType)!).Configure(builder);
        builder.AddPatientAccess();
        return builder.Build();
    }

    [Fact]
    public void WorkerServices_ReminderFunctions_AreCreatedFromTheContainer()
    {
        using var host = Worker();

        Assert.NotNull(ActivatorUtilities.CreateInstance<ReminderFunctions>(host.Services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<EligibilityRecheckFunctions>(host.Services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<StoppedClearanceFunctions>(host.Services));
        Assert.IsType<OutboxOnlySender>(host.Services.GetRequiredService<INotificationSender>());
        Assert.IsType<RegistrationRecipientDirectory>(host.Services.GetRequiredService<INotificationRecipientDirectory>());
        Assert.Equal(new Uri("https://portal.example.org/"), host.Services.GetRequiredService<IOptions<PortalOptions>>().Value.BaseUrl);
    }

    [Fact]
    public void WorkerServices_ClinicAndQuietHoursAppSettings_ReachTheRegistrationAndThePolicy()
    {
        // App settings Clinic__TimeZone, QuietHours__Start, QuietHours__End as the Functions host passes them.
        using var host = Worker(new() { ["Clinic:TimeZone"] = "America/Denver", ["QuietHours:Start"] = "20:00", ["QuietHours:End"] = "08:30" });

        Assert.Equal("America/Denver", host.Services.GetRequiredService<IOptions<Workflow.Operations.ClinicOptions>>().Value.TimeZone);
        var rules = host.Services.GetRequiredService<ContactPolicy>().Rules;
        Assert.Equal((new TimeOnly(20, 0), new TimeOnly(8, 30)), (rules.QuietStart, rules.QuietEnd));
    }

    [Theory]
    [InlineData("Clinic:TimeZone", "Central Time")]
    [InlineData("QuietHours:Start", "22:00")]
    public void WorkerServices_ClinicOrQuietHoursInvalid_RefusedAtStart(string key, string value)
    {
        using var host = Worker(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() =>
        {
            _ = host.Services.GetRequiredService<IOptions<Workflow.Operations.ClinicOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<QuietHoursOptions>>().Value;
        });
    }

    [Fact]
    public async Task ListOutbox_Messages_NewestFirstWithTheirText()
    {
        var outbox = new InMemoryNotificationOutbox();
        var registration = RegistrationId.New(Guid.NewGuid());
        var at = new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero);
        var rendered = NotificationTemplates.Render(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English,
            new TemplateValues("Springfield Clinic", new Uri("https://portal.example.org/c/abc123")));
        await outbox.EnqueueAsync(OutboxMessage.Create(registration, 0, "patient", rendered, at), CancellationToken.None);
        await outbox.EnqueueAsync(OutboxMessage.Create(registration, 1, "patient", rendered, at.AddDays(1)), CancellationToken.None);
        var functions = new ReminderFunctions(null!, outbox);

        var result = await functions.ListOutboxAsync(new DefaultHttpContext().Request, CancellationToken.None);

        var ok = Assert.IsType<Ok<List<OutboxEntry>>>(result);
        Assert.Equal([1, 0], ok.Value!.Select(e => e.Sequence));
        Assert.All(ok.Value!, e => Assert.Equal(rendered.Body, e.Text));
        Assert.Equal($"{registration.Value}-card-needed-1-sms", ok.Value![0].Key);
    }

    [Fact]
    public async Task ListOutbox_MaxOutOfRange_IsAValidationError()
    {
        var functions = new ReminderFunctions(null!, new InMemoryNotificationOutbox());
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString("?max=0");

        await Assert.ThrowsAsync<Domain.Common.ValidationException>(() => functions.ListOutboxAsync(request, CancellationToken.None));
    }
}
