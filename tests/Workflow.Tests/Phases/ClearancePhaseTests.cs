using Microsoft.DurableTask;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Workflow.Tests.Phases;

/// <summary>
/// The clearance's phases and steps over a scripted orchestration context: which activities and sub-orchestrations are
/// called, in which order, with which step names, sequence numbers and child ids. No task engine, no emulators.
/// </summary>
public class ClearancePhaseTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";
    private static readonly string InstanceId = $"clearance-{Id}";
    private static readonly DateTime Now = new(2026, 11, 28, 15, 0, 0, DateTimeKind.Utc);

    private static ScriptedOrchestrationContext NewContext(Func<ScriptedCall, object?>? answer = null, string? instanceId = null)
    {
        var context = new ScriptedOrchestrationContext(instanceId ?? InstanceId, Now);
        context.Answer = call => AsAnswer(call, answer?.Invoke(call) ?? Default(call));
        return context;
    }

    /// <summary>An activity's output in the envelope the activities answer with (children answer plainly).</summary>
    private static object? AsAnswer(ScriptedCall call, object? output) =>
        output is StepAnswer || call.Name is nameof(EligibilityOrchestrator) or nameof(AuthorizationOrchestrator) ? output : StepAnswer.For(StepOf(call), output);

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
        _ => throw new InvalidOperationException($"Unexpected call {call.Name}."),
    };

    private static EligibilityOutcome Outcome(EligibilityOutcomeStatus status) => new(
        Id, status, status == EligibilityOutcomeStatus.Verified ? null : WorkItemReason.MemberNotFound, null,
        status == EligibilityOutcomeStatus.Verified ? "coverage-active" : "aaa-75", "explanation", "action", 1, false, null);

    private static Task<ClearanceResult> RunAsync(ScriptedOrchestrationContext context) =>
        new ClearanceOrchestrator().RunAsync(context, new ClearanceInput(Id, TimeSpan.FromDays(7)));

    private static void Resolve(ScriptedOrchestrationContext context, string step, ResolutionAction action) =>
        context.Raise(ClearanceEvents.WorkItemResolved, new WorkItemResolvedEvent(WorkItem.IdFor(Id, step), action));

    /// <summary>Every stage change in call order: progress steps and work items, with their sequence numbers.</summary>
    private static List<(string Step, long Sequence)> StageChanges(ScriptedOrchestrationContext context) =>
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

        Assert.Equal(ClearanceStage.Authorized, result.Stage);
        var changes = StageChanges(context);
        Assert.Equal(["clearance-started", "await-card-1", "card-received-1", "card-read-1", "eligibility-1", "auth-started", "auth-done"], changes.Select(c => c.Step));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], changes.Select(c => c.Sequence));
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

        Assert.Equal(ClearanceStage.Authorized, result.Stage);
        Assert.Empty(context.CallsTo(nameof(ReadCardActivity)));
        var changes = StageChanges(context);
        Assert.Equal(["clearance-started", "await-card-1", "card-deadline-1", "card-waived-1", "eligibility-1", "auth-started", "auth-done"], changes.Select(c => c.Step));
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

        Assert.Equal(ClearanceStage.Authorized, result.Stage);
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

        Assert.Equal(ClearanceStage.Authorized, result.Stage);
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

        Assert.Equal(ClearanceStage.Authorized, result.Stage);
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

        Assert.Equal(ClearanceStage.Authorized, result.Stage);
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

        Assert.Equal(ClearanceStage.Authorized, result.Stage);
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

    /// <summary>A re-check of a registration whose lines were authorized records Authorized again, never back to EligibilityVerified.</summary>
    [Fact]
    public async Task Recheck_AfterAnAuthorizedClearance_VerifiedKeepsTheAuthorizedStage()
    {
        const long visitAt = 1_800_000_000;
        var context = NewContext(instanceId: $"recheck-{Id}-{visitAt}");

        var stage = await new EligibilityRecheckOrchestrator().RunAsync(context, new EligibilityRecheckInput(Id, visitAt, StepSequence: 9, ClearanceStage.Authorized));

        Assert.Equal(ClearanceStage.Authorized, stage);
        Assert.Equal(ClearanceStage.Authorized, Assert.Single(context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity))).Stage);
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
}
