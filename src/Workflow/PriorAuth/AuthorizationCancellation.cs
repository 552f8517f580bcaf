using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Workflow.Clearance;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>
/// Cancels a registration's open prior-authorization requests (the visit cancellation and reschedule of issue 15 call
/// this): raises <see cref="PriorAuthEvents.CancelRequested"/> on the running orchestration of every line whose record
/// still waits for the payer (open, submitted, pended). The clearance runs each line as a sub-orchestration under
/// <see cref="AuthorizationPhase.LineInstanceId"/> (the first run under <see cref="PriorAuthInstances.For"/>, a run a
/// specialist asked for again under <c>-{attempt}</c>), so the event reaches it while it waits; the line cancels the
/// request at the payer (PAS update with certification type 3 / 278 UM02 3), records it cancelled, closes its overdue
/// items and ends. Safe to call twice: a line already cancelled is not open. A line still deciding or submitting (not
/// yet waiting) finds the event when it starts to wait.
/// <para>
/// A line whose record is open but whose orchestration is not running (it failed and waits for a specialist's
/// StepFailed decision) cannot be reached: it is logged and left (the caller closes the registration's work items).
/// </para>
/// </summary>
public sealed class AuthorizationCancellation(IAuthorizationStore records, ILogger<AuthorizationCancellation> logger)
{
    /// <summary>Raises the cancel event to every open line of <paramref name="registrationId"/>; returns the line keys it was raised to.</summary>
    /// <param name="why">Plain words without PHI, e.g. "visit cancelled".</param>
    public Task<IReadOnlyList<string>> CancelOpenLinesAsync(DurableTaskClient client, string registrationId, string why, CancellationToken cancellationToken) =>
        CancelLinesAsync(client, registrationId, _ => true, why, cancellationToken);

    /// <summary>Raises the cancel event to the open lines of <paramref name="registrationId"/> that <paramref name="which"/> picks; returns their line keys.</summary>
    public async Task<IReadOnlyList<string>> CancelLinesAsync(DurableTaskClient client, string registrationId, Func<AuthorizationRecord, bool> which, string why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(which);
        var raised = new List<string>();
        foreach (var (lineKey, instanceId) in await WaitingLinesAsync(client, registrationId, which, cancellationToken))
        {
            await client.RaiseEventAsync(instanceId, PriorAuthEvents.CancelRequested, new AuthorizationCancelEvent(why), cancellationToken);
            raised.Add(lineKey);
        }
        PriorAuthLog.CancellationRaised(logger, registrationId, raised.Count);
        return raised;
    }

    /// <summary>
    /// After a reschedule: the lines that hold or wait for an authorization whose dates do not cover the visit's new date
    /// (an approval's approved dates, else the dates asked for); the waiting ones among them are asked to cancel (the
    /// clearance then gives each to a specialist). Answers how many lines are outside. An approved line outside is left
    /// as it is: asking the payer again for the new date is not built (docs/visit-changes.md).
    /// </summary>
    public async Task<int> CancelOutsideTheVisitAsync(DurableTaskClient client, Domain.Registrations.Registration registration, string why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var date = Domain.Estimates.RegistrationEstimates.LocalDate(registration.Appointment.ScheduledAt, registration.Appointment.TimeZone);
        var outside = (await records.ListForRegistrationAsync(registration.Id.Value, cancellationToken)).Count(r => IsOutside(r, date));
        if (outside > 0) await CancelLinesAsync(client, registration.Id.Value, r => IsOutside(r, date), why, cancellationToken);
        return outside;
    }

    /// <summary>Whether a line that holds (approved, reused, modified) or waits for (open, submitted, pended) an authorization does not cover <paramref name="date"/>.</summary>
    public static bool IsOutside(AuthorizationRecord record, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.State is not (AuthorizationState.Approved or AuthorizationState.Reused or AuthorizationState.Modified) && record.State.IsSettled()) return false;
        var from = record.Decision?.ApprovedFrom ?? record.From;
        var to = record.Decision?.ApprovedTo ?? record.To;
        return date < from || date > to;
    }

    /// <summary>
    /// The open lines of <paramref name="registrationId"/> whose orchestration is running (line key and instance id):
    /// the only children a clearance can have while any of them runs, since the phase runs its lines and nothing else.
    /// </summary>
    public async Task<IReadOnlyList<(string LineKey, string InstanceId)>> WaitingLinesAsync(DurableTaskClient client, string registrationId, Func<AuthorizationRecord, bool>? which, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(registrationId);
        var waiting = new List<(string, string)>();
        foreach (var record in await records.ListForRegistrationAsync(registrationId, cancellationToken))
        {
            if (record.State.IsSettled() || (which is not null && !which(record))) continue;
            if (await RunningInstanceAsync(client, registrationId, record.LineKey, cancellationToken) is { } instanceId)
            {
                waiting.Add((record.LineKey, instanceId));
            }
            else
            {
                PriorAuthLog.LineNotRunning(logger, registrationId, record.LineKey, record.State);
            }
        }
        return waiting;
    }

    private static async Task<string?> RunningInstanceAsync(DurableTaskClient client, string registrationId, string lineKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= ClearanceSteps.MaxStepFailures; attempt++)
        {
            var instanceId = AuthorizationPhase.LineInstanceId(registrationId, lineKey, attempt);
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
            if (instance is null) return null;
            if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended) return instanceId;
        }
        return null;
    }
}
