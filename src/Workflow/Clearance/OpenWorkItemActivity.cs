using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// Puts a case on the specialists' worklist and marks the registration as waiting for them. The work item
/// id comes from the registration and the step, so a retried activity finds the item it already opened.
/// </summary>
[DurableTask(nameof(OpenWorkItemActivity))]
public sealed class OpenWorkItemActivity(IWorkItemStore workItems, RegistrationUpdater updater, ILogger<OpenWorkItemActivity> logger)
    : TaskActivity<WorkItemRequest, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, WorkItemRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = RegistrationId.Parse(input.RegistrationId);
        var item = await workItems.CreateOrGetAsync(
            new WorkItem(WorkItem.IdFor(input.RegistrationId, input.Step), input.RegistrationId, input.Reason,
                input.Explanation, input.SuggestedAction, updater.Now),
            CancellationToken.None);
        await updater.UpdateAsync(
            id,
            registration => registration.AwaitSpecialist(item.Id, input.Step, updater.Now),
            auditAction: $"work item {item.Id} opened: {input.Reason}",
            CancellationToken.None);
        Log.WorkItemOpened(logger, input.RegistrationId, item.Id, input.Reason);
        return item.Id;
    }
}
