using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// The clearance waiting for the patient, end to end on the in-process Durable host, the Cosmos emulator, Azurite,
/// Tesseract and the payer sandbox: the reminder sweep gives up and the clearance marks the registration incomplete
/// with a work item; a new photo while a specialist has the last one is read at once; a refused upload turns the
/// next reminder into "please upload again"; and the eligibility re-check three days before the visit.
/// </summary>
public sealed class FollowUpClearanceTests
{
    /// <summary>Fixed at 14:00 in Chicago (the samples' zone), so quiet hours never hold a reminder in these tests.</summary>
    private static FakeTimeProvider ChicagoAfternoon()
    {
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new FakeTimeProvider(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(new TimeOnly(14, 0)), chicago), TimeSpan.Zero));
    }

    private static Task<ClearanceHost> StartAsync(TimeProvider? clock = null, int giveUpAfter = 3, bool cards = false) =>
        ClearanceHost.StartAsync(configure: services =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CardStorage:connectionString"] = TestServers.AzuriteConnection,
            }).Build();
            if (cards) Integrations.DependencyInjection.AddCardIntake(services, configuration);
            services.AddNotificationChannel(new ConfigurationBuilder().Build());
            services.AddReminders();
            if (clock is not null) services.AddSingleton<TimeProvider>(clock);
            services.PostConfigure<ClearanceOptions>(o => o.CardWaitTimeout = TimeSpan.FromMinutes(10));
            services.Configure<ReminderOptions>(o =>
            {
                o.FirstReminderAfter = TimeSpan.Zero;
                o.RetakeReminderAfter = TimeSpan.Zero;
                o.RepeatAfter = TimeSpan.Zero;
                o.GiveUpAfter = giveUpAfter;
                o.FacilityName = "Springfield Clinic";
            });
            services.Configure<PortalOptions>(o => o.BaseUrl = new Uri("https://portal.example.org/"));
        });

    private static async Task<RegistrationId> SubmitAsync(ClearanceHost host, RegistrationForm form)
    {
        var result = await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None);
        return result.RegistrationId;
    }

    private static Task<IReadOnlyList<OutboxMessage>> MessagesAsync(ClearanceHost host, RegistrationId id) =>
        host.Services.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None);

    [Fact]
    public async Task Run_NoCardAfterEveryReminder_IncompleteWithAWorkItemThenRetryStartsAgain()
    {
        await using var host = await StartAsync(ChicagoAfternoon(), giveUpAfter: 1);
        var id = await SubmitAsync(host, Samples.Form());
        await host.WaitForAsync(id, s => s.Stage == ClearanceStage.AwaitingCard, "awaiting card");
        var sweep = host.Services.GetRequiredService<ReminderSweep>();

        // Sweep until the reminder is recorded, then until the give-up: a sweep that loses an ETag race to a
        // concurrent write skips the registration and the next one takes it (the outbox key stays the same).
        var results = new List<ReminderSweepResult>();
        for (var i = 0; i < 5 && results.Sum(r => r.Enqueued) == 0; i++) results.Add(await sweep.RunAsync(host.Client, CancellationToken.None));
        for (var i = 0; i < 5 && results.Sum(r => r.GaveUp) == 0; i++) results.Add(await sweep.RunAsync(host.Client, CancellationToken.None));
        Assert.True(results.Sum(r => r.Enqueued) == 1 && results.Sum(r => r.GaveUp) == 1, string.Join("; ", results));
        Registration registration;

        var incomplete = await host.WaitForAsync(id, s => s.Stage == ClearanceStage.Incomplete && s.OpenWorkItemId is not null, "incomplete with a work item");
        Assert.Equal(WorkItem.IdFor(id.Value, "card-unanswered-1"), incomplete.OpenWorkItemId);
        Assert.Contains(incomplete.Steps, s => s.Step == "patient-unresponsive-1" && s.Outcome == "no card after 1 reminders");
        Assert.Null(incomplete.FollowUp); // the wait is over: no more reminders
        var item = (await host.Services.GetRequiredService<Domain.Ports.IWorkItemStore>().GetAsync(id.Value, incomplete.OpenWorkItemId!, CancellationToken.None)).Value;
        Assert.Equal(WorkItemReason.PatientUnresponsive, item.Reason);
        Assert.Equal(id.ClearanceInstanceId, item.OrchestrationInstanceId);
        Assert.Equal(MessagePurpose.CardNeeded, Assert.Single(await MessagesAsync(host, id)).Purpose);

        // A late give-up for the first wait (a sweep that crashed before recording) is ignored by the next wait.
        await host.Client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.PatientUnresponsive, new PatientUnresponsiveEvent("await-card-1", 1));
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(item.Id, ResolutionAction.RetryPatientStep, "patient will send it tonight"), "specialist-3", CancellationToken.None);

        var waiting = await host.WaitForAsync(id, s => s.Stage == ClearanceStage.AwaitingCard && s.Steps.Any(x => x.Step == "await-card-2"), "awaiting card again");
        Assert.Equal("InsuranceCard", waiting.Awaiting);
        Assert.Equal((PatientTask.UploadCard, 0), (waiting.FollowUp!.Task, waiting.FollowUp.RemindersSent)); // the status shows the new wait
        registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Equal(("await-card-2", 0), (registration.FollowUp!.Step, registration.FollowUp.RemindersSent));
        Assert.Null(registration.FollowUp.GaveUpAt);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(ClearanceStage.AwaitingCard, (await host.Registrations.GetStatusAsync(id, CancellationToken.None)).Stage);
    }

    [Fact]
    public async Task Run_NewPhotoWhileASpecialistReviewsTheLastOne_ReadsItAndSupersedesTheItem()
    {
        await using var host = await StartAsync(cards: true);
        var id = await SubmitAsync(host, Samples.ActiveMember());
        await host.WaitForStageAsync(id, ClearanceStage.AwaitingCard);

        // A card of another plan: the read cannot settle the coverage and a specialist is asked.
        await UploadAsync(host, id, Path.Combine("cards", "card-1004-commercial-norx-clean.jpg"));
        var review = await host.WaitForAsync(id, s => s.OpenWorkItemId?.EndsWith("card-review-1", StringComparison.Ordinal) == true, "card review");

        // Before the specialist looks, the patient sends the right card.
        await UploadAsync(host, id, Path.Combine("demo", "cards", "card-3003-commercial-ppo-clean.jpg"));

        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(120));
        Assert.Equal(ClearanceStage.Cleared, done.ReadOutputAs<ClearanceResult>()!.Stage);
        var steps = (await host.Registrations.GetStatusAsync(id, CancellationToken.None)).Steps.Select(s => s.Step).ToList();
        Assert.Equal(["card-received-2", "card-read-2", "eligibility-1", "auth-started", "auth-done", "cleared"], steps.TakeLast(6));
        var item = (await host.Services.GetRequiredService<Domain.Ports.IWorkItemStore>().GetAsync(id.Value, review.OpenWorkItemId!, CancellationToken.None)).Value;
        Assert.Equal(WorkItemStatus.Resolved, item.Status);
        Assert.Equal(SupersedeWorkItemActivity.Actor, item.ResolvedBy);
        Assert.StartsWith("Superseded", item.ResolutionNote, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkItemNotOpenException>(() =>
            host.Worklist.ResolveAsync(host.Client, id, new Resolution(item.Id, ResolutionAction.Continue, null), "specialist-3", CancellationToken.None));
    }

    [Fact]
    public async Task HandleUploaded_RefusedFileWhileAwaitingTheCard_NextReminderIsPleaseUploadAgain()
    {
        // Real time here: the upload URL's SAS is checked by Azurite against the real clock.
        await using var host = await StartAsync(cards: true);
        var id = await SubmitAsync(host, Samples.Form());
        await host.WaitForAsync(id, s => s.Stage == ClearanceStage.AwaitingCard, "awaiting card");
        var intake = host.Services.GetRequiredService<CardIntakeOperations>();
        var target = await intake.CreateUploadUrlAsync(host.Client, id, "front", "image/jpeg", CancellationToken.None);
        await new BlobClient(target.UploadUrl).UploadAsync(BinaryData.FromString("not an image at all"), overwrite: true);

        Assert.Equal(CardIntakeResult.Quarantined, await intake.HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None));

        var followUp = (await host.Store.GetAsync(id, CancellationToken.None)).Value.FollowUp!;
        Assert.Equal(PatientTask.RetakeCard, followUp.Task);
        Assert.Equal(1, (await host.Services.GetRequiredService<ReminderSweep>().RunAsync(host.Client, CancellationToken.None)).Enqueued);
        var message = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(MessagePurpose.CardUnreadable, message.Purpose); // sent now, or held by the patient's quiet hours
    }

    [Fact]
    public async Task RecheckSweep_VerifiedTwoWeeksAgoAndVisitInTwoDays_ChecksAgainOnce()
    {
        await using var host = await StartAsync();
        var id = await VerifiedLongAgoAsync(host, Samples.ActiveMember());
        var sweep = host.Services.GetRequiredService<EligibilityRecheckSweep>();

        var first = await sweep.RunAsync(host.Client, CancellationToken.None);
        var second = await sweep.RunAsync(host.Client, CancellationToken.None);

        Assert.Equal(1, first.Started);
        Assert.Equal(0, second.Started);
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        var instanceId = EligibilityRecheckOrchestrator.InstanceIdFor(registration);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        Assert.Equal(ClearanceStage.EligibilityVerified, done.ReadOutputAs<ClearanceStage>());
        registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Equal(ClearanceStage.EligibilityVerified, registration.Stage);
        Assert.Contains(registration.Steps, s => s.Step == EligibilityRecheckOrchestrator.StepName(registration.Appointment.ScheduledAt.ToUnixTimeSeconds(), 1));
        Assert.True(registration.Eligibility!.CheckedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Null(registration.EligibilityRecheckAt);
        Assert.Equal(0, (await sweep.RunAsync(host.Client, CancellationToken.None)).Due);
    }

    [Fact]
    public async Task RecheckSweep_CoverageEndedSinceTheFirstCheck_WorkItemForTheRecheckThenClose()
    {
        await using var host = await StartAsync();
        var inactive = Samples.Form() with
        {
            Patient = Samples.Form().Patient! with { GivenName = "Ian", FamilyName = "Inactive", BirthDate = "1970-07-01" },
            Insurance = new InsuranceForm("SANDBOX PPO HEALTH PLAN", "SBXPPO", "100000002", "GRP10001"),
        };
        var id = await VerifiedLongAgoAsync(host, inactive);

        Assert.Equal(1, (await host.Services.GetRequiredService<EligibilityRecheckSweep>().RunAsync(host.Client, CancellationToken.None)).Started);

        var attention = await host.WaitForAsync(id, s => s.Stage == ClearanceStage.NeedsAttention, "needs attention", TimeSpan.FromSeconds(90));
        var visitAt = (await host.Store.GetAsync(id, CancellationToken.None)).Value.Appointment.ScheduledAt.ToUnixTimeSeconds();
        Assert.Equal(WorkItem.IdFor(id.Value, EligibilityRecheckOrchestrator.StepName(visitAt, 1)), attention.OpenWorkItemId);
        var item = (await host.Services.GetRequiredService<Domain.Ports.IWorkItemStore>().GetAsync(id.Value, attention.OpenWorkItemId!, CancellationToken.None)).Value;
        Assert.Equal(WorkItemReason.CoverageInactive, item.Reason);
        Assert.StartsWith("recheck-", item.OrchestrationInstanceId, StringComparison.Ordinal);

        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(item.Id, ResolutionAction.Close, "patient will self-pay"), "specialist-3", CancellationToken.None);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(item.OrchestrationInstanceId!, getInputsAndOutputs: true, cts.Token);
        Assert.Equal(ClearanceStage.Incomplete, done.ReadOutputAs<ClearanceStage>());
        Assert.Equal(ClearanceStage.Incomplete, (await host.Registrations.GetStatusAsync(id, CancellationToken.None)).Stage);
    }

    /// <summary>A registration whose clearance ended verified two weeks ago, with the visit two days ahead now.</summary>
    private static async Task<RegistrationId> VerifiedLongAgoAsync(ClearanceHost host, RegistrationForm form)
    {
        var now = DateTimeOffset.UtcNow;
        form = form with
        {
            Appointment = form.Appointment! with
            {
                ScheduledAt = now.AddDays(2).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var registration = form.Validate(RegistrationId.New(Guid.NewGuid()), now.AddDays(-14));
        registration.RecordEligibility(Samples.ActiveSnapshot(now.AddDays(-14)), now.AddDays(-14));
        registration.Advance(ClearanceStage.EligibilityVerified, "eligibility-1", "1", null, now.AddDays(-14));
        Assert.True(await host.Store.TryCreateAsync(registration, CancellationToken.None));
        return registration.Id;
    }

    private static async Task UploadAsync(ClearanceHost host, RegistrationId id, string sample)
    {
        var intake = host.Services.GetRequiredService<CardIntakeOperations>();
        var target = await intake.CreateUploadUrlAsync(host.Client, id, "front", "image/jpeg", CancellationToken.None);
        var content = await File.ReadAllBytesAsync(Path.Combine(TestServers.RepoRoot(), "samples", sample));
        await new BlobClient(target.UploadUrl).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        Assert.Equal(CardIntakeResult.Accepted, await intake.HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None));
    }
}
