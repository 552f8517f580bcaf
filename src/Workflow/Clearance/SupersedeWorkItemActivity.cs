using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// Closes a work item the patient made moot (a new card photo arrived while a specialist had the old one), so it
/// leaves the worklist with the reason on it. An item a specialist resolved in the meantime is left as they left it.
/// </summary>
[DurableTask(nameof(SupersedeWorkItemActivity))]
public sealed class SupersedeWorkItemActivity(IWorkItemStore workItems, RegistrationUpdater updater, ILogger<SupersedeWorkItemActivity> logger)
    : TaskActivity<SupersedeRequest, StepAnswer>
{
    /// <summary>Who closed the item, on the item and in the audit trail.</summary>
    public const string Actor = "clearance";

    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, SupersedeRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var closed = await CloseIfOpenAsync(workItems, updater, input.RegistrationId, input.WorkItemId, input.Why);
        if (closed) Log.WorkItemSuperseded(logger, input.RegistrationId, input.WorkItemId);
        return StepAnswer.For(input.Step, closed);
    }

    /// <summary>
    /// Closes <paramref name="workItemId"/> as superseded when it is still open (also used for an item a stray step
    /// opened that the clearance went past); false when it is gone, resolved, or a specialist resolved it at this moment.
    /// </summary>
    internal static async Task<bool> CloseIfOpenAsync(IWorkItemStore workItems, RegistrationUpdater updater, string registrationId, string workItemId, string why)
    {
        Versioned<WorkItem> current;
        try
        {
            current = await workItems.GetAsync(registrationId, workItemId, CancellationToken.None);
        }
        catch (NotFoundException)
        {
            return false;
        }
        if (current.Value.Status != WorkItemStatus.Open) return false;
        var closed = current.Value.Resolve(Actor, ResolutionAction.RetryPatientStep, $"Superseded: {why}.", updater.Now);
        try
        {
            await workItems.ReplaceAsync(closed, current.ETag, CancellationToken.None);
        }
        catch (ConcurrencyConflictException)
        {
            // A specialist resolved it at this moment; theirs stands.
            return false;
        }
        await updater.UpdateAsync(RegistrationId.Parse(registrationId), _ => true,
            $"work item {workItemId} superseded: {why}", CancellationToken.None, actor: Actor);
        return true;
    }
}
