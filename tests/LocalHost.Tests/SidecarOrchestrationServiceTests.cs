using DurableTask.Core;
using DurableTask.Core.History;

namespace PatientAccess.LocalHost.Tests;

/// <summary>
/// The engine wrapper's repairs that need no storage: a child's start the same however often the parent's episode
/// runs (the kill test's stall, issue 11), and one running message per activity task.
/// </summary>
public class SidecarOrchestrationServiceTests
{
    private static readonly OrchestrationInstance Parent = new() { InstanceId = "clearance-0123456789abcdef0123456789abcdef", ExecutionId = "parent-execution" };

    /// <summary>A child start as the sidecar writes it: a fresh random execution id each time the parent's episode runs.</summary>
    private static TaskMessage ChildStart(string childInstanceId, int taskScheduleId)
    {
        var instance = new OrchestrationInstance { InstanceId = childInstanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage
        {
            Event = new ExecutionStartedEvent(-1, "{}")
            {
                Name = "EligibilityOrchestrator",
                OrchestrationInstance = instance,
                ParentInstance = new ParentInstance { OrchestrationInstance = Parent, Name = "ClearanceOrchestrator", TaskScheduleId = taskScheduleId },
            },
            OrchestrationInstance = instance,
        };
    }

    private static string ExecutionIdOf(TaskMessage message) => ((ExecutionStartedEvent)message.Event).OrchestrationInstance.ExecutionId;

    [Fact]
    public void DeterministicChildStarts_ParentEpisodeRunTwice_BothStartsAreTheSameExecution()
    {
        var first = ChildStart($"{Parent.InstanceId}-eligibility-1", 3);
        var again = ChildStart($"{Parent.InstanceId}-eligibility-1", 3);
        Assert.NotEqual(ExecutionIdOf(first), ExecutionIdOf(again));

        SidecarOrchestrationService.DeterministicChildStarts([first]);
        SidecarOrchestrationService.DeterministicChildStarts([again]);

        Assert.Equal(ExecutionIdOf(first), ExecutionIdOf(again));
        Assert.Equal(ExecutionIdOf(first), first.OrchestrationInstance.ExecutionId);
        Assert.Matches("^[0-9a-f]{32}$", ExecutionIdOf(first));
        // The second start is now a repeated start of the first, which the wrapper drops once the child has a history.
        var history = new OrchestrationRuntimeState([(ExecutionStartedEvent)first.Event]);
        Assert.Empty(SidecarOrchestrationService.WithoutRepeatedStart(history, [again]));
    }

    [Fact]
    public void DeterministicChildStarts_OtherTaskOrChildOrParentExecution_DifferentExecutions()
    {
        var child = $"{Parent.InstanceId}-eligibility-1";
        var ids = new[]
        {
            SidecarOrchestrationService.ChildExecutionId(Parent, 3, child),
            SidecarOrchestrationService.ChildExecutionId(Parent, 4, child),
            SidecarOrchestrationService.ChildExecutionId(Parent, 3, $"{Parent.InstanceId}-eligibility-2"),
            SidecarOrchestrationService.ChildExecutionId(new OrchestrationInstance { InstanceId = Parent.InstanceId, ExecutionId = "another" }, 3, child),
        };
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void DeterministicChildStarts_EventsAndTopLevelStarts_LeftAlone()
    {
        var topLevel = new OrchestrationInstance { InstanceId = "clearance-x", ExecutionId = "client-chosen" };
        var start = new TaskMessage { Event = new ExecutionStartedEvent(-1, "{}") { OrchestrationInstance = topLevel }, OrchestrationInstance = topLevel };
        var raised = new TaskMessage { Event = new EventRaisedEvent(-1, "{}") { Name = "CardUploaded" }, OrchestrationInstance = new OrchestrationInstance { InstanceId = "clearance-y" } };

        SidecarOrchestrationService.DeterministicChildStarts([start, raised]);

        Assert.Equal("client-chosen", topLevel.ExecutionId);
        Assert.Null(raised.OrchestrationInstance.ExecutionId);
    }

    [Fact]
    public void RunningActivities_SecondMessageOfARunningTask_RefusedUntilTheFirstEnds()
    {
        var running = new RunningActivities();
        Assert.True(running.TryAdd("message-1", "CLEARANCE-X-ELIGIBILITY-1_0"));
        Assert.False(running.TryAdd("message-2", "CLEARANCE-X-ELIGIBILITY-1_0"));
        Assert.True(running.TryAdd("message-3", "CLEARANCE-X-ELIGIBILITY-1_1"));
        // The same message again (a renewed lock) keeps its own key.
        Assert.True(running.TryAdd("message-1", "CLEARANCE-X-ELIGIBILITY-1_0"));

        running.Release("message-1");

        Assert.True(running.TryAdd("message-2", "CLEARANCE-X-ELIGIBILITY-1_0"));
        Assert.Equal(2, running.Count);
        running.Release("message-unknown");
        Assert.Equal(2, running.Count);
    }

    [Fact]
    public void ActivityKey_InstanceIdsDifferingInCase_SameKeyAsTheSidecars()
    {
        static TaskActivityWorkItem WorkItem(string instanceId, int taskId) => new()
        {
            Id = Guid.NewGuid().ToString(),
            TaskMessage = new TaskMessage { Event = new TaskScheduledEvent(taskId, "CheckEligibilityActivity"), OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId } },
        };

        Assert.Equal(SidecarOrchestrationService.ActivityKey(WorkItem("clearance-A-eligibility-1", 0)), SidecarOrchestrationService.ActivityKey(WorkItem("clearance-a-eligibility-1", 0)));
        Assert.NotEqual(SidecarOrchestrationService.ActivityKey(WorkItem("clearance-a-eligibility-1", 0)), SidecarOrchestrationService.ActivityKey(WorkItem("clearance-a-eligibility-1", 1)));
    }
}
