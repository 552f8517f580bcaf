using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Workflow.Operations;

/// <summary>The body of POST /api/registrations/{id}/cancellation: why, and whether the patient wants a confirmation message.</summary>
public sealed record CancellationRequest(string? Reason, bool? Confirmation);

/// <summary>What a cancellation did: when the visit was cancelled (the first request's time on a repeat), and what it stopped.</summary>
/// <param name="Replayed">The visit was cancelled already (a repeated request): nothing new was recorded.</param>
public sealed record CancellationResult(
    string RegistrationId,
    DateTimeOffset CancelledAt,
    bool Replayed,
    int WorkItemsClosed,
    int AuthorizationsCancelled,
    PatientMessageOutcome? Confirmation);

/// <summary>What a reschedule did: whether anything changed, and what it set off again.</summary>
/// <param name="Replayed">The visit was at this appointment already (a repeated request): nothing changed.</param>
/// <param name="EligibilityRecheck">The re-check orchestration started because the new date is outside the checked
/// coverage (null: none needed, or the clearance still runs and checks with the new date itself).</param>
/// <param name="AuthorizationsOutsideTheVisit">Authorization lines whose dates (an approval's approved dates, else the
/// dates asked for) no longer cover the visit: the pending ones were asked to cancel (the clearance then gives the line
/// to a specialist); an approved one is left as it is and a specialist requests a new one (docs/visit-changes.md).</param>
public sealed record RescheduleResult(string RegistrationId, bool Replayed, bool EligibilityStale, bool EstimateStale, string? EligibilityRecheck, int AuthorizationsOutsideTheVisit);

