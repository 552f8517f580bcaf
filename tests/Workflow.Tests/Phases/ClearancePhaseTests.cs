using Microsoft.DurableTask;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.PriorAuth;
using PatientAccess.Workflow.Estimates;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Forms;

namespace PatientAccess.Workflow.Tests.Phases;

/// <summary>
/// The clearance's phases and steps over a scripted orchestration context: which activities and sub-orchestrations are
/// called, in which order, with which step names, sequence numbers and child ids. No task engine, no emulators.
/// </summary>
public class ClearancePhaseTests
{
    internal const string Id = "0123456789abcdef0123456789abcdef";
    private static readonly string InstanceId = $"clearance-{Id}";
    private static readonly DateTime Now = new(2026, 11, 28, 15, 0, 0, DateTimeKind.Utc);

    internal static ScriptedOrchestrationContext NewContext(Func<ScriptedCall, object?>? answer = null, string? instanceId = null)
    {
        var context = new ScriptedOrchestrationContext(instanceId ?? InstanceId, Now);
        context.Answer = call => AsAnswer(call, answer?.Invoke(call) ?? Default(call));
        return context;
    }

    /// <summary>An activity's output in the envelope the activities answer with (children answer plainly).</summary>
    private static object? AsAnswer(ScriptedCall call, object? output) =>
        output is StepAnswer || ReferenceEquals(output, ScriptedOrchestrationContext.NeverAnswered) || call.Name is nameof(EligibilityOrchestrator) or nameof(AuthorizationOrchestrator) ? output : StepAnswer.For(StepOf(call), output);

    private static string StepOf(ScriptedCall call) => call.Input switch
    {
        ProgressUpdate p => p.Step,
        WorkItemRequest w => w.Step,
        StepFailure f => f.Step,
        SupersedeRequest r => r.Step,
        ReadCardRequest c => c.Step!,
        AuthorizationLinesRequest l => l.Step,
        AuthorizationLineRequest l => l.Step,
        AuthorizationMessageRequest m => m.Step,
        EstimateActivityInput e => e.Step,
        PatientMessageRequest m => m.Step,
        FormsCheck f => f.Step,
        _ => throw new InvalidOperationException($"No step in the input of {call.Name}."),
    };

    private static object? Default(ScriptedCall call) => call.Name switch
    {
        nameof(RecordProgressActivity) => ((ProgressUpdate)call.Input!).Stage,
        nameof(OpenWorkItemActivity) => WorkItem.IdFor(Id, ((WorkItemRequest)call.Input!).Step),
        nameof(ReportStepFailedActivity) => WorkItem.IdFor(Id, ((StepFailure)call.Input!).Step),
        nameof(SupersedeWorkItemActivity) => true,
        nameof(ReadCardActivity) => new ReadCardResult(CardReadOutcome.Settled, "Coverage settled from the card data."),
        nameof(EligibilityOrchestrator) => Outcome(EligibilityOutcomeStatus.Verified),
        nameof(ListAuthorizationLinesActivity) => new[] { "1" },
        nameof(AuthorizationOrchestrator) => AuthorizationPhaseTests.Outcome(Id, ((AuthorizationInput)call.Input!).LineKey, Domain.PriorAuth.AuthorizationState.NotNeeded),
        nameof(RecordAuthorizationLineActivity) => Domain.PriorAuth.AuthorizationState.NotNeeded,
        nameof(ComputeEstimateActivity) => Estimate(((EstimateActivityInput)call.Input!).Step, EstimateOutcome.Estimated),
        nameof(SendPatientMessageActivity) => PatientMessageOutcome.Queued,
        nameof(CheckFormsActivity) => new FormsStatus([], TimeSpan.FromDays(3), false),
        _ => throw new InvalidOperationException($"Unexpected call {call.Name}."),
    };

    private static EligibilityOutcome Outcome(EligibilityOutcomeStatus status) => new(
        Id, status, status == EligibilityOutcomeStatus.Verified ? null : WorkItemReason.MemberNotFound, null,
        status == EligibilityOutcomeStatus.Verified ? "coverage-active" : "aaa-75", "explanation", "action", 1, false, null);

