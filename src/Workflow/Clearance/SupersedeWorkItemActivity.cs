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
    : TaskActivity<SupersedeRequest, bool>
{
    /// <summary>Who closed the item, on the item and in the audit trail.</summary>
    public const string Actor = "clearance";

    public override async Task<bool> RunAsync(TaskActivityContext context, SupersedeRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await workItems.GetAsync(input.RegistrationId, input.WorkItemId, CancellationToken.None);
        if (current.Value.Status != WorkItemStatus.Open) return false;
        var closed = current.Value.Resolve(Actor, ResolutionAction.RetryPatientStep, $"Superseded: {input.Why}.", updater.Now);
        try
        {
            await workItems.ReplaceAsync(closed, current.ETag, CancellationToken.None);
        }
        catch (ConcurrencyConflictException)
        {
            // A specialist resolved it at this moment; theirs stands (the clearance already follows the photo).
            return false;
        }
        await updater.UpdateAsync(RegistrationId.Parse(input.RegistrationId), _ => true,
            $"work item {input.WorkItemId} superseded: {input.Why}", CancellationToken.None, actor: Actor);
        Log.WorkItemSuperseded(logger, input.RegistrationId, input.WorkItemId);
        return true;
    }
}
