using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Workflow.Tests.Phases;

/// <summary>
/// The prior-authorization phase over a scripted orchestration context: one child per service line under the line's
/// routed instance id, all started before any is recorded, decisions recorded on the registration, work items one at a
/// time, the patient's message, and the step-failed safety net for a broken line. No task engine, no emulators.
/// </summary>
public class AuthorizationPhaseTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";
    private static readonly string InstanceId = $"clearance-{Id}";
    private static readonly DateTime Now = new(2026, 11, 28, 15, 0, 0, DateTimeKind.Utc);

    /// <summary>An outcome as the line's orchestration returns it; the work-item fields as phase 1 fills them for states that need a person.</summary>
    public static AuthorizationOutcome Outcome(string registrationId, string lineKey, AuthorizationState state, WorkItemReason? reason = null) =>
        new(registrationId, lineKey, state, state.ToString().ToLowerInvariant(), state == AuthorizationState.Approved ? "A1" : null, reason,
            reason is null ? null : $"Service line {lineKey}: explanation", reason is null ? null : "what to do", null, null, 0);

    private static ScriptedOrchestrationContext NewContext(string[] lines, Func<string, int, AuthorizationOutcome> line)
    {
        var children = new Dictionary<string, int>();
        var context = new ScriptedOrchestrationContext(InstanceId, Now);
        context.Answer = call =>
        {
            if (call.Name == nameof(AuthorizationOrchestrator))
            {
                var key = ((AuthorizationInput)call.Input!).LineKey;
                children[key] = children.GetValueOrDefault(key) + 1;
                return line(key, children[key]);
            }
            return call.Input switch
            {
                AuthorizationLinesRequest l => StepAnswer.For(l.Step, lines),
                AuthorizationLineRequest l => StepAnswer.For(l.Step, AuthorizationState.Approved),
                AuthorizationMessageRequest m => StepAnswer.For(m.Step, true),
                ProgressUpdate p => StepAnswer.For(p.Step, p.Stage),
                WorkItemRequest w => StepAnswer.For(w.Step, WorkItem.IdFor(Id, w.Step)),
                StepFailure f => StepAnswer.For(f.Step, WorkItem.IdFor(Id, f.Step)),
                _ => throw new InvalidOperationException($"Unexpected call {call.Name}."),
            };
        };
        return context;
    }

    private static Task<PhaseOutcome> RunAsync(ScriptedOrchestrationContext context, AuthorizationSettings? settings = null) =>
        AuthorizationPhase.RunAsync(new ClearanceSteps(context, Id), new ClearanceInput(Id, TimeSpan.FromDays(7), Authorization: settings));

    private static void Resolve(ScriptedOrchestrationContext context, string step, ResolutionAction action) =>
        context.Raise(ClearanceEvents.WorkItemResolved, new WorkItemResolvedEvent(WorkItem.IdFor(Id, step), action));

    [Fact]
    public async Task Run_OneApprovedOneNotNeeded_ChildrenStartedTogetherUnderRoutedIdsThenRecordedAndVisitReady()
    {
        var context = NewContext(["1", "2"], (key, _) => Outcome(Id, key, key == "1" ? AuthorizationState.NotNeeded : AuthorizationState.Approved));

        var outcome = await RunAsync(context, new AuthorizationSettings(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)));

        Assert.Equal(PhaseOutcome.Done, outcome);
        var children = context.CallsTo(nameof(AuthorizationOrchestrator)).ToList();
        Assert.Equal([PriorAuthInstances.For(Id, "1"), PriorAuthInstances.For(Id, "2")], children.Select(c => c.InstanceId));
        var input = (AuthorizationInput)children[1].Input!;
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1)), (input.PollInterval!.Value, input.DecisionWindow!.Value));
        var names = context.Calls.Select(c => c.Name).ToList();
        Assert.True(names.LastIndexOf(nameof(AuthorizationOrchestrator)) < names.IndexOf(nameof(RecordAuthorizationLineActivity)), "every line starts before any is recorded");
        Assert.Equal(["auth-1-recorded", "auth-2-recorded"], context.InputsTo<AuthorizationLineRequest>(nameof(RecordAuthorizationLineActivity)).Select(r => r.Step));
        Assert.Equal(MessagePurpose.VisitReady, Assert.Single(context.InputsTo<AuthorizationMessageRequest>(nameof(SendAuthorizationMessageActivity))).Purpose);
        Assert.Empty(context.CallsTo(nameof(OpenWorkItemActivity)));
        var progress = context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).ToList();
        Assert.Equal([("auth-started", ClearanceStage.AuthorizationPending), ("auth-done", ClearanceStage.Authorized)], progress.Select(p => (p.Step, p.Stage)));
        Assert.Equal("1 NotNeeded, 1 Approved", progress[1].Outcome);
    }

    [Fact]
    public async Task Run_NoLineNeedsAuthorization_PassesWithoutAPatientMessage()
    {
        var context = NewContext(["1"], (key, _) => Outcome(Id, key, AuthorizationState.NotNeeded));

        Assert.Equal(PhaseOutcome.Done, await RunAsync(context));

        Assert.Empty(context.CallsTo(nameof(SendAuthorizationMessageActivity)));
        Assert.Single(context.CallsTo(nameof(RecordAuthorizationLineActivity)));
    }

    [Fact]
    public async Task Run_DeniedAndModifiedThenContinue_WorkItemsOneAtATimeSettledBySpecialistAndTheFamilyTold()
    {
        var context = NewContext(["1", "2"], (key, _) => key == "1"
            ? Outcome(Id, key, AuthorizationState.Denied, WorkItemReason.AuthorizationDenied)
            : Outcome(Id, key, AuthorizationState.Modified, WorkItemReason.AuthorizationModified));
        Resolve(context, "auth-1-denied", ResolutionAction.Continue);
        Resolve(context, "auth-2-modified", ResolutionAction.Continue);

        Assert.Equal(PhaseOutcome.Done, await RunAsync(context));

        var items = context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity)).ToList();
        Assert.Equal([("auth-1-denied", WorkItemReason.AuthorizationDenied), ("auth-2-modified", WorkItemReason.AuthorizationModified)], items.Select(i => (i.Step, i.Reason)));
        Assert.All(items, i => Assert.Contains(AuthorizationFollowUp.Resolution, i.SuggestedAction, StringComparison.Ordinal));
        Assert.Equal(MessagePurpose.AuthorizationUpdate, Assert.Single(context.InputsTo<AuthorizationMessageRequest>(nameof(SendAuthorizationMessageActivity))).Purpose);
        var settled = context.InputsTo<AuthorizationLineRequest>(nameof(RecordAuthorizationLineActivity)).Where(r => r.SettledBy == AuthorizationSettledBy.Specialist).ToList();
        Assert.Equal([WorkItem.IdFor(Id, "auth-1-denied"), WorkItem.IdFor(Id, "auth-2-modified")], settled.Select(r => r.WorkItemId));
        Assert.Equal(ClearanceStage.Authorized, context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last().Stage);
    }

    [Fact]
    public async Task Run_SecondWorkItemNotOpenedUntilTheFirstIsResolved()
    {
        var context = NewContext(["1", "2"], (key, _) => Outcome(Id, key, AuthorizationState.Denied, WorkItemReason.AuthorizationDenied));

        var run = RunAsync(context);

        Assert.False(run.IsCompleted);
        Assert.Equal("auth-1-denied", Assert.Single(context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity))).Step);
    }

    [Fact]
    public async Task Run_DeniedAndClosed_EndsIncomplete()
    {
        var context = NewContext(["1"], (key, _) => Outcome(Id, key, AuthorizationState.Denied, WorkItemReason.AuthorizationDenied));
        Resolve(context, "auth-1-denied", ResolutionAction.Close);

        Assert.Equal(PhaseOutcome.Ended, await RunAsync(context));

        var last = context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last();
        Assert.Equal(("closed", ClearanceStage.Incomplete), (last.Step, last.Stage));
    }

    [Fact]
    public async Task Run_StillPendedPastTheClock_OverdueWorkItemForTheLine()
    {
        var context = NewContext(["1"], (key, _) => Outcome(Id, key, AuthorizationState.Pended, WorkItemReason.AuthorizationOverdue));
        Resolve(context, "auth-1-pended", ResolutionAction.Continue);

        Assert.Equal(PhaseOutcome.Done, await RunAsync(context));

        Assert.Equal(WorkItemReason.AuthorizationOverdue, Assert.Single(context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity))).Reason);
    }

    /// <summary>A line whose orchestration fails (its decide step broken after retries) ends in a StepFailed item naming the line; continue runs it again under a fresh child id.</summary>
    [Fact]
    public async Task Run_LineFailsAfterItsRetries_StepFailedNamingTheLineThenRunsAgainUnderAFreshChildId()
    {
        var context = NewContext(["1", "2"], (key, run) => key == "2" && run == 1
            ? throw ScriptedOrchestrationContext.Failure(nameof(AuthorizationOrchestrator), "PatientAccess.Domain.Common.NotFoundException")
            : Outcome(Id, key, AuthorizationState.Approved));
        Resolve(context, "auth-2-failed-1", ResolutionAction.Continue);

        Assert.Equal(PhaseOutcome.Done, await RunAsync(context));

        var failure = Assert.Single(context.InputsTo<StepFailure>(nameof(ReportStepFailedActivity)));
        Assert.Equal(("auth-2", "NotFoundException"), (failure.FailedStep, failure.ErrorType));
        Assert.Equal([PriorAuthInstances.For(Id, "1"), PriorAuthInstances.For(Id, "2"), PriorAuthInstances.For(Id, "2") + "-2"],
            context.CallsTo(nameof(AuthorizationOrchestrator)).Select(c => c.InstanceId));
    }

    /// <summary>
    /// A line cancelled while the clearance still runs (a reschedule moved the visit outside its dates, or its overdue
    /// item was closed) goes to a specialist; continue settles it and the clearance goes on (to the estimate).
    /// </summary>
    [Fact]
    public async Task Run_LineCancelledWhileTheVisitStands_WorkItemThenContinueGoesOn()
    {
        var context = NewContext(["1"], (key, _) => Outcome(Id, key, AuthorizationState.Cancelled));
        Resolve(context, "auth-1-cancelled", ResolutionAction.Continue);

        Assert.Equal(PhaseOutcome.Done, await RunAsync(context));

        var item = Assert.Single(context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity)));
        Assert.Equal(("auth-1-cancelled", WorkItemReason.AuthorizationCancelled), (item.Step, item.Reason));
        Assert.Contains("Service line 1", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(MessagePurpose.AuthorizationUpdate, Assert.Single(context.InputsTo<AuthorizationMessageRequest>(nameof(SendAuthorizationMessageActivity))).Purpose);
        var settled = context.InputsTo<AuthorizationLineRequest>(nameof(RecordAuthorizationLineActivity)).Last();
        Assert.Equal(("auth-1-cancelled-settled", AuthorizationSettledBy.Specialist), (settled.Step, settled.SettledBy));
        Assert.Equal(ClearanceStage.Authorized, context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last().Stage);
    }

    [Fact]
    public async Task Run_LineCancelledAndTheSpecialistCloses_EndsIncomplete()
    {
        var context = NewContext(["1"], (key, _) => Outcome(Id, key, AuthorizationState.Cancelled));
        Resolve(context, "auth-1-cancelled", ResolutionAction.Close);

        Assert.Equal(PhaseOutcome.Ended, await RunAsync(context));

        Assert.Equal(ClearanceStage.Incomplete, context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last().Stage);
    }

    [Fact]
    public async Task Run_SelfPay_NotAskedNoLinesNoMessage()
    {
        var context = NewContext(["1"], (key, _) => Outcome(Id, key, AuthorizationState.Approved));

        var outcome = await AuthorizationPhase.RunAsync(new ClearanceSteps(context, Id), new ClearanceInput(Id, TimeSpan.FromDays(7), SelfPay: true));

        Assert.Equal(PhaseOutcome.Done, outcome);
        Assert.Empty(context.CallsTo(nameof(ListAuthorizationLinesActivity)));
        Assert.Empty(context.CallsTo(nameof(AuthorizationOrchestrator)));
        Assert.Empty(context.CallsTo(nameof(SendAuthorizationMessageActivity)));
        var progress = Assert.Single(context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)));
        Assert.Equal(("auth-not-asked", ClearanceStage.Authorized, AuthorizationPhase.NotAskedSelfPay), (progress.Step, progress.Stage, progress.Outcome));
    }

    [Fact]
    public async Task Run_OutcomeOfAnotherLine_FailsVisiblyInsteadOfPassingAsThisLinesDecision()
    {
        var context = NewContext(["1"], (_, _) => Outcome(Id, "9", AuthorizationState.Approved));

        await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(context));
    }

    [Fact]
    public void PatientMessage_Outcomes_ReadyOnlyWhenAnAuthorizationWasInvolved()
    {
        Assert.Null(AuthorizationPhase.PatientMessage([Outcome(Id, "1", AuthorizationState.NotNeeded)]));
        Assert.Equal(MessagePurpose.VisitReady, AuthorizationPhase.PatientMessage([Outcome(Id, "1", AuthorizationState.NotNeeded), Outcome(Id, "2", AuthorizationState.Reused)]));
        Assert.Equal(MessagePurpose.AuthorizationUpdate, AuthorizationPhase.PatientMessage([Outcome(Id, "1", AuthorizationState.Approved), Outcome(Id, "2", AuthorizationState.Rejected, WorkItemReason.AuthorizationRequestRejected)]));
    }
}
