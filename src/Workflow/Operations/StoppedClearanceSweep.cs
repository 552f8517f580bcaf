using System.ComponentModel.DataAnnotations;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Workflow.Operations;

/// <summary>Settings of the stopped-clearance sweep (section "StoppedClearances").</summary>
public sealed class StoppedClearanceOptions
{
    public const string Section = "StoppedClearances";

    /// <summary>NCRONTAB schedule of the Functions timer: every 15 minutes (fixed, no app setting).</summary>
    public const string Schedule = "0 */15 * * * *";

    /// <summary>How often the LocalHost runs the sweep. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Orchestrations created this far back are looked at. Default 60 days (a clearance lives until the visit).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "400.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(60);
}

/// <summary>
/// What one sweep did: stopped orchestrations found and work items opened for them now; Running clearances found
/// stuck past their own deadline (<see cref="StalledClearanceCheck"/>) and work items opened for them now.
/// </summary>
public sealed record StoppedClearanceSweepResult(int Found, int Opened, int Stalled = 0, int StalledOpened = 0);

/// <summary>
/// The last safety net: a clearance or re-check whose orchestration stopped without finishing (terminated by an
/// operator, or failed past its own step-failed handling) would otherwise sit still with nothing on the worklist. The
/// sweep asks the task engine for failed and terminated orchestrations and opens one
/// <see cref="WorkItemReason.ClearanceStopped"/> work item for each, marking the registration as needing attention.
/// Idempotent: the item id comes from the orchestration, and an item a specialist closed stays closed. A cancelled
/// visit's clearance (terminated by the cancellation) is left alone.
/// <para>
/// It also looks at Running clearances and re-checks: one past its own recorded deadline (its
/// <see cref="ClearanceWatch"/>, judged by <see cref="StalledClearanceCheck"/>) gets one
/// <see cref="WorkItemReason.ClearanceStalled"/> item naming the step it is stuck in (id from that step, so one item
/// per stuck step). It is not nudged: the step it waits for is a message the engine holds or lost, which the
/// orchestration cannot be made to ask again from outside without a second waiter beside every step. Should the step
/// come back after all, the clearance's next stage change closes the item as superseded; "close" stops it.
/// </para>
/// </summary>
public sealed class StoppedClearanceSweep(
    IRegistrationStore registrations,
    IWorkItemStore workItems,
    RegistrationUpdater updater,
    IOptions<StoppedClearanceOptions> options,
    ILogger<StoppedClearanceSweep> logger)
{
    public async Task<StoppedClearanceSweepResult> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
            CreatedFrom = updater.Now - options.Value.Lookback,
            PageSize = 100,
        };
        int found = 0, opened = 0;
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (!TryOwner(instance, out var registrationId, out var step)) continue;
            found++;
            if (await TryOpenAsync(registrationId, () => OpenAsync(registrationId, step, instance, cancellationToken))) opened++;
        }
        if (found > 0) Log.StoppedClearanceSweepDone(logger, found, opened);
        var (stalled, stalledOpened) = await SweepStalledAsync(client, cancellationToken);
        return new StoppedClearanceSweepResult(found, opened, stalled, stalledOpened);
    }

    private async Task<(int Stalled, int Opened)> SweepStalledAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending],
            CreatedFrom = updater.Now - options.Value.Lookback,
            PageSize = 100,
            FetchInputsAndOutputs = true,
        };
        int stalled = 0, opened = 0;
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (!TryOwner(instance, out var registrationId, out _)) continue;
            var stall = await CheckAsync(client, instance, cancellationToken);
            if (stall is null) continue;
            stalled++;
            if (await TryOpenAsync(registrationId, () => OpenStalledAsync(registrationId, stall, instance, cancellationToken))) opened++;
        }
        return (stalled, opened);
    }

    /// <summary>Whether a Running clearance is stuck by its own deadlines (<see cref="StalledClearanceCheck"/>); reads its children's states.</summary>
    public async Task<Stall?> CheckAsync(DurableTaskClient client, OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(instance);
        var watch = ClearanceWatch.Parse(instance.SerializedCustomStatus);
        var children = new Dictionary<string, ChildState?>(StringComparer.Ordinal);
        foreach (var child in watch?.Children ?? [])
        {
            var state = await client.GetInstanceAsync(child, getInputsAndOutputs: true, cancellationToken);
            children[child] = state is null ? null : new ChildState(state.RuntimeStatus, state.LastUpdatedAt, ClearanceWatch.Parse(state.SerializedCustomStatus));
        }
        return StalledClearanceCheck.Evaluate(instance.LastUpdatedAt, watch, children, updater.Now);
    }

    private async Task<bool> OpenStalledAsync(RegistrationId id, Stall stall, OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        var opened = await OpenItemAsync(id, $"{stall.Step.Replace('/', '-')}-stalled", WorkItemReason.ClearanceStalled, instance,
            $"The orchestration {instance.InstanceId} is running but stuck in step {stall.Step}: {stall.Why}. Nothing moves this case on its own.",
            "If the step comes back the case moves on and this item closes by itself. Close the item to stop the clearance and mark the registration incomplete; register the patient again if the visit still needs clearing.",
            $"stuck in step {stall.Step}", cancellationToken);
        if (opened) Log.StalledClearanceReported(logger, id.Value, instance.InstanceId, stall.Step);
        return opened;
    }

    /// <summary>
    /// The registration of a clearance (<c>clearance-{id}</c>) or re-check (<c>recheck-{id}-{visit}</c>) orchestration,
    /// and the step its work item is named after. Eligibility rounds are left to their parent, which handles a failed
    /// child as a failed step.
    /// </summary>
    public static bool TryOwner(OrchestrationMetadata instance, out RegistrationId registrationId, out string step)
    {
        ArgumentNullException.ThrowIfNull(instance);
        registrationId = default;
        step = string.Empty;
        if (instance.Name is not (nameof(ClearanceOrchestrator) or nameof(EligibilityRecheckOrchestrator))) return false;
        var parts = instance.InstanceId.Split('-', 3);
        if (parts.Length < 2 || !RegistrationId.TryParse(parts[1], out registrationId)) return false;
        step = parts.Length == 3 ? $"{parts[0]}-{parts[2]}-stopped" : $"{parts[0]}-stopped";
        return true;
    }

    private async Task<bool> OpenAsync(RegistrationId id, string step, OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        var status = instance.RuntimeStatus.ToString();
        var opened = await OpenItemAsync(id, step, WorkItemReason.ClearanceStopped, instance,
            $"The orchestration {instance.InstanceId} stopped without finishing ({status}); nothing moves this case on its own any more.",
            "Close the item to mark the registration incomplete; register the patient again if the visit still needs clearing.",
            status, cancellationToken);
        if (opened) Log.StoppedClearanceReported(logger, id.Value, instance.InstanceId, status);
        return opened;
    }

    /// <summary>Runs <paramref name="open"/>; a registration that is gone or a store that is unreachable skips it this sweep.</summary>
    private async Task<bool> TryOpenAsync(RegistrationId id, Func<Task<bool>> open)
    {
        try
        {
            return await open();
        }
        catch (NotFoundException)
        {
            return false; // The registration is gone: nobody to tell.
        }
        catch (TransientDependencyException e)
        {
            Log.StoppedClearanceSkipped(logger, id.Value, e.Dependency);
            return false;
        }
    }

    /// <summary>
    /// Opens the sweep's work item <paramref name="step"/> for <paramref name="instance"/> and marks the registration as
    /// waiting for it (a step after every step on file); false when the item exists already or is closed. A cancelled
    /// visit's clearance was stopped on purpose (VisitChangeOperations): nothing for the worklist.
    /// </summary>
    private async Task<bool> OpenItemAsync(RegistrationId id, string step, WorkItemReason reason, OrchestrationMetadata instance,
        string explanation, string suggestedAction, string what, CancellationToken cancellationToken)
    {
        if ((await registrations.GetAsync(id, cancellationToken)).Value.Stage == ClearanceStage.Cancelled) return false;
        var item = await workItems.CreateOrGetAsync(
            new WorkItem(WorkItem.IdFor(id.Value, step), id.Value, reason, explanation, suggestedAction, updater.Now, OrchestrationInstanceId: instance.InstanceId),
            cancellationToken);
        if (item.Status != WorkItemStatus.Open) return false;
        return await updater.UpdateAsync(
            id,
            registration => registration.AwaitSpecialist(item.Id, step, updater.Now, ClearanceStage.NeedsAttention, registration.StepSequence + 1),
            auditAction: $"work item {item.Id} opened: orchestration {instance.InstanceId} {what}",
            cancellationToken,
            actor: "stopped-clearance-sweep");
    }
}
