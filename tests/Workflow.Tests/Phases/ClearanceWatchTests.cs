using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Workflow.Tests.Phases;

/// <summary>
/// The clearance's watch (its custom status): every step and wait records the step and the deadline its own retry
/// policy or timer gives, so a stuck clearance can be told from a slow one. Over a scripted context, no engine.
/// </summary>
public class ClearanceWatchTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 15, 0, 0, DateTimeKind.Utc);

    private static ClearanceWatch LastWatch(ScriptedOrchestrationContext context) =>
        Assert.IsType<ClearanceWatch>(context.Statuses.LastOrDefault(s => s is ClearanceWatch));

    private static Task<ClearanceResult> Start(ScriptedOrchestrationContext context) => ClearancePhaseTests.RunAsync(context);

    [Fact]
    public void Run_EligibilityRoundNeverAnswers_WatchNamesTheRoundItsChildAndTheRoundsOwnBudget()
    {
        var context = ClearancePhaseTests.NewContext(call => call.Name == nameof(EligibilityOrchestrator) ? ScriptedOrchestrationContext.NeverAnswered : null);
        context.Raise(ClearanceEvents.CardUploaded, new CardUploadedEvent("insurance-cards/r/front-1.jpg", "front"));

        var run = Start(context);

        Assert.False(run.IsCompleted);
        var watch = LastWatch(context);
        Assert.Equal(("eligibility-1", Now, Now + EligibilityOrchestrator.Budget(new EligibilityInput(ClearancePhaseTests.Id))), (watch.Step, watch.Since, watch.DueBy));
        Assert.Equal([$"clearance-{ClearancePhaseTests.Id}-eligibility-1"], watch.Children);
        // The budget is the round's retry policy's (two questions, five attempts each), not a guess.
        Assert.Equal(2 * ClearanceWatch.RetryBudget(5, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5)), watch.DueBy - Now);
    }

    [Fact]
    public void Run_ProgressActivityNeverAnswers_WatchDueWithinTheStepAllowance()
    {
        var context = ClearancePhaseTests.NewContext(call => call.Name == nameof(RecordProgressActivity) ? ScriptedOrchestrationContext.NeverAnswered : null);

        _ = Start(context);

        var watch = LastWatch(context);
        Assert.Equal(("clearance-started", Now + ClearanceWatch.StepAllowance), (watch.Step, watch.DueBy));
        Assert.Null(watch.Children);
        Assert.Equal(TimeSpan.FromMinutes(14.5) + TimeSpan.FromSeconds(1), ClearanceWatch.StepAllowance); // 6 x 2 min + 31 s + 2 min
    }

    [Fact]
    public void Run_WaitingForTheCard_WatchDueAtTheCardDeadlineAndTheAllowance()
    {
        var context = ClearancePhaseTests.NewContext();

        _ = Start(context);

        var watch = LastWatch(context);
        Assert.Equal(("await-card-1", Now + TimeSpan.FromDays(7) + ClearanceWatch.StepAllowance), (watch.Step, watch.DueBy));
    }

    [Fact]
    public void Run_WaitingForASpecialist_WatchWithoutADeadline()
    {
        var context = ClearancePhaseTests.NewContext();
        context.TimersFire = true; // the card deadline passes: its work item waits for a person

        _ = Start(context);

        var watch = LastWatch(context);
        Assert.Equal(("card-deadline-1", (DateTime?)null), (watch.Step, watch.DueBy));
        Assert.Contains(context.Calls, c => c.Input is WorkItemRequest { Reason: WorkItemReason.CardNotReceived });
    }

    [Fact]
    public void Parse_WhatTheEngineStores_ReadsBackAndIgnoresOtherStatuses()
    {
        var watch = new ClearanceWatch("eligibility-1", Now, Now.AddMinutes(45), ["clearance-x-eligibility-1"]);
        var pascal = System.Text.Json.JsonSerializer.Serialize(watch);
        var camel = System.Text.Json.JsonSerializer.Serialize(watch, Samples.Json);

        Assert.Equal(watch with { Children = null }, ClearanceWatch.Parse(pascal)! with { Children = null });
        Assert.Equal(["clearance-x-eligibility-1"], ClearanceWatch.Parse(camel)!.Children);
        Assert.Null(ClearanceWatch.Parse(null));
        Assert.Null(ClearanceWatch.Parse("\"a plain string status\""));
        Assert.Null(ClearanceWatch.Parse("{\"other\":1}"));
    }
}
