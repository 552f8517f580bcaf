using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Integrations;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Operations;
using PatientAccess.Workflow.Portal;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// Cancelling and moving a visit (issue 15, "Visits that change") against the in-process task engine, the Cosmos emulator,
/// Azurite, the real card reader and the payer sandbox: the clearance stops and nothing of it runs after.
/// </summary>
public sealed class VisitChangeTests
{
    /// <summary>The real card reader, held at its start until the test lets it go: a read "in flight".</summary>
    private sealed class HeldReader(ICardReader inner) : ICardReader
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return await inner.ReadAsync(image, contentType, cancellationToken);
        }
    }

    private static async Task<(ClearanceHost Host, HeldReader Reader)> StartAsync()
    {
        HeldReader? held = null;
        var host = await ClearanceHost.StartAsync(configure: services =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CardStorage:connectionString"] = TestServers.AzuriteConnection,
            }).Build();
            services.AddCardIntake(configuration);
            var real = services.Last(d => d.ServiceType == typeof(ICardReader));
            services.Remove(real);
            services.AddSingleton<ICardReader>(sp => held = new HeldReader(real.ImplementationFactory is { } factory
                ? (ICardReader)factory(sp)
                : (ICardReader)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
            services.PostConfigure<ClearanceOptions>(o => o.CardWaitTimeout = TimeSpan.FromMinutes(10));
            services.Configure<ReminderOptions>(o => o.FacilityName = "Springfield Clinic");
            services.Configure<PortalOptions>(o => o.BaseUrl = new Uri("https://portal.example.org/"));
        });
        _ = host.Services.GetRequiredService<ICardReader>();
        return (host, held!);
    }

    private static async Task UploadAsync(ClearanceHost host, RegistrationId id, string sample)
    {
        var intake = host.Services.GetRequiredService<CardIntakeOperations>();
        var target = await intake.CreateUploadUrlAsync(host.Client, id, "front", "image/jpeg", CancellationToken.None);
        var content = await File.ReadAllBytesAsync(Path.Combine(TestServers.RepoRoot(), "samples", sample));
        await new BlobClient(target.UploadUrl).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        Assert.Equal(CardIntakeResult.Accepted, await intake.HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_WhileACardReadIsInFlight_NothingOfTheClearanceRunsAfter()
    {
        var (host, reader) = await StartAsync();
        await using var _ = host;
        var submitted = await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), Samples.ActiveMember(), Samples.Body(Samples.ActiveMember()), CancellationToken.None);
        var id = submitted.RegistrationId;
        await host.WaitForStageAsync(id, ClearanceStage.AwaitingCard);
        await UploadAsync(host, id, Path.Combine("demo", "cards", "card-3003-commercial-ppo-clean.jpg"));
        await reader.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var visits = host.Services.GetRequiredService<VisitChangeOperations>();
        var result = await visits.CancelAsync(host.Client, id, new CancellationRequest(" patient moved to another city ", Confirmation: false), "scheduler-2", CancellationToken.None);
        reader.Release.SetResult();

        Assert.False(result.Replayed);
        Assert.Null(result.Confirmation);
        var instance = await host.Client.GetInstanceAsync(id.ClearanceInstanceId, getInputsAndOutputs: false);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, instance!.RuntimeStatus);
        // Give the read that was in flight time to finish and anything it could set off time to run.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Equal(ClearanceStage.Cancelled, registration.Stage);
        Assert.Equal("cancelled", registration.Steps[^1].Step);
        Assert.Equal(("patient moved to another city", "scheduler-2", false), (registration.Cancellation!.Reason, registration.Cancellation.By, registration.Cancellation.ConfirmationRequested));
        Assert.Null(registration.FollowUp);
        Assert.Null(registration.Eligibility); // no payer question after the cancellation
        Assert.DoesNotContain(registration.Steps, s => s.Step.StartsWith("card-read", StringComparison.Ordinal) || s.Step.StartsWith("eligibility", StringComparison.Ordinal));
        Assert.Empty(await host.Services.GetRequiredService<IWorkItemStore>().ListForRegistrationAsync(id.Value, CancellationToken.None));
        Assert.Equal(0, (await host.Services.GetRequiredService<StoppedClearanceSweep>().RunAsync(host.Client, CancellationToken.None)).Opened);
        Assert.DoesNotContain(await host.Services.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None),
            m => m.CreatedUtc >= registration.Cancellation.At);
    }

    [Fact]
    public async Task Cancel_WithAnOpenWorkItemTwiceWithAConfirmation_ClosesTheItemOnceAndConfirmsOnce()
    {
        await using var host = await ClearanceHost.StartAsync(configure: services =>
        {
            services.Configure<ReminderOptions>(o => o.FacilityName = "Springfield Clinic");
            services.Configure<PortalOptions>(o => o.BaseUrl = new Uri("https://portal.example.org/"));
        });
        var form = Samples.Form();
        var id = (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
        var waiting = await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention); // the card deadline passed
        var visits = host.Services.GetRequiredService<VisitChangeOperations>();

        var first = await visits.CancelAsync(host.Client, id, new CancellationRequest("patient cancelled by phone", Confirmation: true), "scheduler-2", CancellationToken.None);
        var again = await visits.CancelAsync(host.Client, id, new CancellationRequest("another reason", Confirmation: true), "scheduler-3", CancellationToken.None);

        Assert.Equal((false, 1), (first.Replayed, first.WorkItemsClosed));
        Assert.Equal((true, 0, first.CancelledAt), (again.Replayed, again.WorkItemsClosed, again.CancelledAt));
        var item = (await host.Services.GetRequiredService<IWorkItemStore>().GetAsync(id.Value, waiting.OpenWorkItemId!, CancellationToken.None)).Value;
        Assert.Equal((WorkItemStatus.Resolved, ResolutionAction.Close, "scheduler-2"), (item.Status, item.Resolution, item.ResolvedBy));
        Assert.Contains("patient cancelled by phone", item.ResolutionNote, StringComparison.Ordinal);
        var confirmations = (await host.Services.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None))
            .Where(m => m.Purpose == MessagePurpose.VisitCancelled).ToList();
        Assert.Equal(PatientMessageOutcome.Queued, first.Confirmation);
        Assert.Single(confirmations);
        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal((ClearanceStage.Cancelled, (string?)null, (string?)null), (status.Stage, status.OpenWorkItemId, status.Awaiting));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("reason\u0007with a bell")]
    public async Task Cancel_WithoutAUsableReason_RefusedNamingTheFieldAndNothingChanges(string? reason)
    {
        await using var host = await ClearanceHost.StartAsync();
        var form = Samples.Form();
        var id = (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;

        var e = await Assert.ThrowsAsync<ValidationException>(() =>
            host.Services.GetRequiredService<VisitChangeOperations>().CancelAsync(host.Client, id, new CancellationRequest(reason, null), "scheduler-2", CancellationToken.None));

        Assert.Equal("reason", Assert.Single(e.Errors).Field);
        Assert.NotEqual(ClearanceStage.Cancelled, (await host.Store.GetAsync(id, CancellationToken.None)).Value.Stage);
    }

    /// <summary>
    /// The sandbox's active member for a lower-extremity MRI (73721), which the sandbox payer pends and never decides:
    /// submitted, past the card deadline (a specialist continues) and eligibility, until the line waits for the payer.
    /// </summary>
    private static async Task<RegistrationId> WaitingForTheSilentPayerAsync(ClearanceHost host)
    {
        var active = Samples.ActiveMember();
        var form = active with { Appointment = active.Appointment! with { ServiceCodes = ["73721"] } };
        var id = (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
        await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention); // the card deadline (3 s here) passed
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(null, ResolutionAction.Continue, "insurance confirmed by phone"), "specialist-7", CancellationToken.None);
        await host.WaitForAsync(id, s => s.Authorizations is [{ State: AuthorizationState.Pended }], "the line pended by the silent payer", TimeSpan.FromSeconds(90));
        return id;
    }

    /// <summary>
    /// A visit cancelled while its authorization line waits for the payer: the clearance stops, and the line (a child the
    /// cancellation leaves running for this) cancels its request at the payer and records it, and nothing else runs.
    /// </summary>
    [Fact]
    public async Task Cancel_WhileAnAuthorizationLineWaitsForThePayer_TheLineCancelsAtThePayerAndTheClearanceStops()
    {
        await using var host = await ClearanceHost.StartAsync();
        var id = await WaitingForTheSilentPayerAsync(host);

        var result = await host.Services.GetRequiredService<VisitChangeOperations>().CancelAsync(host.Client, id,
            new CancellationRequest("patient cancelled by phone", null), "scheduler-2", CancellationToken.None);

        Assert.Equal(1, result.AuthorizationsCancelled);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await host.Client.WaitForInstanceCompletionAsync(PriorAuthInstances.For(id.Value, "1"), getInputsAndOutputs: true, cts.Token);
        Assert.Equal(AuthorizationState.Cancelled, line.ReadOutputAs<AuthorizationOutcome>()!.State);
        Assert.All(TestServers.Sandbox.Authorizations.Find(AuthorizationRecord.IdFor(id.Value, "1"))!.Decisions.Values, d => Assert.Equal("C", d.ReviewAction));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.GetInstanceAsync(id.ClearanceInstanceId, getInputsAndOutputs: false))!.RuntimeStatus);
        await Task.Delay(TimeSpan.FromSeconds(3)); // anything the line's end could set off
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Equal(ClearanceStage.Cancelled, registration.Stage);
        Assert.Equal(AuthorizationState.Cancelled, Assert.Single(registration.Authorizations).State);
        Assert.DoesNotContain(await host.Services.GetRequiredService<IWorkItemStore>().ListForRegistrationAsync(id.Value, CancellationToken.None), w => w.Status == WorkItemStatus.Open);
    }

    /// <summary>
    /// A visit moved outside the dates its waiting authorization asked for: the request is cancelled at the payer and the
    /// line goes to a specialist, whose continue settles it; the clearance goes on to the estimate (which lacks a price
    /// for 73721: its item, continued) and ends Cleared.
    /// </summary>
    [Fact]
    public async Task Reschedule_WhileAnAuthorizationLineWaits_RequestCancelledLineToASpecialistThenEstimateAndCleared()
    {
        await using var host = await ClearanceHost.StartAsync();
        var id = await WaitingForTheSilentPayerAsync(host);
        var appointment = (await host.Store.GetAsync(id, CancellationToken.None)).Value.Appointment;
        var moved = Samples.ActiveMember().Appointment! with
        {
            ScheduledAt = appointment.ScheduledAt.AddDays(2).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ServiceCodes = ["73721"],
        };

        var result = await host.Services.GetRequiredService<VisitChangeOperations>().RescheduleAsync(host.Client, id, moved, "scheduler-2", CancellationToken.None);

        Assert.Equal(1, result.AuthorizationsOutsideTheVisit);
        var item = WorkItem.IdFor(id.Value, "auth-1-cancelled");
        var waiting = await host.WaitForAsync(id, s => s.OpenWorkItemId == item, "the cancelled line's work item", TimeSpan.FromSeconds(90));
        Assert.Equal(ClearanceStage.NeedsAttention, waiting.Stage);
        Assert.Equal(WorkItemReason.AuthorizationCancelled, (await host.Services.GetRequiredService<IWorkItemStore>().GetAsync(id.Value, item, CancellationToken.None)).Value.Reason);
        Assert.All(TestServers.Sandbox.Authorizations.Find(AuthorizationRecord.IdFor(id.Value, "1"))!.Decisions.Values, d => Assert.Equal("C", d.ReviewAction));

        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(item, ResolutionAction.Continue, "new authorization by phone"), "specialist-7", CancellationToken.None);
        var estimate = await host.WaitForAsync(id, s => s.OpenWorkItemId == WorkItem.IdFor(id.Value, "estimate-1-incomplete"), "the estimate's item", TimeSpan.FromSeconds(90));
        Assert.Equal(AuthorizationSettledBy.Specialist, Assert.Single(estimate.Authorizations!).SettledBy);
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(estimate.OpenWorkItemId, ResolutionAction.Continue, null), "specialist-7", CancellationToken.None);
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(90));
        Assert.Equal(ClearanceStage.Cleared, done.ReadOutputAs<ClearanceResult>()!.Stage);
    }

    private static AppointmentForm MovedTo(DateTimeOffset at) => Samples.ActiveMember().Appointment! with
    {
        ScheduledAt = at.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A cleared registration of the sandbox's active member whose eligibility answer covers up to <paramref name="coverageEnd"/>.</summary>
    private static async Task<Registration> ClearedAsync(ClearanceHost host, DateOnly coverageEnd)
    {
        var registration = Samples.ActiveMember().Validate(RegistrationId.New(Guid.NewGuid()), DateTimeOffset.UtcNow, "America/Chicago");
        registration.SettleCoverage(new CoverageToCheck("SBXPPO", "SANDBOX PPO HEALTH PLAN", "100000001", "GRP10001", CoverageSource.Typed), DateTimeOffset.UtcNow);
        registration.RecordEligibility(Samples.ActiveSnapshot(DateTimeOffset.UtcNow) with { CoverageStart = new DateOnly(2020, 1, 1), CoverageEnd = coverageEnd }, DateTimeOffset.UtcNow);
        registration.Advance(ClearanceStage.Cleared, "cleared", "cleared with estimate", null, DateTimeOffset.UtcNow, sequence: 7);
        await host.Store.TryCreateAsync(registration, CancellationToken.None);
        return registration;
    }

    [Fact]
    public async Task Reschedule_PastTheCoverageEndDate_ChecksEligibilityAgainForTheNewVisit()
    {
        await using var host = await ClearanceHost.StartAsync();
        var visit = DateTimeOffset.UtcNow.AddDays(10);
        var registration = await ClearedAsync(host, DateOnly.FromDateTime(visit.UtcDateTime.AddDays(3)));
        var visits = host.Services.GetRequiredService<VisitChangeOperations>();
        var later = visit.AddDays(14);

        var moved = await visits.RescheduleAsync(host.Client, registration.Id, MovedTo(later), "scheduler-2", CancellationToken.None);
        var again = await visits.RescheduleAsync(host.Client, registration.Id, MovedTo(later), "scheduler-2", CancellationToken.None);

        Assert.Equal((false, true, $"recheck-{registration.Id.Value}-{later.ToUnixTimeSeconds()}"), (moved.Replayed, moved.EligibilityStale, moved.EligibilityRecheck));
        Assert.True(again.Replayed);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await host.Client.WaitForInstanceCompletionAsync(moved.EligibilityRecheck!, getInputsAndOutputs: true, cts.Token);
        Assert.Equal(ClearanceStage.Cleared, done.ReadOutputAs<ClearanceStage>());
        var stored = (await host.Store.GetAsync(registration.Id, CancellationToken.None)).Value;
        Assert.Equal(later.ToUnixTimeSeconds(), stored.Appointment.ScheduledAt.ToUnixTimeSeconds());
        Assert.Equal(ClearanceStage.Cleared, stored.Stage);
        Assert.True(stored.Eligibility!.CheckedAt > registration.Eligibility!.CheckedAt, "the payer was asked again for the new date");
        Assert.Single(stored.Steps, s => s.Step == "rescheduled" && s.Outcome == "visit moved outside the checked coverage");
    }

    [Fact]
    public async Task Reschedule_WithinTheCoverageDates_NoNewPayerQuestion()
    {
        await using var host = await ClearanceHost.StartAsync();
        var visit = DateTimeOffset.UtcNow.AddDays(10);
        var registration = await ClearedAsync(host, DateOnly.FromDateTime(visit.UtcDateTime.AddDays(60)));

        var moved = await host.Services.GetRequiredService<VisitChangeOperations>().RescheduleAsync(host.Client, registration.Id, MovedTo(visit.AddDays(7)), "scheduler-2", CancellationToken.None);

        Assert.Equal((false, false, (string?)null), (moved.Replayed, moved.EligibilityStale, moved.EligibilityRecheck));
        var stored = (await host.Store.GetAsync(registration.Id, CancellationToken.None)).Value;
        Assert.Equal(registration.Eligibility!.CheckedAt, stored.Eligibility!.CheckedAt);
        Assert.Equal(stored.Appointment.ScheduledAt - Registration.EligibilityRecheckLead, stored.EligibilityRecheckAt); // the re-check date follows the visit
    }

    [Fact]
    public async Task Reschedule_InvalidAppointment_FieldLevelErrorsAndNothingMoves()
    {
        await using var host = await ClearanceHost.StartAsync();
        var registration = await ClearedAsync(host, new DateOnly(2099, 1, 1));
        var bad = MovedTo(DateTimeOffset.UtcNow.AddDays(5)) with { ScheduledAt = "next tuesday", ServiceCodes = ["99213", "ABC"] };

        var e = await Assert.ThrowsAsync<ValidationException>(() =>
            host.Services.GetRequiredService<VisitChangeOperations>().RescheduleAsync(host.Client, registration.Id, bad, "scheduler-2", CancellationToken.None));

        Assert.Equal(["scheduledAt", "serviceCodes[1]"], e.Errors.Select(x => x.Field).Order());
        Assert.Equal(registration.Appointment.ScheduledAt, (await host.Store.GetAsync(registration.Id, CancellationToken.None)).Value.Appointment.ScheduledAt);
    }

    /// <summary>
    /// Two visits cancelled while the clearance's children are in flight: one in its eligibility round (the payer call
    /// held), one with its authorization request on its way to the payer (held too). Each child is stopped by its own id
    /// (the in-process engine does not apply a recursive termination), the calls already on their way finish, and
    /// nothing runs after the cancellations: no payer question, no message, no stage change.
    /// </summary>
    [Fact]
    public async Task Cancel_WhileAnEligibilityRoundAndAnAuthorizationAreInFlight_NothingRunsAfter()
    {
        var eligibility = new PayerCalls { Hold = "eligibility" };
        var authorization = new PayerCalls { Hold = "submit" };
        await using var host = await ClearanceHost.StartAsync(configure: services =>
        {
            PayerCalls.Wrap<Domain.Eligibility.IEligibilityGateway>(services, inner => new CountedEligibilityGateway(inner, eligibility));
            PayerCalls.Wrap<IPriorAuthGateway>(services, inner => new CountedPriorAuthGateway(inner, authorization));
            services.Configure<ReminderOptions>(o => o.FacilityName = "Springfield Clinic");
            services.Configure<PortalOptions>(o => o.BaseUrl = new Uri("https://portal.example.org/"));
        });
        async Task<RegistrationId> PastTheCardAsync(RegistrationForm form)
        {
            var id = (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
            await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention); // the card deadline (3 s here) passed
            await host.Worklist.ResolveAsync(host.Client, id, new Resolution(null, ResolutionAction.Continue, "insurance confirmed by phone"), "specialist-7", CancellationToken.None);
            return id;
        }
        var inEligibility = await PastTheCardAsync(Samples.Form());
        await eligibility.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var inAuthorization = await PastTheCardAsync(Samples.ActiveMember()); // 70551 needs an authorization
        await authorization.Entered.Task.WaitAsync(TimeSpan.FromSeconds(90));
        var visits = host.Services.GetRequiredService<VisitChangeOperations>();

        await visits.CancelAsync(host.Client, inEligibility, new CancellationRequest("patient cancelled by phone", null), "scheduler-2", CancellationToken.None);
        await visits.CancelAsync(host.Client, inAuthorization, new CancellationRequest("patient cancelled by phone", null), "scheduler-2", CancellationToken.None);
        var cancelled = DateTimeOffset.UtcNow;
        eligibility.Release.SetResult();
        authorization.Release.SetResult();
        await Task.Delay(TimeSpan.FromSeconds(8)); // the held calls finish; anything they could set off has time to run

        var round = ClearanceSteps.EligibilityInstanceId(inEligibility.ClearanceInstanceId, 1);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.GetInstanceAsync(round, getInputsAndOutputs: false))!.RuntimeStatus);
        Assert.DoesNotContain(eligibility.Calls, c => c.At > cancelled);
        Assert.DoesNotContain(authorization.Calls, c => c.At > cancelled && c.Kind != "cancel");
        var outbox = host.Services.GetRequiredService<INotificationOutbox>();
        foreach (var id in new[] { inEligibility, inAuthorization })
        {
            var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
            Assert.Equal((ClearanceStage.Cancelled, "cancelled"), (registration.Stage, registration.Steps[^1].Step));
            Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.GetInstanceAsync(id.ClearanceInstanceId, getInputsAndOutputs: false))!.RuntimeStatus);
            Assert.DoesNotContain(await outbox.ListForRegistrationAsync(id, CancellationToken.None), m => m.CreatedUtc >= registration.Cancellation!.At);
            Assert.DoesNotContain(await host.Services.GetRequiredService<IWorkItemStore>().ListForRegistrationAsync(id.Value, CancellationToken.None), w => w.Status == WorkItemStatus.Open);
        }
    }
}
