using System.Collections.Concurrent;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;

namespace PatientAccess.LocalHost;

/// <summary>
/// The orchestration service the sidecar (<c>TaskHubGrpcServer</c> from Microsoft.DurableTask.InProcessTestHost
/// 0.2.3-preview.1) runs on: <see cref="AzureStorageOrchestrationService"/> with what that sidecar gets wrong over Azure
/// Storage put right on the way through (docs/decisions/0004-eligibility-inline.md, addendum; 0008):
/// <list type="bullet">
/// <item>It records a sub-orchestration's start in the parent's history as its own <c>GrpcSubOrchestrationInstanceCreatedEvent</c>,
/// which has no data contract: Azure Storage writes an empty row and the parent can never be loaded again. Written here
/// as the plain <see cref="SubOrchestrationInstanceCreatedEvent"/>.</item>
/// <item>It gives the child's <see cref="ExecutionStartedEvent"/> a protobuf <c>MapField</c> as tags, whose type name Azure
/// Storage writes into the queue message and cannot resolve when reading it: the child never starts. Written here as a
/// plain dictionary (or none).</item>
/// <item>It never renews the lock of an activity message while the activity runs (the Durable Task Core dispatcher does,
/// in Azure), so the work-item queue's visibility timeout would have to outlast the slowest activity. Renewed here every
/// third of that timeout until the activity completes or is abandoned, so the timeout can be seconds: a message held
/// by a killed process comes back that soon.</item>
/// <item>An orchestration's start message that comes again after its history was written (a process killed after
/// the episode's write but before the message was deleted) makes the sidecar's dispatcher throw "Multiple
/// ExecutionStartedEvent found" on every batch that holds it, and the orchestration stalls (the kill test saw 2 of 200
/// clearances stall so). Dropped here from the episode's new messages (<see cref="WithoutRepeatedStart"/>); the backend
/// still deletes it with the batch.</item>
/// <item>It gives every child it starts a new random execution id, each time the parent's episode runs. Azure Storage
/// sends an episode's messages before it writes the episode's history, so a parent killed in between starts the child
/// twice, under two execution ids, when its episode runs again: the backend then loads the child's history only for
/// the execution id of the message at hand (another id reads as no history at all), the child starts over, and the
/// completion of its first activity, sent under the other id, is discarded as "No such instance" after five tries:
/// the child, and the parent waiting for it, never move again (2 of 40 clearances in a kill test, issue 11). Given here
/// an execution id derived from the parent's execution, the task id and the child's instance id
/// (<see cref="DeterministicChildStarts"/>), so both starts are the same execution and the second is a repeated
/// start.</item>
/// <item>It keys a running activity by instance id and task id only, and keeps the first of two at once: a second
/// message of the same task (a repeat left by a killed process) dispatched while the first runs waits forever for an
/// answer the sidecar refuses ("Activity not found"), and its message is renewed forever. A message of a task that is
/// running already is given back here (it runs once the first has finished; every activity is idempotent by its step
/// key), see <see cref="LockNextTaskActivityWorkItem"/>.</item>
/// </list>
/// Everything else passes through.
/// </summary>
public sealed partial class SidecarOrchestrationService(AzureStorageOrchestrationService inner, TimeSpan activityLock, ILogger<SidecarOrchestrationService> logger)
    : IOrchestrationService, IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _renewals = new(StringComparer.Ordinal);
    private readonly RunningActivities _running = new();

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => StopAsync(isForced: false);

    public Task StopAsync(bool isForced)
    {
        StopRenewals();
        return inner.StopAsync(isForced);
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        if (workItem?.NewMessages is { } messages)
        {
            var kept = WithoutRepeatedStart(workItem.OrchestrationRuntimeState, messages);
            if (kept.Count != messages.Count)
            {
                LogRepeatedStartDropped(logger, workItem.InstanceId, messages.Count - kept.Count);
                workItem.NewMessages = kept;
            }
        }
        return workItem!;
    }

    /// <summary>
    /// <paramref name="messages"/> without a start of an execution that the history (or an earlier message of the same
    /// batch) has started already.
    /// </summary>
    public static IList<TaskMessage> WithoutRepeatedStart(OrchestrationRuntimeState? history, IList<TaskMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var started = new HashSet<string?>(StringComparer.Ordinal);
        if (history?.ExecutionStartedEvent is { } first) started.Add(first.OrchestrationInstance?.ExecutionId);
        return messages.Where(m => m.Event is not ExecutionStartedEvent start || started.Add(start.OrchestrationInstance?.ExecutionId)).ToList();
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        if (newOrchestrationRuntimeState is not null)
        {
            PlainSubOrchestrationEvents(newOrchestrationRuntimeState.Events);
            PlainSubOrchestrationEvents(newOrchestrationRuntimeState.NewEvents);
        }
        foreach (var message in orchestratorMessages ?? [])
        {
            if (message.Event is ExecutionStartedEvent started) started.Tags = PlainTags(started.Tags);
        }
        DeterministicChildStarts(orchestratorMessages);
        return inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    /// <summary>
    /// The next activity message, unless a message of the same task (instance and task id, the sidecar's key) is
    /// running already: that one is given back to the queue (it comes again after the backend's back-off and runs
    /// then) and the next is taken.
    /// </summary>
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
            if (workItem is null) return null!;
            if (_running.TryAdd(workItem.Id, ActivityKey(workItem)))
            {
                StartRenewing(workItem);
                return workItem;
            }
            LogActivityRepeatDeferred(logger, workItem.TaskMessage?.OrchestrationInstance?.InstanceId ?? "(none)", ActivityTaskId(workItem));
            await inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        StopRenewing(workItem);
        _running.Release(workItem.Id);
        return inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        StopRenewing(workItem);
        _running.Release(workItem.Id);
        return inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    public void Dispose() => StopRenewals();

    /// <summary>
    /// Replaces every subclass of <see cref="SubOrchestrationInstanceCreatedEvent"/> (the sidecar's own) with the plain
    /// event, field by field, so Azure Storage can write and read it.
    /// </summary>
    internal static void PlainSubOrchestrationEvents(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                    ClientSpanId = created.ClientSpanId,
                };
            }
        }
    }

    /// <summary>
    /// Gives each child start among <paramref name="orchestratorMessages"/> (an <see cref="ExecutionStartedEvent"/>
    /// with a parent) the execution id <see cref="ChildExecutionId"/>, the same however often the parent's episode runs.
    /// </summary>
    public static void DeterministicChildStarts(IEnumerable<TaskMessage>? orchestratorMessages)
    {
        foreach (var message in orchestratorMessages ?? [])
        {
            if (message.Event is not ExecutionStartedEvent { ParentInstance: { } parent } started || started.OrchestrationInstance is null) continue;
            var executionId = ChildExecutionId(parent.OrchestrationInstance, parent.TaskScheduleId, started.OrchestrationInstance.InstanceId);
            started.OrchestrationInstance.ExecutionId = executionId;
            if (message.OrchestrationInstance is { } addressed && addressed.InstanceId == started.OrchestrationInstance.InstanceId)
            {
                addressed.ExecutionId = executionId;
            }
        }
    }

    /// <summary>
    /// A child's execution id from its parent's instance and execution ids, the task id that started it and its own
    /// instance id (32 hex digits, as the sidecar writes them): a parent's episode that runs again starts the same
    /// execution, and no two starts of any parent share one.
    /// </summary>
    public static string ChildExecutionId(OrchestrationInstance? parent, int taskScheduleId, string childInstanceId)
    {
        var seed = string.Join('\n', parent?.InstanceId, parent?.ExecutionId, taskScheduleId.ToString(System.Globalization.CultureInfo.InvariantCulture), childInstanceId);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Tags as a plain dictionary (the type Azure Storage can name in a message), or null when there are none.</summary>
    internal static IDictionary<string, string>? PlainTags(IDictionary<string, string>? tags) =>
        tags is null || tags.Count == 0 ? null
        : tags.GetType() == typeof(Dictionary<string, string>) ? tags
        : new Dictionary<string, string>(tags, StringComparer.Ordinal);

    private void StartRenewing(TaskActivityWorkItem workItem)
    {
        var stop = new CancellationTokenSource();
        if (!_renewals.TryAdd(workItem.Id, stop))
        {
            stop.Dispose();
            return;
        }
        _ = RenewUntilDoneAsync(workItem, stop.Token);
    }

    private async Task RenewUntilDoneAsync(TaskActivityWorkItem workItem, CancellationToken done)
    {
        var every = activityLock / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, done);
                await inner.RenewTaskActivityWorkItemLockAsync(workItem);
            }
        }
        catch (Exception) when (done.IsCancellationRequested)
        {
            // The activity completed or was abandoned (a renewal racing the completion may fail: nothing to do).
        }
        catch (Exception e) when (e is not OutOfMemoryException && !done.IsCancellationRequested)
        {
            // The message is gone or the storage is unreachable: it reappears after the timeout and runs again, which
            // every activity is built to take (docs/decisions/0008-durable-steps.md).
            LogRenewalFailed(logger, workItem.Id, e.GetType().Name);
        }
    }

    private void StopRenewing(TaskActivityWorkItem workItem)
    {
        if (_renewals.TryRemove(workItem.Id, out var stop))
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    private void StopRenewals()
    {
        foreach (var id in _renewals.Keys)
        {
            if (_renewals.TryRemove(id, out var stop))
            {
                stop.Cancel();
                stop.Dispose();
            }
        }
    }

    /// <summary>The sidecar's key of a running activity: instance id (case ignored, as it does) and task id.</summary>
    public static string ActivityKey(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return $"{workItem.TaskMessage?.OrchestrationInstance?.InstanceId?.ToUpperInvariant()}_{ActivityTaskId(workItem)}";
    }

    private static int ActivityTaskId(TaskActivityWorkItem workItem) => workItem.TaskMessage?.Event?.EventId ?? -1;

    [LoggerMessage(2103, LogLevel.Warning, "Orchestration {InstanceId}: activity message of task {TaskId} given back (the same task runs already; it runs again once that one has finished)")]
    private static partial void LogActivityRepeatDeferred(ILogger logger, string instanceId, int taskId);

    [LoggerMessage(2101, LogLevel.Warning, "Activity message {MessageId}: lock renewal stopped ({ExceptionType}); it reappears after the visibility timeout")]
    private static partial void LogRenewalFailed(ILogger logger, string messageId, string exceptionType);

    [LoggerMessage(2102, LogLevel.Warning, "Orchestration {InstanceId}: {Count} repeated start message(s) dropped (a process was killed after writing the history and before deleting them)")]
    private static partial void LogRepeatedStartDropped(ILogger logger, string instanceId, int count);
}
