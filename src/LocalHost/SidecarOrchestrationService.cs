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
/// </list>
/// Everything else passes through.
/// </summary>
public sealed partial class SidecarOrchestrationService(AzureStorageOrchestrationService inner, TimeSpan activityLock, ILogger<SidecarOrchestrationService> logger)
    : IOrchestrationService, IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _renewals = new(StringComparer.Ordinal);

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
        return inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null) StartRenewing(workItem);
        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        StopRenewing(workItem);
        return inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        StopRenewing(workItem);
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

    [LoggerMessage(2101, LogLevel.Warning, "Activity message {MessageId}: lock renewal stopped ({ExceptionType}); it reappears after the visibility timeout")]
    private static partial void LogRenewalFailed(ILogger logger, string messageId, string exceptionType);

    [LoggerMessage(2102, LogLevel.Warning, "Orchestration {InstanceId}: {Count} repeated start message(s) dropped (a process was killed after writing the history and before deleting them)")]
    private static partial void LogRepeatedStartDropped(ILogger logger, string instanceId, int count);
}
