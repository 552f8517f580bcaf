using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// Stuck or slow: judged only by the clearance's own recorded deadlines (its watch) and its children's, with the clock
/// a fake that the tests move on.
/// </summary>
public class StalledClearanceCheckTests
{
    private const string Child = "clearance-0123456789abcdef0123456789abcdef-eligibility-1";
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, ChildState?> NoChildren = [];

    private static ClearanceWatch Watch(string step, TimeSpan? within, params string[] children) =>
        new(step, Start.UtcDateTime, within is { } w ? Start.UtcDateTime + w : null, children.Length == 0 ? null : children);

    [Fact]
    public void Evaluate_StepPastItsOwnDeadline_StalledNamingTheStep()
    {
        var clock = new FakeTimeProvider(Start);
        var watch = Watch("eligibility-1", TimeSpan.FromMinutes(30), Child);
        var running = new Dictionary<string, ChildState?> { [Child] = new(OrchestrationRuntimeStatus.Running, Start, null) };

        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(StalledClearanceCheck.Evaluate(Start, watch, running, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));
        var stall = StalledClearanceCheck.Evaluate(Start, watch, running, clock.GetUtcNow());

        Assert.Equal("eligibility-1", stall!.Step);
        Assert.Contains("due to move on by 2026-11-28T15:30:00", stall.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WaitingForAPerson_NeverStalled()
    {
        var clock = new FakeTimeProvider(Start);
        clock.Advance(TimeSpan.FromDays(365));

        Assert.Null(StalledClearanceCheck.Evaluate(Start, Watch("card-deadline-1", null), NoChildren, clock.GetUtcNow()));
    }

    [Fact]
    public void Evaluate_ChildNeverStarted_StalledOnceTheAllowanceHasPassed()
    {
        var clock = new FakeTimeProvider(Start);
        var watch = Watch("auth-lines", null, Child);
        var missing = new Dictionary<string, ChildState?> { [Child] = null };

        clock.Advance(ClearanceWatch.StepAllowance);
        Assert.Null(StalledClearanceCheck.Evaluate(Start, watch, missing, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));

        var stall = StalledClearanceCheck.Evaluate(Start, watch, missing, clock.GetUtcNow());
        Assert.Equal("auth-lines", stall!.Step);
        Assert.Contains($"child {Child} never started", stall.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ChildPastItsOwnDeadline_StalledNamingBothSteps()
    {
        var clock = new FakeTimeProvider(Start);
        var line = "clearance-0123456789abcdef0123456789abcdef-auth-1";
        var lineWatch = Watch("auth-1-pended", TimeSpan.FromHours(4));
        var children = new Dictionary<string, ChildState?> { [line] = new(OrchestrationRuntimeStatus.Running, Start, lineWatch) };

        clock.Advance(TimeSpan.FromHours(4));
        Assert.Null(StalledClearanceCheck.Evaluate(Start, Watch("auth-lines", null, line), children, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("auth-lines/auth-1-pended", StalledClearanceCheck.Evaluate(Start, Watch("auth-lines", null, line), children, clock.GetUtcNow())!.Step);
    }

    [Fact]
    public void Evaluate_OneOfTwoLinesEnded_NotStalledUntilAllEndedAndTheAllowancePassed()
    {
        var clock = new FakeTimeProvider(Start);
        const string a = "clearance-x-auth-1", b = "clearance-x-auth-2";
        var watch = Watch("auth-lines", null, a, b);
        var oneEnded = new Dictionary<string, ChildState?>
        {
            [a] = new(OrchestrationRuntimeStatus.Completed, Start, null),
            [b] = new(OrchestrationRuntimeStatus.Running, Start, Watch("auth-2-pended", TimeSpan.FromDays(2))),
        };
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Null(StalledClearanceCheck.Evaluate(Start, watch, oneEnded, clock.GetUtcNow()));

        var bothEnded = new Dictionary<string, ChildState?>(oneEnded) { [b] = new(OrchestrationRuntimeStatus.Completed, clock.GetUtcNow(), null) };
        Assert.Null(StalledClearanceCheck.Evaluate(Start, watch, bothEnded, clock.GetUtcNow()));
        clock.Advance(ClearanceWatch.StepAllowance + TimeSpan.FromSeconds(1));

        var stall = StalledClearanceCheck.Evaluate(Start, watch, bothEnded, clock.GetUtcNow());
        Assert.Equal("auth-lines", stall!.Step);
        Assert.Contains("has not taken their answers", stall.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoWatchRecorded_StalledOnceTheAllowancePassedSinceItLastChanged()
    {
        var clock = new FakeTimeProvider(Start);
        clock.Advance(ClearanceWatch.StepAllowance);
        Assert.Null(StalledClearanceCheck.Evaluate(Start, null, NoChildren, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("(no step recorded)", StalledClearanceCheck.Evaluate(Start, null, NoChildren, clock.GetUtcNow())!.Step);
    }
}
