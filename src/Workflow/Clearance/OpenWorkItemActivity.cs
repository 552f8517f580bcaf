using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// Puts a case on the specialists' worklist and marks the registration as waiting for them. The work item
/// id comes from the registration and the step, so a retried activity finds the item it already opened. The item
/// names the orchestration that waits for it, so the worklist's resolution reaches the clearance or the re-check.
/// Idempotent: a run for an item that is already resolved (a message redelivered after the clearance went on) changes
/// nothing, and an update older than the registration's step sequence changes nothing either.
/// </summary>
[DurableTask(nameof(OpenWorkItemActivity))]
public sealed class OpenWorkItemActivity(IWorkItemStore workItems, RegistrationUpdater updater, IOptions<ReminderOptions> reminders, ILogger<OpenWorkItemActivity> logger)
    : TaskActivity<WorkItemRequest, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, WorkItemRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var id = RegistrationId.Parse(input.RegistrationId);
        var item = await workItems.CreateOrGetAsync(
            new WorkItem(WorkItem.IdFor(input.RegistrationId, input.Step), input.RegistrationId, input.Reason,
                input.Explanation, input.SuggestedAction, updater.Now, OrchestrationInstanceId: context.InstanceId),
            CancellationToken.None);
        if (item.Status != WorkItemStatus.Open)
        {
            Log.WorkItemAlreadyResolved(logger, input.RegistrationId, item.Id);
            return item.Id;
        }
        await updater.UpdateAsync(
            id,
            registration => registration.Accepts(input.Sequence)
                && (registration.AwaitSpecialist(item.Id, input.Step, updater.Now, input.StageWhileOpen, input.Sequence)
                    | (input.Nudge is { } task && RecordProgressActivity.FollowUp(registration, task, input.Step, reminders.Value.Cadence, updater.Now))),
            auditAction: $"work item {item.Id} opened: {input.Reason}",
            CancellationToken.None);
        Log.WorkItemOpened(logger, input.RegistrationId, item.Id, input.Reason);
        return item.Id;
    }
}
