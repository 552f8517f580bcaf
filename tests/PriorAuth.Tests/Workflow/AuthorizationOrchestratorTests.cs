using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.WorkItems;
using PatientAccess.PriorAuth.Tests.Infrastructure;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.PriorAuth.Tests.Workflow;

/// <summary>Whole authorization flows in the Durable test host over the sandbox payer, Cosmos and Azurite.</summary>
[Collection(nameof(PriorAuthHostGroup))]
public sealed class AuthorizationOrchestratorTests(PriorAuthHost host)
{
    [Fact]
    public async Task Run_OfficeVisitOnThePayersList_NotNeededAndNothingSent()
    {
        var registration = Registrations.For("SBXPPO", "100000001", "99213");

        var outcome = await host.RunAsync(registration);

        Assert.Equal((AuthorizationState.NotNeeded, AuthorizationNeedPolicy.PayerRuleNotRequired), (outcome.State, outcome.ReasonCode));
        var record = await host.RecordAsync(registration);
        Assert.Null(record.SubmissionId);
        Assert.Contains("office and emergency visits", record.Need!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ApproveAtOnce_ApprovedWithNumberDatesAndTimeToDecisionOnTheRecord()
    {
        var registration = Registrations.For("SBXPPO", UniqueMember(), "70551");

        var outcome = await host.RunAsync(registration);

        Assert.Equal((AuthorizationState.Approved, "A1", "review-a1"), (outcome.State, outcome.ReviewActionCode, outcome.ReasonCode));
        Assert.Null(outcome.WorkItemReason);
        var record = await host.RecordAsync(registration);
        Assert.StartsWith("SBXAUTH", record.Decision!.AuthorizationNumber, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 12, 15), record.Decision.ApprovedFrom);
        Assert.NotNull(record.TimeToDecision);
        Assert.NotNull(record.LastResponseBlob);
        Assert.Equal(record.Id, record.SubmissionId);
    }

    [Fact]
    public async Task Run_SecondVisitSameMemberAndCode_ReusesTheApprovalOnFileWithoutAskingThePayer()
    {
        var member = UniqueMember();
        var first = Registrations.For("SBXPPO", member, "70551");
        Assert.Equal(AuthorizationState.Approved, (await host.RunAsync(first)).State);
        var submissionsBefore = host.Sandbox.Authorizations.Submissions.Count;

        var second = Registrations.For("SBXPPO", member, "70551");
        var outcome = await host.RunAsync(second);

        Assert.Equal(AuthorizationState.Reused, outcome.State);
        Assert.Equal(submissionsBefore, host.Sandbox.Authorizations.Submissions.Count);
        Assert.NotNull((await host.RecordAsync(second)).ReusedFrom);
    }

    [Fact]
    public async Task Run_PendedThenApprovedBySubscriptionNotification_DecidedWithoutPolling()
    {
        await host.SubscribeAsync();
        var registration = Registrations.For("SBXPPO", "100000001", "70553");

        var outcome = await host.RunAsync(registration, poll: TimeSpan.FromHours(1));

        Assert.Equal(AuthorizationState.Approved, outcome.State);
        Assert.Equal(0, outcome.Inquiries);
        var record = await host.RecordAsync(registration);
        Assert.Equal(0, record.Inquiries);
        Assert.True(record.TimeToDecision >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Run_PendedThenDeniedWithoutSubscription_PollFindsItAndTheOutcomeCarriesTheWorkItem()
    {
        var registration = Registrations.For("SBXPPO", "100000002", "72148");

        var outcome = await host.RunAsync(registration, poll: TimeSpan.FromSeconds(2));

        Assert.Equal((AuthorizationState.Denied, "A3", WorkItemReason.AuthorizationDenied), (outcome.State, outcome.ReviewActionCode, outcome.WorkItemReason));
        Assert.Contains("peer-to-peer", outcome.SuggestedAction, StringComparison.Ordinal);
        Assert.InRange(outcome.Inquiries, 1, 10);
    }

    [Fact]
    public async Task Run_ModifyUnits_ModifiedWorkItemNamesTheLineAndTheApprovedUnits()
    {
        var registration = Registrations.For("SBXPPO", "100000001", "99213", "97110");

        var outcome = await host.RunAsync(registration, lineKey: "2");

        Assert.Equal((AuthorizationState.Modified, WorkItemReason.AuthorizationModified), (outcome.State, outcome.WorkItemReason));
        Assert.Contains("Service line 2", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PayerSilentPastTheClock_OverdueWorkItemsAtWarningAndDeadlineThenCancelCloses()
    {
        var registration = Registrations.For("SBXPPO", "100000001", "73721");
        await host.Registrations.TryCreateAsync(registration, CancellationToken.None);
        var instanceId = await host.StartAsync(registration, poll: TimeSpan.FromHours(1), window: TimeSpan.FromSeconds(6));

        var deadlineItem = WorkItem.IdFor(registration.Id.Value, "auth-1-overdue");
        await Eventually(async () => (await host.WorkItems.ListOpenAsync(WorkItemReason.AuthorizationOverdue, 500, CancellationToken.None)).Any(w => w.Id == deadlineItem));
        var items = (await host.WorkItems.ListOpenAsync(WorkItemReason.AuthorizationOverdue, 500, CancellationToken.None)).Where(w => w.RegistrationId == registration.Id.Value).ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, w => Assert.Equal(instanceId, w.OrchestrationInstanceId));
        Assert.Contains(items, w => w.Explanation.Contains("passed its", StringComparison.Ordinal));

        await host.Client.RaiseEventAsync(instanceId, PriorAuthEvents.CancelRequested, new AuthorizationCancelEvent("visit cancelled"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancel.Token);
        Assert.Equal(AuthorizationState.Cancelled, metadata.ReadOutputAs<AuthorizationOutcome>()!.State);
        Assert.Equal("C", host.Sandbox.Authorizations.Find(registration.Id.Value + "-auth-1")!.Decisions[1].ReviewAction);
        Assert.DoesNotContain((await host.WorkItems.ListOpenAsync(WorkItemReason.AuthorizationOverdue, 500, CancellationToken.None)), w => w.RegistrationId == registration.Id.Value);
    }

    [Fact]
    public async Task Run_X12PayerApprovesAtOnce_Approved()
    {
        var registration = Registrations.For("SBXHMO", "H00000001", "70551");

        var outcome = await host.RunAsync(registration);

        Assert.Equal((AuthorizationState.Approved, "A1"), (outcome.State, outcome.ReviewActionCode));
        Assert.EndsWith(".x12", (await host.RecordAsync(registration)).LastResponseBlob, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_X12MemberUnknown_RejectedWithTheIssueForASpecialist()
    {
        var registration = Registrations.For("SBXHMO", "H99999999", "70551");

        var outcome = await host.RunAsync(registration);

        Assert.Equal((AuthorizationState.Rejected, WorkItemReason.AuthorizationRequestRejected), (outcome.State, outcome.WorkItemReason));
        Assert.Contains("AAA 75", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Twice_SameInstanceSubmitsOnce()
    {
        var registration = Registrations.For("SBXPPO", "100000001", "70551", "29881");

        var first = await host.RunAsync(registration, lineKey: "2");
        await host.Client.PurgeInstanceAsync(PriorAuthInstances.For(registration.Id.Value, "2"));
        var again = await host.RunAsync(registration, lineKey: "2");

        Assert.Equal(AuthorizationState.Denied, first.State);
        Assert.Equal(first.State, again.State);
        Assert.Equal(1, host.Sandbox.Authorizations.SubmitCalls(registration.Id.Value + "-auth-2"));
    }

    /// <summary>
    /// Kill safety of the submit step: a process killed after the payer answered but before the answer was recorded
    /// leaves the record Submitted, and the step runs again. It asks the payer first ($inquire), finds the request and
    /// its decision, and does not submit a second time.
    /// </summary>
    [Fact]
    public async Task SubmitStep_RepeatedAfterAKillBetweenTheAnswerAndItsRecord_AsksThePayerAndSubmitsOnce()
    {
        var registration = Registrations.For("SBXPPO", UniqueMember(), "29881");
        await host.Registrations.TryCreateAsync(registration, CancellationToken.None);
        var step = new AuthorizationStep(registration.Id.Value, "1");
        var context = new ActivityContext(PriorAuthInstances.For(registration.Id.Value, "1"), nameof(SubmitAuthorizationActivity));
        Assert.Equal(AuthorizationState.Open, (await Activity<DecideAuthorizationActivity>().RunAsync(context, step)).State);
        var first = await Activity<SubmitAuthorizationActivity>().RunAsync(context, step);
        Assert.Equal(AuthorizationState.Denied, first.State);

        // The kill: the record as the step left it before its call (Submitted), the payer's answer never written.
        var stored = (await host.Authorizations.FindAsync(registration.Id.Value, "1", CancellationToken.None))!;
        await host.Authorizations.SaveAsync(stored.Value with { State = AuthorizationState.Submitted, Decision = null, DecidedAt = null, TimeToDecision = null, Clock = null },
            stored.ETag, CancellationToken.None);
        var again = await Activity<SubmitAuthorizationActivity>().RunAsync(context, step);

        Assert.Equal(AuthorizationState.Denied, again.State);
        Assert.Equal(1, host.Sandbox.Authorizations.SubmitCalls(registration.Id.Value + "-auth-1"));
        Assert.Equal("A3", (await host.RecordAsync(registration)).Decision!.ReviewActionCode);
    }

    private T Activity<T>() => ActivatorUtilities.CreateInstance<T>(host.Services);

    private sealed class ActivityContext(string instanceId, string name) : TaskActivityContext
    {
        public override TaskName Name => new(name);

        public override string InstanceId => instanceId;
    }

    [Fact]
    public async Task Logs_WholeFlows_CarryNoPatientValues()
    {
        var registration = Registrations.For("SBXPPO", "100000001", "97110");
        await host.RunAsync(registration);

        var text = string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        Assert.Null(PhiText.FirstIn(text, ["JANE", "ACTIVE", "100000001", "H00000001", "Test Street", "1985", "19850314", "03/14/1985"]));
    }

    /// <summary>A member of its own per test, so approvals on file from other tests are not reused.</summary>
    private static string UniqueMember() => "2" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(90), "the condition did not hold in time");
            await Task.Delay(250);
        }
    }
}

[CollectionDefinition(nameof(PriorAuthHostGroup))]
public sealed class PriorAuthHostGroup : ICollectionFixture<PriorAuthHost>;