/// <summary>
/// Visits that change (issue 15): a reschedule and a cancellation. It records the cancellation on the registration (stage
/// <see cref="ClearanceStage.Cancelled"/>, terminal: <see cref="RegistrationUpdater"/> drops any later change that would
/// leave it or start reminders again), stops the clearance and a running re-check with their children (terminated, so
/// no further step, reminder or payer question), asks every authorization line not yet settled to cancel its request at
/// the payer (<see cref="AuthorizationCancellation"/>), closes the open work items with the reason, and sends only the
/// confirmation the patient asked for. Idempotent: a repeated request finds the visit
/// cancelled, keeps the first cancellation and does the rest again (each part is itself idempotent).
/// </summary>
public sealed class VisitChangeOperations(
    IRegistrationStore registrations,
    IWorkItemStore workItems,
    RegistrationUpdater updater,
    PatientMessenger messenger,
    ILogger<VisitChangeOperations> logger,
    AuthorizationCancellation authorizations)
{
    /// <summary>The longest reason taken.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>
    /// Moves the visit to <paramref name="form"/> (validated as at pre-registration) and re-runs what the move invalidates:
    /// eligibility when the new date falls outside the checked coverage (the re-check orchestration for the new visit,
    /// when the clearance has finished; a running clearance checks with the new date when it gets there), and the
    /// authorization lines whose dates no longer cover the visit (pending ones asked to cancel). The pre-visit re-check
    /// date and the reminders' timing follow the new appointment by themselves. Idempotent: the same appointment again
    /// changes nothing (a re-check already started for this visit time is found by its id).
    /// </summary>
    /// <exception cref="ValidationException">A field of the appointment is invalid.</exception>
    /// <exception cref="ClearanceFinishedException">The visit is cancelled.</exception>
    public async Task<RescheduleResult> RescheduleAsync(DurableTaskClient client, RegistrationId id, AppointmentForm? form, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var appointment = RegistrationForm.ValidateReschedule(form, updater.Now);
        VisitMove? move = null;
        var stage = (await registrations.GetAsync(id, cancellationToken)).Value.Stage;
        if (stage == ClearanceStage.Cancelled) throw new ClearanceFinishedException(id, stage.ToString(), "changes to the visit");
        await updater.UpdateAsync(id, r => (move = r.Reschedule(appointment, updater.Now)) is not null, "visit rescheduled", cancellationToken, actor: by);
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        string? recheck = null;
        if (move is { EligibilityStale: true } && registration.Stage is ClearanceStage.Cleared or ClearanceStage.EligibilityVerified)
        {
            recheck = EligibilityRecheckOrchestrator.InstanceIdFor(registration);
            if (await client.GetInstanceAsync(recheck, getInputsAndOutputs: false, cancellationToken) is null)
            {
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(EligibilityRecheckOrchestrator), EligibilityRecheckOrchestrator.InputFor(registration),
                    new StartOrchestrationOptions(recheck), cancellationToken);
            }
        }
        var outside = await authorizations.CancelOutsideTheVisitAsync(client, registration, "visit rescheduled", cancellationToken);
        Log.VisitRescheduled(logger, id.Value, move is null, move?.EligibilityStale ?? false, recheck is not null, outside);
        return new RescheduleResult(id.Value, move is null, move?.EligibilityStale ?? false, move?.EstimateStale ?? false, recheck, outside);
    }

    /// <exception cref="ValidationException">No reason, or one too long or with control characters.</exception>
    /// <exception cref="NotFoundException">Unknown registration.</exception>
    public async Task<CancellationResult> CancelAsync(DurableTaskClient client, RegistrationId id, CancellationRequest request, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) throw new ValidationException([new ValidationError("reason", "is required: why the visit is cancelled")]);
        if (FieldRules.CheckFreeText(reason, MaxReasonLength) is { } problem) throw new ValidationException([new ValidationError("reason", problem)]);

        var asked = new VisitCancellation(reason, updater.Now, by, request.Confirmation == true);
        var first = await updater.UpdateAsync(id, r => r.Cancel(asked), "visit cancelled", cancellationToken, actor: by);
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        var cancellation = registration.Cancellation ?? throw new InvalidOperationException($"Registration {id.Value} was not cancelled.");

        // The clearance and a running re-check stop, and so do their children by their own ids (an eligibility round
        // in flight; ClearanceStop): no backend is trusted to apply a recursive termination. Authorization lines are
        // left running to cancel their requests at the payer (asked just below); every activity of every child checks
        // the cancelled registration before a payer call or a message all the same.
        var lines = PriorAuthInstances.For(id.Value, string.Empty);
        await ClearanceStop.TerminateAsync(client, id.ClearanceInstanceId, "visit cancelled", child => !child.StartsWith(lines, StringComparison.Ordinal), cancellationToken);
        await ClearanceStop.TerminateAsync(client, EligibilityRecheckOrchestrator.InstanceIdFor(registration), "visit cancelled", _ => true, cancellationToken);
        var authorizationsCancelled = (await authorizations.CancelOpenLinesAsync(client, id.Value, "visit cancelled", cancellationToken)).Count;
        var closed = await CloseWorkItemsAsync(id, cancellation, cancellationToken);
        PatientMessageOutcome? confirmation = cancellation.ConfirmationRequested
            ? await messenger.SendAsync(id, MessagePurpose.VisitCancelled, 0, by, cancellationToken)
            : null;
        Log.VisitCancelled(logger, id.Value, !first, closed, authorizationsCancelled, confirmation?.ToString() ?? "not asked");
        return new CancellationResult(id.Value, cancellation.At, !first, closed, authorizationsCancelled, confirmation);
    }

    /// <summary>Closes the registration's open work items with the cancellation's reason.</summary>
    private async Task<int> CloseWorkItemsAsync(RegistrationId id, VisitCancellation cancellation, CancellationToken cancellationToken)
    {
        var closed = 0;
        foreach (var item in await workItems.ListForRegistrationAsync(id.Value, cancellationToken))
        {
            if (item.Status != WorkItemStatus.Open) continue;
            try
            {
                var current = await workItems.GetAsync(id.Value, item.Id, cancellationToken);
                if (current.Value.Status != WorkItemStatus.Open) continue;
                await workItems.ReplaceAsync(current.Value.Resolve(cancellation.By, ResolutionAction.Close, $"Visit cancelled: {cancellation.Reason}", updater.Now), current.ETag, cancellationToken);
                closed++;
            }
            catch (ConcurrencyConflictException)
            {
                // A specialist resolved it at this moment; theirs stands.
            }
        }
        return closed;
    }
}
