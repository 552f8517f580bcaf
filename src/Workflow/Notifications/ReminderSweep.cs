using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Workflow.Notifications;

/// <summary>What one sweep did: registrations found due, reminders written, give-ups told to the clearance, and why others were not.</summary>
public sealed record ReminderSweepResult(int Considered, int Enqueued, int NotDue, int AlreadyQueued, int GaveUp, int NotAllowed);

/// <summary>
/// The follow-up reminder sweep, run by the Functions timer and the LocalHost loop. The clearance records on the
/// registration what it waits for the patient to do and when the next reminder is due
/// (<see cref="PatientFollowUp"/>); the sweep finds the due ones through an indexed query, writes the reminder to the
/// outbox and records the next due time, then lets the dispatcher send what is due.
/// <list type="bullet">
/// <item>Text: card needed, card unreadable (also after a refused upload), or action needed (check the insurance);
/// within <see cref="ReminderOptions.AppointmentWindow"/> of the visit the appointment reminder instead.</item>
/// <item>Give-up: when <see cref="ReminderOptions.GiveUpAfter"/> reminders went out and the next is due, the sweep
/// raises <see cref="ClearanceEvents.PatientUnresponsive"/> to the clearance (which marks the registration incomplete
/// and opens a work item) and stops the reminders.</item>
/// <item>Exactly once: the message key is registration + purpose + the registration's reminder count + channel, read
/// with the registration's ETag. Two sweeps at once compute the same key and the outbox keeps the first; only one
/// of them counts the reminder (the other's ETag write fails, it reads again and finds it counted). When the clearance
/// wrote the registration in between (a card arrived and stopped the reminders), the reminder is counted on the new
/// version all the same: every reminder in the outbox is counted once. A crash between writing the message and
/// counting it repeats the same key on the next sweep while the reminder is still due.</item>
/// <item><see cref="ContactPolicy"/> first: no consent or a passed visit writes nothing and looks again later; quiet
/// hours and caps write the message with SendAfter at the first allowed instant (the dispatcher decides again then).</item>
/// <item>Channel: SMS when the patient has a phone and SMS consent, else email with email consent.</item>
/// </list>
/// </summary>
public sealed class ReminderSweep(
    IRegistrationStore registrations,
    INotificationOutbox outbox,
    RegistrationRecipientDirectory recipients,
    ContactPolicy policy,
    IDueMessageDispatch dispatch,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    PatientLinks links,
    ILogger<ReminderSweep> logger)
{
    /// <summary>Writes due reminders to the outbox and tells clearances about unanswered ones, then dispatches everything due.</summary>
    public async Task<ReminderSweepResult> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var result = await EnqueueDueAsync(client, cancellationToken);
        await dispatch.DispatchDueAsync(time.GetUtcNow(), cancellationToken);
        return result;
    }

    /// <summary>Writes the reminders that are due now to the outbox (no sending).</summary>
    public async Task<ReminderSweepResult> EnqueueDueAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = options.Value;
        if (!links.Configured)
        {
            Log.PortalNotConfigured(logger);
            return new ReminderSweepResult(0, 0, 0, 0, 0, 0);
        }
        var ids = await registrations.ListRemindersDueAsync(time.GetUtcNow(), settings.BatchSize, cancellationToken);
        int enqueued = 0, notDue = 0, queued = 0, gaveUp = 0, notAllowed = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Outcome outcome;
            try
            {
                outcome = await ConsiderAsync(client, id, settings, cancellationToken);
            }
            catch (TransientDependencyException e)
            {
                // One registration's store hiccup must not stop the sweep; the next sweep tries it again.
                Log.ReminderSkipped(logger, id.Value, e.Dependency);
                continue;
            }
            catch (ConcurrencyConflictException)
            {
                // The clearance or another sweep wrote the registration since it was read: theirs stands, and a
                // message written here has the key the other sweep used, so nothing goes out twice.
                continue;
            }
            switch (outcome)
            {
                case Outcome.Enqueued: enqueued++; break;
                case Outcome.NotDue: notDue++; break;
                case Outcome.AlreadyQueued: queued++; break;
                case Outcome.GaveUp: gaveUp++; break;
                case Outcome.NotAllowed: notAllowed++; break;
                default: break;
            }
        }
        var result = new ReminderSweepResult(ids.Count, enqueued, notDue, queued, gaveUp, notAllowed);
        if (ids.Count > 0) Log.ReminderSweepDone(logger, result.Considered, enqueued, notDue, queued, gaveUp, notAllowed);
        return result;
    }

    private const int MaxCountAttempts = 5;

    private enum Outcome { Gone, Enqueued, NotDue, AlreadyQueued, GaveUp, NotAllowed }

    /// <summary>The text of the reminder for a wait, as the visit comes closer.</summary>
    public static MessagePurpose PurposeFor(PatientTask task, bool nearAppointment) =>
        nearAppointment ? MessagePurpose.AppointmentReminder : task switch
        {
            PatientTask.RetakeCard => MessagePurpose.CardUnreadable,
            PatientTask.ConfirmInsurance => MessagePurpose.ActionNeeded,
            PatientTask.SignForms => MessagePurpose.ConsentNeeded,
            _ => MessagePurpose.CardNeeded,
        };

    private async Task<Outcome> ConsiderAsync(DurableTaskClient client, RegistrationId id, ReminderOptions settings, CancellationToken cancellationToken)
    {
        Versioned<Registration> current;
        try
        {
            current = await registrations.GetAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return Outcome.Gone;
        }
        var registration = current.Value;
        var now = time.GetUtcNow();
        if (registration.FollowUp is not { NextReminderAt: { } due } followUp || due > now) return Outcome.NotDue;
        var cadence = settings.Cadence;
        var appointmentAt = registration.Appointment.ScheduledAt.ToUniversalTime();

        if (followUp.RemindersSent >= cadence.GiveUpAfter)
        {
            // Tell first, then record: a crash in between tells again, and the clearance takes the first one for
            // this wait only (the event names the wait's step).
            await client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.PatientUnresponsive,
                new PatientUnresponsiveEvent(followUp.Step, followUp.RemindersSent), cancellationToken);
            registration.GiveUpFollowUp(now);
            await registrations.ReplaceAsync(registration, current.ETag, cancellationToken);
            Log.ReminderGaveUp(logger, id.Value, followUp.RemindersSent);
            return Outcome.GaveUp;
        }

        var purpose = PurposeFor(followUp.Task, cadence.IsNearAppointment(now, appointmentAt));
        var ledger = await recipients.LedgerAsync(registration, cancellationToken);
        if (ChannelFor(registration, ledger) is not { } channel)
        {
            // Nothing may be sent now; consent can come back (START), so look again after the usual pause.
            return await PostponeAsync(current, purpose, ContactReason.ConsentNotGiven, cadence.NextReminder(now, appointmentAt), cancellationToken);
        }

        var messages = await outbox.ListForRegistrationAsync(id, cancellationToken);
        if (messages.Any(m => !m.IsFinal && m.Purpose.IsReminder())) return Outcome.AlreadyQueued;

        var history = await HistoryAsync(outbox, id, channel, messages, cancellationToken);
        var decision = policy.Decide(channel, purpose, ledger, history, registration.Patient.TimeZone, appointmentAt, now);
        if (decision.Kind is ContactDecisionKind.Drop or ContactDecisionKind.Suppress)
        {
            return await PostponeAsync(current, purpose, decision.Reason, cadence.NextReminder(now, appointmentAt), cancellationToken);
        }

        var sendAt = decision.Kind == ContactDecisionKind.SendAt && decision.SendAtUtc is { } allowedAt ? allowedAt : now;
        // A fresh capability link per message (stored hashed, expiring a few days after the visit). A crash before the
        // reminder is recorded repeats the message key, and the outbox keeps the first message with its own link.
        var link = await links.IssueAsync(registration, ReminderActor, cancellationToken);
        var rendered = NotificationTemplates.Render(purpose, channel, MessageLanguages.FromTag(registration.Patient.Language),
            new TemplateValues(settings.FacilityName, link.Url), PhiContextOf(registration));
        var message = OutboxMessage.Create(id, registration.RemindersSent, RegistrationRecipientDirectory.Patient, rendered, now);
        // Held (quiet hours, a cap): written with the time and the reason, as the dispatcher would defer it, so the
        // outbox says why it waits.
        if (sendAt > now) message = message.Defer(sendAt, decision.Reason);
        var stored = await outbox.EnqueueAsync(message, cancellationToken);
        await CountReminderAsync(current, registration.RemindersSent, followUp.Step, cadence.NextReminder(sendAt, appointmentAt), cancellationToken);
        Log.ReminderEnqueued(logger, id.Value, stored.Key.Value, stored.SendAfterUtc > now);
        return Outcome.Enqueued;
    }

    /// <summary>
    /// Counts the reminder just written (its key was made with <paramref name="number"/>) on the registration. When the
    /// registration was written since it was read (the card arrived and the clearance stopped the reminders, or another
    /// sweep counted the same key), it reads it again and counts on that version: the message is in the outbox, so the
    /// count must say so, once (<see cref="Registration.CountReminder"/>).
    /// </summary>
    private async Task CountReminderAsync(Versioned<Registration> read, int number, string step, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        var current = read;
        for (var attempt = 1; ; attempt++)
        {
            if (!current.Value.CountReminder(number, step, next, time.GetUtcNow())) return;
            try
            {
                await registrations.ReplaceAsync(current.Value, current.ETag, cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxCountAttempts)
            {
                current = await registrations.GetAsync(current.Value.Id, cancellationToken);
            }
        }
    }

    private async Task<Outcome> PostponeAsync(Versioned<Registration> current, MessagePurpose purpose, ContactReason reason, DateTimeOffset? next, CancellationToken cancellationToken)
    {
        current.Value.PostponeReminder(next, time.GetUtcNow());
        await registrations.ReplaceAsync(current.Value, current.ETag, cancellationToken);
        Log.ReminderNotAllowed(logger, current.Value.Id.Value, purpose, reason);
        return Outcome.NotAllowed;
    }

    /// <summary>SMS when the patient has a phone and SMS consent, else email with email consent; null when neither.</summary>
    internal static NotificationChannel? ChannelFor(Registration registration, ConsentLedger ledger) =>
        registration.Patient.Phone is not null && ledger.Allows(NotificationChannel.Sms) ? NotificationChannel.Sms
        : registration.Patient.Email is not null && ledger.Allows(NotificationChannel.Email) ? NotificationChannel.Email
        : null;

    /// <summary>What the patient was sent on <paramref name="channel"/>: the contact log and sent messages it does not hold yet.</summary>
    internal static async Task<List<SentMessage>> HistoryAsync(INotificationOutbox outbox, RegistrationId id, NotificationChannel channel, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var log = await outbox.GetContactLogAsync(id, channel, cancellationToken);
        return log.AsHistory()
            .Concat(messages.Where(m => m.Channel == channel && m.Status == OutboxStatus.Sent && !log.Contains(m.Key)).Select(m => m.AsHistory()).OfType<SentMessage>())
            .ToList();
    }

    /// <summary>The actor the audit names for links the sweep issues.</summary>
    public const string ReminderActor = "reminders";

    internal static PhiContext PhiContextOf(Registration registration)
    {
        var name = registration.Patient.Name;
        var names = new[] { name.Given, name.Family, name.Middle }.OfType<string>().Where(n => n.Length > 1).ToList();
        var insurance = registration.TypedInsurance;
        var others = new[] { insurance?.MemberId, insurance?.PayerName, insurance?.GroupNumber, registration.Patient.Phone?.Value, registration.Patient.Email?.Value }
            .OfType<string>().Where(v => v.Length > 2).ToList();
        return new PhiContext(names, others);
    }
}
