using Microsoft.DurableTask.Client;
using PatientAccess.Workflow.Clearance;

namespace PatientAccess.Workflow.Operations;

/// <summary>What the engine says of a child orchestration a clearance waits for (null when it has no such instance).</summary>
public sealed record ChildState(OrchestrationRuntimeStatus Status, DateTimeOffset LastUpdatedAt, ClearanceWatch? Watch);

/// <summary>A clearance that is Running but stuck: the step it is stuck in and why it counts as stuck (ids and times only).</summary>
public sealed record Stall(string Step, string Why);

/// <summary>
/// Tells a stuck clearance from a slow one by the clearance's own deadlines (<see cref="ClearanceWatch"/>), never by a
/// guess of how long things take:
/// <list type="bullet">
/// <item>its watch's deadline has passed (a step outlived its retry policy's whole budget, a wait outlived its timer);</item>
/// <item>a child it waits for never started, <see cref="ClearanceWatch.StepAllowance"/> after the wait began;</item>
/// <item>every child it waits for has ended, and the clearance has not taken their answers within the allowance;</item>
/// <item>a child it waits for is past its own watch's deadline;</item>
/// <item>it has no watch at all (its first episode never ran) the allowance after it last changed.</item>
/// </list>
/// A clearance waiting for a person (no deadline, no children) is never stuck: its work item is on the worklist.
/// </summary>
public static class StalledClearanceCheck
{
    public static Stall? Evaluate(DateTimeOffset lastUpdatedAt, ClearanceWatch? watch, IReadOnlyDictionary<string, ChildState?> children, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(children);
        var allowance = ClearanceWatch.StepAllowance;
        if (watch is null)
        {
            return now > lastUpdatedAt + allowance
                ? new Stall("(no step recorded)", $"no step recorded since {lastUpdatedAt:O}")
                : null;
        }
        var since = Utc(watch.Since);
        if (watch.DueBy is { } due && now > Utc(due))
        {
            return new Stall(watch.Step, $"due to move on by {Utc(due):O}; in this step since {since:O}");
        }
        var waited = watch.Children ?? [];
        var states = waited.Select(id => (Id: id, State: children.GetValueOrDefault(id))).ToList();
        if (states.FirstOrDefault(c => c.State is null) is { Id: { } missing } && now > since + allowance)
        {
            return new Stall(watch.Step, $"its child {missing} never started (waiting since {since:O})");
        }
        foreach (var (id, state) in states)
        {
            if (state is { Status: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending, Watch: { DueBy: { } childDue } childWatch }
                && now > Utc(childDue))
            {
                return new Stall($"{watch.Step}/{childWatch.Step}", $"its child {id} was due to move on by {Utc(childDue):O}");
            }
        }
        if (states.Count > 0 && states.All(c => c.State is { } s && Ended(s.Status)))
        {
            var lastEnded = states.Max(c => c.State!.LastUpdatedAt);
            if (now > lastEnded + allowance)
            {
                return new Stall(watch.Step, $"its children ended by {lastEnded:O} and it has not taken their answers");
            }
        }
        return null;
    }

    private static bool Ended(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
