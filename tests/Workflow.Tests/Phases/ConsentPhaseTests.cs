using PatientAccess.Domain.Forms;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Forms;
using static PatientAccess.Workflow.Tests.Phases.ClearancePhaseTests;

namespace PatientAccess.Workflow.Tests.Phases;

/// <summary>
/// The consents phase over a scripted context: the clearance waits while a required form is unsigned, asks the store
/// again after every event, hands a specialist the case the day before the visit or after every reminder, and reviews
/// MSP answers that put another payer first. No engine, no emulators; the day-before timer is the context's.
/// </summary>
public class ConsentPhaseTests
{
    private static readonly FormsStatus OneMissing = new([FormKind.ConsentToTreat], TimeSpan.FromDays(2), false);
    private static readonly FormsStatus AllSigned = new([], TimeSpan.FromDays(2), false);

    /// <summary>A context whose card settles and coverage is active, and whose form checks answer <paramref name="checks"/> in turn (the last one repeats).</summary>
    private static ScriptedOrchestrationContext Context(params FormsStatus[] checks)
    {
        var asked = 0;
        var context = NewContext(call => call.Name == nameof(CheckFormsActivity) ? checks[Math.Min(asked++, checks.Length - 1)] : null);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));
        return context;
    }

    private static List<string> ConsentSteps(ScriptedOrchestrationContext context) =>
        StageChanges(context).Select(c => c.Step).SkipWhile(s => s != "auth-done").Skip(1) // the phases before: eligibility, then authorization
            .Where(s => s != "cleared").ToList(); // the clearance's own end after the estimate, not a step of this phase

    [Fact]
    public async Task Run_AllFormsSignedAlready_EndsClearedWithoutAWait()
    {
        var context = Context(AllSigned);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Empty(ConsentSteps(context));
        Assert.Equal("forms-check-1", Assert.Single(context.InputsTo<FormsCheck>(nameof(CheckFormsActivity))).Step);
    }

    [Fact]
    public async Task Run_FormMissing_WaitsForASignatureTheGiveUpAndTheDayBefore()
    {
        var context = Context(OneMissing);

        var run = RunAsync(context);

        Assert.False(run.IsCompleted);
        Assert.Equal(["await-forms-1"], ConsentSteps(context));
        var wait = context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last();
        Assert.Equal((ClearanceStage.AwaitingForms, PatientTask.SignForms, "Forms"), (wait.Stage, wait.Expect, wait.Awaiting));
        Assert.Contains(ClearanceEvents.FormSigned, context.Waiting);
        Assert.Contains(ClearanceEvents.PatientUnresponsive, context.Waiting);
    }

    [Fact]
    public async Task Run_SignedWhileWaiting_ChecksTheStoreAgainAndEndsCleared()
    {
        var context = Context(OneMissing, AllSigned);
        context.Raise(ClearanceEvents.FormSigned, new FormSignedEvent("sig-1"));

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Equal(["await-forms-1", "forms-signed-2"], ConsentSteps(context));
        Assert.Equal(["forms-check-1", "forms-check-2"], context.InputsTo<FormsCheck>(nameof(CheckFormsActivity)).Select(c => c.Step));
        Assert.Null(context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Last().Expect);
        // Out of the wait to the stage authorization reached, never back before it.
        Assert.Equal(ClearanceStage.Authorized, context.InputsTo<ProgressUpdate>(nameof(RecordProgressActivity)).Single(p => p.Step == "forms-signed-2").Stage);
    }

    [Fact]
    public async Task Run_OneOfTwoSigned_WaitsAgainForTheOther()
    {
        var two = OneMissing with { Missing = [FormKind.ConsentToTreat, FormKind.FinancialResponsibility] };
        var context = Context(two, OneMissing);
        context.Raise(ClearanceEvents.FormSigned, new FormSignedEvent("sig-1"));

        var run = RunAsync(context);

        Assert.False(run.IsCompleted);
        Assert.Equal(["await-forms-1", "await-forms-2"], ConsentSteps(context));
    }

    [Fact]
    public async Task Run_StillMissingTheDayBefore_WorkItemAndAClosedCaseEndsIncomplete()
    {
        var context = Context(OneMissing);
        context.TimersFire = true;
        Resolve(context, "forms-unsigned-1", ResolutionAction.Close);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Incomplete, result.Stage);
        Assert.Equal(["await-forms-1", "forms-unsigned-1", "forms-closed"], ConsentSteps(context));
        var item = Assert.Single(context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity)));
        Assert.Equal(WorkItemReason.FormsUnsigned, item.Reason);
        Assert.Contains("the day before the visit", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(PatientTask.SignForms, item.Nudge);
    }

    [Fact]
    public async Task Run_GiveUpOfThisWait_WorkItemThenPaperScanAndContinue_EndsCleared()
    {
        var context = Context(OneMissing, AllSigned);
        context.Raise(ClearanceEvents.PatientUnresponsive, new PatientUnresponsiveEvent("await-card-1", 3)); // an earlier wait's: skipped
        context.Raise(ClearanceEvents.PatientUnresponsive, new PatientUnresponsiveEvent("await-forms-1", 3));
        Resolve(context, "forms-unsigned-1", ResolutionAction.Continue);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Equal(["await-forms-1", "forms-unsigned-1", "forms-signed-2"], ConsentSteps(context));
        Assert.Contains("after every reminder", Assert.Single(context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity))).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SpecialistContinuesButTheFormIsStillUnsigned_WaitsAgainAndNeverEndsVerified()
    {
        var context = Context(OneMissing);
        context.TimersFire = true;
        for (var round = 1; round <= ConsentPhase.MaxRounds; round++) Resolve(context, $"forms-unsigned-{round}", ResolutionAction.Continue);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Incomplete, result.Stage);
        Assert.Equal("forms-rounds-exhausted", ConsentSteps(context).Last());
        Assert.Equal(ConsentPhase.MaxRounds, context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity)).Count());
    }

    [Fact]
    public async Task Run_MspPutsAnotherPayerFirst_ReviewedOnceBeforeTheFormsDecide()
    {
        var msp = AllSigned with { MspOtherPayerFirst = true };
        var context = Context(msp);
        Resolve(context, "msp-review-1", ResolutionAction.Continue);

        var result = await RunAsync(context);

        Assert.Equal(ClearanceStage.Cleared, result.Stage);
        Assert.Equal(["msp-review-1", "forms-signed-2"], ConsentSteps(context));
        Assert.Equal(WorkItemReason.MspReview, Assert.Single(context.InputsTo<WorkItemRequest>(nameof(OpenWorkItemActivity))).Reason);
        Assert.Equal(["forms-check-1", "forms-check-2"], context.InputsTo<FormsCheck>(nameof(CheckFormsActivity)).Select(c => c.Step));
    }
}
