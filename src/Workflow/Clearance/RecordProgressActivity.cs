using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// Writes one step of the clearance to the registration document and the audit trail, and starts or stops the
/// patient's reminders with it (one write, so the stage and the reminders never disagree). Monotonic: an update whose
/// <see cref="ProgressUpdate.Sequence"/> is not newer than the registration's (a message redelivered after a crash,
/// minutes late) changes nothing, neither the stage nor the reminders, and its answer says it was refused. A newer step
/// closes a work item the registration still waited for (only a stray step opens one the clearance then goes past).
/// </summary>
[DurableTask(nameof(RecordProgressActivity))]
public sealed class RecordProgressActivity(RegistrationUpdater updater, IWorkItemStore workItems, IOptions<ReminderOptions> reminders, ILogger<RecordProgressActivity> logger)
    : TaskActivity<ProgressUpdate, StepAnswer>
{
    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, ProgressUpdate input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = RegistrationId.Parse(input.RegistrationId);
        var stale = false;
        string? passedItem = null;
        var changed = await updater.UpdateAsync(
            id,
            registration =>
            {
                stale = !registration.Accepts(input.Sequence);
                passedItem = registration.OpenWorkItemId;
                return !stale
                    && (registration.Advance(input.Stage, input.Step, input.Outcome, input.Awaiting, updater.Now, input.Sequence)
                        | FollowUp(registration, input.Expect, input.Step, reminders.Value.Cadence, updater.Now));
            },
            auditAction: $"step {input.Step}: {input.Outcome}; stage {input.Stage}",
            CancellationToken.None);
        if (stale)
        {
            Log.StaleStepIgnored(logger, input.RegistrationId, input.Step, input.Sequence ?? 0);
            return StepAnswer.For(input.Step, input.Stage, refused: true);
        }
        Log.ProgressRecorded(logger, input.RegistrationId, input.Step, input.Stage, changed);
        if (changed && input.Sequence is not null && passedItem is not null)
        {
            await SupersedeWorkItemActivity.CloseIfOpenAsync(workItems, updater, input.RegistrationId, passedItem, $"the clearance went on with step {input.Step}");
        }
        return StepAnswer.For(input.Step, input.Stage);
    }

    /// <summary>Starts the patient's reminders for <paramref name="task"/>, or stops them when the clearance waits for nothing from the patient.</summary>
    internal static bool FollowUp(Registration registration, PatientTask? task, string step, ReminderCadence cadence, DateTimeOffset now) =>
        task is { } expected
            ? registration.ExpectFromPatient(expected, step, cadence.FirstReminder(expected, now, registration.Appointment.ScheduledAt), now)
            : registration.StopFollowUp(now);
}
