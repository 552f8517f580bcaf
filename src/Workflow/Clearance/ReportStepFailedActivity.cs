using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// The safety net's own activity (kept apart from <see cref="OpenWorkItemActivity"/>, which may be the step that
/// fails): opens a <see cref="WorkItemReason.StepFailed"/> work item that names the failed step, its exception type
/// and a correlation id, and marks the registration as needing attention. Idempotent like the other work items: the
/// id comes from the step, a resolved item is left alone, an older sequence changes nothing.
/// </summary>
[DurableTask(nameof(ReportStepFailedActivity))]
public sealed class ReportStepFailedActivity(IWorkItemStore workItems, RegistrationUpdater updater, ILogger<ReportStepFailedActivity> logger)
    : TaskActivity<StepFailure, StepAnswer>
{
    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, StepFailure input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var item = await workItems.CreateOrGetAsync(
            new WorkItem(
                WorkItem.IdFor(input.RegistrationId, input.Step),
                input.RegistrationId,
                WorkItemReason.StepFailed,
                $"The clearance step '{input.FailedStep}' failed after its retries ({input.ErrorType}). Correlation id {input.CorrelationId} finds its log lines.",
                "Look the correlation id up in the logs (or give it to support), fix the data or the service at fault, then continue to run the step again; or close the case.",
                updater.Now,
                OrchestrationInstanceId: context.InstanceId,
                CorrelationId: input.CorrelationId),
            CancellationToken.None);
        if (item.Status == WorkItemStatus.Open)
        {
            await updater.UpdateAsync(
                RegistrationId.Parse(input.RegistrationId),
                registration => registration.AwaitSpecialist(item.Id, input.Step, updater.Now, ClearanceStage.NeedsAttention, input.Sequence),
                auditAction: $"work item {item.Id} opened: step {input.FailedStep} failed ({input.ErrorType}), correlation id {input.CorrelationId}",
                CancellationToken.None);
        }
        Log.StepFailureReported(logger, input.RegistrationId, item.Id, input.FailedStep, input.CorrelationId);
        return StepAnswer.For(input.Step, item.Id);
    }
}