    private static EstimateActivityResult Estimate(string step, EstimateOutcome outcome, bool counseling = false) =>
        new(Id, $"{InstanceId}/{step}", $"est-{step}", outcome, outcome == EstimateOutcome.GoodFaithEstimate, counseling, false, false);

    internal static Task<ClearanceResult> RunAsync(ScriptedOrchestrationContext context, bool selfPay = false) =>
        new ClearanceOrchestrator().RunAsync(context, new ClearanceInput(Id, TimeSpan.FromDays(7), selfPay));

    internal static void Resolve(ScriptedOrchestrationContext context, string step, ResolutionAction action) =>
        context.Raise(ClearanceEvents.WorkItemResolved, new WorkItemResolvedEvent(WorkItem.IdFor(Id, step), action));

    /// <summary>Every stage change in call order: progress steps and work items, with their sequence numbers.</summary>
    internal static List<(string Step, long Sequence)> StageChanges(ScriptedOrchestrationContext context) =>
        context.Calls.Select(c => c.Input switch
        {
            ProgressUpdate p => (p.Step, p.Sequence ?? -1),
            WorkItemRequest w => (w.Step, w.Sequence ?? -1),
            StepFailure f => (f.Step, f.Sequence),
            _ => (string.Empty, 0L),
        }).Where(c => c.Item1.Length > 0).ToList();

