using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Clearance;

/// <summary>Writes one step of the clearance to the registration document and the audit trail.</summary>
[DurableTask(nameof(RecordProgressActivity))]
public sealed class RecordProgressActivity(RegistrationUpdater updater, ILogger<RecordProgressActivity> logger)
    : TaskActivity<ProgressUpdate, ClearanceStage>
{
    public override async Task<ClearanceStage> RunAsync(TaskActivityContext context, ProgressUpdate input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = RegistrationId.Parse(input.RegistrationId);
        var changed = await updater.UpdateAsync(
            id,
            registration => registration.Advance(input.Stage, input.Step, input.Outcome, input.Awaiting, updater.Now),
            auditAction: $"step {input.Step}: {input.Outcome}; stage {input.Stage}",
            CancellationToken.None);
        Log.ProgressRecorded(logger, input.RegistrationId, input.Step, input.Stage, changed);
        return input.Stage;
    }
}
