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
/// nothing, and a step the registration has already passed (its sequence is not newer) opens no item at all: its answer
/// says it was refused. The item opened closes an older one the registration still waited for (only a stray step opens
/// one the clearance then goes past).
/// </summary>
[DurableTask(nameof(OpenWorkItemActivity))]
public sealed class OpenWorkItemActivity(IWorkItemStore workItems, IRegistrationStore registrations, RegistrationUpdater updater, IOptions<ReminderOptions> reminders, ILogger<OpenWorkItemActivity> logger)
    : TaskActivity<WorkItemRequest, StepAnswer>
{
    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, WorkItemRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var id = RegistrationId.Parse(input.RegistrationId);
        var itemId = WorkItem.IdFor(input.RegistrationId, input.Step);
        var before = (await registrations.GetAsync(id, CancellationToken.None)).Value;
        if (!before.Accepts(input.Sequence) && before.OpenWorkItemId != itemId)
        {
            Log.StaleStepIgnored(logger, input.RegistrationId, input.Step, input.Sequence ?? 0);
            return StepAnswer.For(input.Step, itemId, refused: true);
        }
        var item = await workItems.CreateOrGetAsync(
            new WorkItem(itemId, input.RegistrationId, input.Reason,
                input.Explanation, input.SuggestedAction, updater.Now, OrchestrationInstanceId: context.InstanceId),
            CancellationToken.None);
        if (item.Status != WorkItemStatus.Open)
        {
            Log.WorkItemAlreadyResolved(logger, input.RegistrationId, item.Id);
            return StepAnswer.For(input.Step, item.Id);
        }
        string? passedItem = null;
        await updater.UpdateAsync(
            id,
            registration =>
            {
                passedItem = registration.OpenWorkItemId;
                return registration.Accepts(input.Sequence)
                    && (registration.AwaitSpecialist(item.Id, input.Step, updater.Now, input.StageWhileOpen, input.Sequence)
                        | (input.Nudge is { } task && RecordProgressActivity.FollowUp(registration, task, input.Step, reminders.Value.Cadence, updater.Now)));
            },
            auditAction: $"work item {item.Id} opened: {input.Reason}",
            CancellationToken.None);
        Log.WorkItemOpened(logger, input.RegistrationId, item.Id, input.Reason);
        if (input.Sequence is not null && passedItem is not null && passedItem != item.Id)
        {
            await SupersedeWorkItemActivity.CloseIfOpenAsync(workItems, updater, input.RegistrationId, passedItem, $"the clearance went on with step {input.Step}");
        }
        return StepAnswer.For(input.Step, item.Id);
    }
}