    [Fact]
    public async Task Run_CardSettlesAndCoverageActive_PhasesInOrderWithRisingSequence()
    {
        var context = NewContext();
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        var changes = StageChanges(context);
        Assert.Equal(["clearance-started", "await-card-1", "card-received-1", "card-read-1", "eligibility-1", "auth-started", "auth-done", "cleared"], changes.Select(c => c.Step));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], changes.Select(c => c.Sequence));
        Assert.Equal("card-ocr-1", Assert.Single(context.InputsTo<ReadCardRequest>(nameof(ReadCardActivity))).Step);
        Assert.Equal($"{InstanceId}-eligibility-1", Assert.Single(context.CallsTo(nameof(EligibilityOrchestrator))).InstanceId);
    }

    [Fact]
    public async Task Run_DeadlinePassesThenContinue_WaivesTheCardWithoutReadingOne()
    {
        var context = NewContext();
        context.TimersFire = true;
        Resolve(context, "card-deadline-1", ResolutionAction.Continue);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Empty(context.CallsTo(nameof(ReadCardActivity)));
        var changes = StageChanges(context);
        Assert.Equal(["clearance-started", "await-card-1", "card-deadline-1", "card-waived-1", "eligibility-1", "auth-started", "auth-done", "cleared"], changes.Select(c => c.Step));
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequence numbers must rise");
    }

    [Fact]
    public async Task Run_EligibilityNeedsSpecialistWhoAsksThePatient_GoesBackToTheCardPhaseWithANewRound()
    {
        var rounds = 0;
        var context = NewContext(call => call.Name == nameof(EligibilityOrchestrator)
            ? Outcome(++rounds == 1 ? EligibilityOutcomeStatus.NeedsSpecialist : EligibilityOutcomeStatus.Verified)
            : null);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));
        Resolve(context, "eligibility-1", ResolutionAction.RetryPatientStep);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-2.jpg", "front"));

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        var secondWait = context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Single(p => p.Step == "await-card-2");
        Assert.Equal(PatientTask.ConfirmInsurance, secondWait.Expect);
        Assert.Equal([$"{InstanceId}-eligibility-1", $"{InstanceId}-eligibility-2"], context.CallsTo(nameof(EligibilityOrchestrator)).Select(c => c.InstanceId));
    }

    [Fact]
    public async Task Run_ReadCardFailsAfterItsRetries_StepFailedWorkItemThenTheStepRunsAgainOnContinue()
    {
        var reads = 0;
        var context = NewContext(call => call.Name == nameof(ReadCardActivity) && ++reads == 1
            ? throw ScriptedOrchestrationContext.Failure(nameof(ReadCardActivity), "PatientAccess.Tests.CardReaderBrokenException")
            : null);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));
        Resolve(context, "card-ocr-1-failed-1", ResolutionAction.Continue);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        var failure = Assert.Single(context.InputsTo<StepFailure>(nameof(ReportStepFailedActivity)));
        Assert.Equal("card-ocr-1", failure.FailedStep);
        Assert.Equal("CardReaderBrokenException", failure.ErrorType);
        Assert.Equal("card-ocr-1-failed-1", failure.Step);
        Assert.False(string.IsNullOrWhiteSpace(failure.CorrelationId));
        Assert.Equal(2, context.CallsTo(nameof(ReadCardActivity)).Count());
        var changes = StageChanges(context);
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequence numbers must rise");
    }

    [Fact]
    public async Task Run_StepFailedAndSpecialistCloses_EndsIncompleteAndRecordsTheClose()
    {
        var context = NewContext(call => call.Name == nameof(RecordProgressActivity) && ((ProgressUpdate)call.Input!).Step == "await-card-1"
            ? throw ScriptedOrchestrationContext.Failure(nameof(RecordProgressActivity), "System.InvalidOperationException")
            : null);
        Resolve(context, "await-card-1-failed-1", ResolutionAction.Close);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Incomplete, result.Stage);
        var last = context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last();
        Assert.Equal(("closed-after-failure", ClearanceStage.Incomplete), (last.Step, last.Stage));
    }

    [Fact]
    public async Task Run_EligibilityRoundFails_RunsAgainUnderAFreshChildId()
    {
        var children = 0;
        var context = NewContext(call => call.Name == nameof(EligibilityOrchestrator) && ++children == 1
            ? throw ScriptedOrchestrationContext.Failure(nameof(EligibilityOrchestrator), "System.ArgumentException")
            : null);
        context.TimersFire = true;
        Resolve(context, "card-deadline-1", ResolutionAction.Continue);
        Resolve(context, "eligibility-1-failed-1", ResolutionAction.Continue);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Equal([$"{InstanceId}-eligibility-1", $"{InstanceId}-eligibility-1-2"], context.CallsTo(nameof(EligibilityOrchestrator)).Select(c => c.InstanceId));
    }

    [Fact]
    public async Task Run_StepKeepsFailing_OrchestrationFailsAfterMaxStepFailures()
    {
        var context = NewContext(call => call.Name == nameof(ReadCardActivity)
            ? throw ScriptedOrchestrationContext.Failure(nameof(ReadCardActivity), "System.IO.IOException")
            : null);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));
        for (var failure = 1; failure < ClearanceSteps.MaxStepFailures; failure++) Resolve(context, $"card-ocr-1-failed-{failure}", ResolutionAction.Continue);

        await Assert.ThrowsAsync<TaskFailedException>(() => RunAsync(context));

        Assert.Equal(ClearanceSteps.MaxStepFailures - 1, context.CallsTo(nameof(ReportStepFailedActivity)).Count());
        Assert.Equal(ClearanceSteps.MaxStepFailures, context.CallsTo(nameof(ReadCardActivity)).Count());
    }

    /// <summary>
    /// After a kill, the card wait ran again with the photo in hand (the first run had taken the deadline branch), and
    /// the first run's leftover work-item activity answers the card branch's first task. The stray answer is
    /// discarded, the step asked again under a newer sequence number, and the clearance goes on.
    /// </summary>
    [Fact]
    public async Task Run_StrayAnswerOfTheOtherBranch_DiscardedAndTheStepAskedAgainWithANewNumber()
    {
        var strays = 0;
        var context = NewContext(call => call.Input is ProgressUpdate { Step: "card-received-1" } && ++strays == 1
            ? StepAnswer.For("card-deadline-1", WorkItem.IdFor(Id, "card-deadline-1"))
            : null);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        var asked = context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Where(p => p.Step == "card-received-1").ToList();
        Assert.Equal(2, asked.Count);
        Assert.True(asked[1].Sequence > asked[0].Sequence, "the step is asked again with a newer number");
        Assert.Single(context.CallsTo(nameof(ReadCardActivity)));
        var changes = StageChanges(context);
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequence numbers must rise");
    }

    /// <summary>A stage change refused because a stray's effect took its number is asked again; a refused step never passes as done.</summary>
    [Fact]
    public async Task Run_StageChangeRefusedAsStale_AskedAgainUntilApplied()
    {
        var refusals = 0;
        var context = NewContext(call => call.Input is WorkItemRequest { Step: "card-deadline-1" } request && ++refusals == 1
            ? StepAnswer.For(request.Step, WorkItem.IdFor(Id, request.Step), refused: true)
            : null);
        context.TimersFire = true;
        Resolve(context, "card-deadline-1", ResolutionAction.Continue);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Equal(2, context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity)).Count());
    }

    /// <summary>Answers that keep naming other steps (or none) fail the orchestration visibly after a bound, never pass as this step's.</summary>
    [Fact]
    public async Task Run_OnlyStrayAnswers_FailsAfterMaxStrayAnswers()
    {
        var context = NewContext(call => call.Input is ProgressUpdate { Step: "await-card-1" } ? new StepAnswer(null, "7") : null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(context));

        Assert.Equal(ClearanceSteps.MaxStrayAnswers + 1, context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Count(p => p.Step == "await-card-1"));
    }

    [Fact]
    public async Task Run_NoCardYet_WaitsForTheCardTheGiveUpAndNothingElse()
    {
        var context = NewContext();

        var run = RunAsync(context);

        Assert.False(run.IsCompleted);
        Assert.Equal([ClearanceEvents.CardUploaded, ClearanceEvents.PatientUnresponsive], context.Waiting);
        Assert.Equal(PatientTask.UploadCard, context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last().Expect);
    }

    [Fact]
    public async Task Recheck_AfterAFinishedClearance_NumbersItsStepsAfterTheClearancesAndNamesThemByTheVisit()
    {
        const long visitAt = 1_800_000_000;
        var recheckId = $"recheck-{Id}-{visitAt}";
        var context = NewContext(instanceId: recheckId);

        var stage = await new EligibilityRecheckOrchestrator().RunAsync(context, new EligibilityRecheckInput(Id, visitAt, StepSequence: 9));

        Assert.Equal(ClearanceStage.EligibilityVerified, stage);
        Assert.Equal($"{recheckId}-eligibility-1", Assert.Single(context.CallsTo(nameof(EligibilityOrchestrator))).InstanceId);
        var progress = Assert.Single(context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)));
        Assert.Equal((EligibilityRecheckOrchestrator.StepName(visitAt, 1), 10L), (progress.Step, progress.Sequence!.Value));
    }

    [Fact]
    public async Task Recheck_OfAClearedRegistration_RecordsClearedAgain()
    {
        const long visitAt = 1_800_000_000;
        var context = NewContext(instanceId: $"recheck-{Id}-{visitAt}");

        var stage = await new EligibilityRecheckOrchestrator().RunAsync(context, new EligibilityRecheckInput(Id, visitAt, 9, ClearanceStage.Cleared));

        Assert.Equal(ClearanceStage.Cleared, stage);
        Assert.Equal(ClearanceStage.Cleared, Assert.Single(context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity))).Stage);
    }

    [Fact]
    public async Task Run_CoverageVerified_EstimatesTellsThePatientAndEndsClearedWithEstimate()
    {
        var context = NewContext();
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        var estimate = Assert.Single(context.InputsTo<EstimateActivityInput>(nameof(ComputeEstimateActivity)));
        Assert.Equal(new EstimateActivityInput(Id, $"{InstanceId}/estimate-1", "estimate-1"), estimate);
        var message = Assert.Single(context.InputsTo<PatientMessageRequest>(nameof(SendPatientMessageActivity)));
        Assert.Equal(new PatientMessageRequest(Id, "estimate-1-message", MessagePurpose.EstimateReady, 0), message);
        var names = context.Calls.Select(c => c.Name).ToList();
        Assert.True(names.IndexOf(nameof(EligibilityOrchestrator)) < names.IndexOf(nameof(AuthorizationOrchestrator)), "authorization after eligibility");
        Assert.True(names.IndexOf(nameof(AuthorizationOrchestrator)) < names.IndexOf(nameof(ComputeEstimateActivity)), "the estimate after authorization");
        Assert.True(names.IndexOf(nameof(ComputeEstimateActivity)) < names.IndexOf(nameof(CheckFormsActivity)), "the consents after the estimate");
        Assert.True(names.IndexOf(nameof(ComputeEstimateActivity)) < names.IndexOf(nameof(SendPatientMessageActivity)));
        var last = context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last();
        Assert.Equal(("cleared", ClearanceStage.Cleared, "cleared with estimate", (PatientTask?)null), (last.Step, last.Stage, last.Outcome, last.Expect));
        Assert.Empty(context.CallsTo(nameof(OpenWorkItemActivity)));
    }

    [Fact]
    public async Task Run_SelfPay_NoCardNoPayerAGoodFaithEstimateAndCleared()
    {
        var context = NewContext(call => call.Name == nameof(ComputeEstimateActivity)
            ? Estimate(((EstimateActivityInput)call.Input!).Step, EstimateOutcome.GoodFaithEstimate)
            : null);

        var result = await RunAsync(context, selfPay: true);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Empty(context.CallsTo(nameof(ReadCardActivity)));
        Assert.Empty(context.CallsTo(nameof(EligibilityOrchestrator)));
        Assert.Empty(context.CallsTo(nameof(ListAuthorizationLinesActivity)));
        Assert.Empty(context.CallsTo(nameof(AuthorizationOrchestrator)));
        Assert.Empty(context.Waiting);
        Assert.Equal(["clearance-started", "auth-not-asked", "cleared"], StageChanges(context).Select(c => c.Step));
        var notAsked = context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Single(p => p.Step == "auth-not-asked");
        Assert.Equal((ClearanceStage.Authorized, AuthorizationPhase.NotAskedSelfPay), (notAsked.Stage, notAsked.Outcome));
        Assert.Single(context.CallsTo(nameof(SendPatientMessageActivity)));
    }

    [Fact]
    public async Task Run_ShareAtTheCounselingThreshold_PatientToldFirstThenACounselorThenClearedOnContinue()
    {
        var context = NewContext(call => call.Name == nameof(ComputeEstimateActivity)
            ? Estimate(((EstimateActivityInput)call.Input!).Step, EstimateOutcome.Estimated, counseling: true)
            : null);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));
        Resolve(context, "estimate-1-counseling", ResolutionAction.Continue);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        var item = Assert.Single(context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity)));
        Assert.Equal((WorkItemReason.FinancialCounseling, ClearanceStage.NeedsAttention), (item.Reason, item.StageWhileOpen));
        var names = context.Calls.Select(c => c.Name).ToList();
        Assert.True(names.IndexOf(nameof(SendPatientMessageActivity)) < names.IndexOf(nameof(OpenWorkItemActivity)), "the estimate goes out before the counselor is asked (Good Faith Estimate deadline)");
        Assert.Single(context.CallsTo(nameof(ComputeEstimateActivity)));
        var changes = StageChanges(context);
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequence numbers must rise");
    }

    [Fact]
    public async Task Run_CounselorClosesTheCase_EndsIncompleteWithoutClearing()
    {
        var context = NewContext(call => call.Name == nameof(ComputeEstimateActivity)
            ? Estimate(((EstimateActivityInput)call.Input!).Step, EstimateOutcome.GoodFaithEstimate, counseling: true)
            : null);
        Resolve(context, "estimate-1-counseling", ResolutionAction.Close);

        var result = await RunAsync(context, selfPay: true);

        Assert.Equal(ClearanceStage.Incomplete, result.Stage);
        Assert.DoesNotContain(context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)), p => p.Stage == ClearanceStage.Cleared);
    }

    [Fact]
    public async Task Run_EstimateLacksAPriceThenRetry_EstimatesAgainUnderANewStepAndMessage()
    {
        var estimates = 0;
        var context = NewContext(call => call.Name == nameof(ComputeEstimateActivity)
            ? Estimate(((EstimateActivityInput)call.Input!).Step, ++estimates == 1 ? EstimateOutcome.NotEnoughInformation : EstimateOutcome.Estimated)
            : null);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));
        Resolve(context, "estimate-1-incomplete", ResolutionAction.RetryPatientStep);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Equal(WorkItemReason.EstimateIncomplete, Assert.Single(context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity))).Reason);
        Assert.Equal(["estimate-1", "estimate-2"], context.InputsTo<EstimateActivityInput>(nameof(ComputeEstimateActivity)).Select(e => e.Step));
        Assert.Equal([0, 1], context.InputsTo<PatientMessageRequest>(nameof(SendPatientMessageActivity)).Select(m => m.Sequence));
    }
}
