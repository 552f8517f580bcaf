using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;

namespace PatientAccess.Workflow.Operations;

/// <summary>A specialist's resolution of a registration's work item.</summary>
public sealed record Resolution(string? WorkItemId, ResolutionAction Action, string? Note);

/// <summary>The work item is not open any more (resolved by someone else, or never opened).</summary>
public sealed class WorkItemNotOpenException(string workItemId)
    : DomainException($"Work item '{workItemId}' is not open.");

/// <summary>The specialists' worklist: list open cases, resolve one and let the clearance go on.</summary>
public sealed class WorklistOperations(
    IWorkItemStore workItems,
    IRegistrationStore registrations,
    RegistrationUpdater updater,
    ILogger<WorklistOperations> logger)
{
    /// <summary>The most items one listing returns.</summary>
    public const int MaxListed = 500;

    public Task<IReadOnlyList<WorkItem>> ListOpenAsync(WorkItemReason? reason, int max, CancellationToken cancellationToken) =>
        workItems.ListOpenAsync(reason, Math.Clamp(max, 1, MaxListed), cancellationToken);

    /// <summary>
    /// Resolves the named work item (or the registration's open one), records who did it, and raises
    /// <see cref="ClearanceEvents.WorkItemResolved"/> to the orchestration that opened it. A retried request (same
    /// person, same action, the orchestration still waiting for the item) raises the event again, so a crash between
    /// recording and raising does not leave the case waiting for an event nobody sends. When that orchestration is
    /// not running any more, "close" closes the item and marks the registration incomplete, and any other action is
    /// refused (<see cref="ClearanceFinishedException"/>): it would be answered and then ignored. A
    /// <see cref="WorkItemReason.ClearanceStalled"/> item of a running clearance takes only "close", which stops the
    /// clearance and its children first.
    /// </summary>
    /// <exception cref="NotFoundException">Unknown registration or work item.</exception>
    /// <exception cref="WorkItemNotOpenException">Nothing open to resolve.</exception>
    /// <exception cref="ClearanceFinishedException">The orchestration finished or stopped; only close is possible.</exception>
    /// <exception cref="ConcurrencyConflictException">Someone resolved it at the same moment.</exception>
    public async Task<WorkItem> ResolveAsync(DurableTaskClient client, RegistrationId id, Resolution resolution, string resolvedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resolution);
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        var workItemId = resolution.WorkItemId ?? registration.OpenWorkItemId
            ?? throw new WorkItemNotOpenException("(none)");
        var current = await workItems.GetAsync(id.Value, workItemId, cancellationToken);
        var instanceId = current.Value.OrchestrationInstanceId ?? id.ClearanceInstanceId;
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        var running = instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
        if (running && current.Value.Reason == WorkItemReason.ClearanceStalled && current.Value.Status == WorkItemStatus.Open)
        {
            // A stuck clearance waits for no resolution: it moves on by itself if its step comes back, or "close"
            // stops it (with its children, by their ids) and closes the case as for a stopped one.
            if (resolution.Action != ResolutionAction.Close)
            {
                throw new ClearanceFinishedException(id, "Stalled",
                    $"resolutions of work item {workItemId} other than close: the clearance is stuck and takes none (it closes this item itself if it moves on)");
            }
            await ClearanceStop.TerminateAsync(client, instanceId, "closed by a specialist: stuck", _ => true, cancellationToken);
            running = false;
        }
        if (current.Value.Status != WorkItemStatus.Open)
        {
            if (running && IsRetryOf(current.Value, registration, resolution, resolvedBy))
            {
                // The same resolution again: an earlier attempt recorded it and may have died before telling the
                // orchestration, which still waits for this item. Tell it (a second event for the item is ignored).
                await RaiseAsync(client, id, instanceId, current.Value, cancellationToken);
                return current.Value;
            }
            throw new WorkItemNotOpenException(workItemId);
        }
        if (!running && resolution.Action != ResolutionAction.Close)
        {
            throw new ClearanceFinishedException(id, instance?.RuntimeStatus.ToString() ?? "gone",
                $"resolutions of work item {workItemId} other than close: nothing would act on them");
        }

        var resolved = current.Value.Resolve(resolvedBy, resolution.Action, resolution.Note, updater.Now);
        await workItems.ReplaceAsync(resolved, current.ETag, cancellationToken);
        if (!running)
        {
            // Nothing waits for this item: close the case here, as a step after every step on file.
            await updater.UpdateAsync(
                id,
                r => r.Advance(ClearanceStage.Incomplete, $"{workItemId}-closed", "closed by a specialist; the orchestration had stopped", null, updater.Now, r.StepSequence + 1),
                auditAction: $"work item {workItemId} closed; orchestration {instanceId} not running",
                cancellationToken,
                actor: resolvedBy);
            Log.WorkItemClosedWithoutOrchestration(logger, id.Value, workItemId, instanceId);
            return resolved;
        }
        await updater.UpdateAsync(
            id,
            _ => true,
            auditAction: $"work item {workItemId} resolved: {resolution.Action}",
            cancellationToken,
            actor: resolvedBy);
        await RaiseAsync(client, id, instanceId, resolved, cancellationToken);
        return resolved;
    }

    /// <summary>
    /// True when <paramref name="resolution"/> repeats how <paramref name="item"/> was resolved (same person, same action)
    /// and the registration still waits for that item: a retried request, not a second opinion.
    /// </summary>
    private static bool IsRetryOf(WorkItem item, Registration registration, Resolution resolution, string resolvedBy) =>
        item.ResolvedBy == resolvedBy && item.Resolution == resolution.Action && registration.OpenWorkItemId == item.Id;

    private async Task RaiseAsync(DurableTaskClient client, RegistrationId id, string instanceId, WorkItem resolved, CancellationToken cancellationToken)
    {
        await client.RaiseEventAsync(instanceId, ClearanceEvents.WorkItemResolved,
            new WorkItemResolvedEvent(resolved.Id, resolved.Resolution!.Value), cancellationToken);
        Log.WorkItemResolved(logger, id.Value, resolved.Id, resolved.Resolution.Value);
    }
}
