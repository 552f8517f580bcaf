using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Notifications;

/// <summary>What one sweep did: registrations looked at, reminders written to the outbox, and why others were not.</summary>
public sealed record ReminderSweepResult(int Considered, int Enqueued, int NotDue, int AlreadyQueued, int Exhausted, int NotAllowed);

/// <summary>
/// The follow-up reminder sweep, run by the Functions timer and the LocalHost loop. For each registration waiting
/// for its insurance card it writes a CardNeeded reminder to the outbox when one is due, then lets the dispatcher
/// send what is due.
/// <list type="bullet">
/// <item>Due: <see cref="ReminderOptions.FirstReminderAfter"/> after the registration was created, then
/// <see cref="ReminderOptions.RepeatAfter"/> after the previous reminder of that purpose finished, at most
/// <see cref="ReminderOptions.MaxPerPurpose"/>; never while an earlier one is still pending.</item>
/// <item>Key: registration + purpose + sequence + channel, sequence = reminders of that purpose already in the
/// outbox. Two sweeps at once compute the same key, and the outbox keeps the first (idempotent enqueue); the
/// dispatcher's ETag claim then sends it once. A crash between enqueue and dispatch loses nothing: the next
/// sweep's dispatch sends it.</item>
/// <item><see cref="ContactPolicy"/> first: no consent or a passed appointment writes nothing; quiet hours and
/// caps write the message with SendAfter at the first allowed instant (the dispatcher decides again then).</item>
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
    IOptions<PortalOptions> portal,
    ILogger<ReminderSweep> logger)
{
    /// <summary>What the clearance waits for when the card reminder applies.</summary>
    public const string AwaitingCard = "InsuranceCard";

    /// <summary>Writes due reminders to the outbox, then dispatches everything due.</summary>
    public async Task<ReminderSweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = await EnqueueDueAsync(cancellationToken);
        await dispatch.DispatchDueAsync(time.GetUtcNow(), cancellationToken);
        return result;
    }

    /// <summary>Writes the reminders that are due now to the outbox (no sending).</summary>
    public async Task<ReminderSweepResult> EnqueueDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (portal.Value.BaseUrl is null)
        {
            Log.PortalNotConfigured(logger);
            return new ReminderSweepResult(0, 0, 0, 0, 0, 0);
        }
        var ids = await registrations.ListAtStageAsync(ClearanceStage.AwaitingCard, settings.BatchSize, cancellationToken);
        int enqueued = 0, notDue = 0, queued = 0, exhausted = 0, notAllowed = 0;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Outcome outcome;
            try
            {
                outcome = await ConsiderAsync(id, settings, cancellationToken);
            }
            catch (TransientDependencyException e)
            {
                // One registration's store hiccup must not stop the sweep; the next sweep tries it again.
                Log.ReminderSkipped(logger, id.Value, e.Dependency);
                continue;
            }
            switch (outcome)
            {
                case Outcome.Enqueued: enqueued++; break;
                case Outcome.NotDue: notDue++; break;
                case Outcome.AlreadyQueued: queued++; break;
                case Outcome.Exhausted: exhausted++; break;
                case Outcome.NotAllowed: notAllowed++; break;
                default: break;
            }
        }
        var result = new ReminderSweepResult(ids.Count, enqueued, notDue, queued, exhausted, notAllowed);
        if (ids.Count > 0) Log.ReminderSweepDone(logger, result.Considered, enqueued, notDue, queued, exhausted, notAllowed);
        return result;
    }

    private enum Outcome { Gone, Enqueued, NotDue, AlreadyQueued, Exhausted, NotAllowed }

    private async Task<Outcome> ConsiderAsync(RegistrationId id, ReminderOptions settings, CancellationToken cancellationToken)
    {
        Registration registration;
        try
        {
            registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        }
        catch (NotFoundException)
        {
            return Outcome.Gone;
        }
        if (registration.Stage != ClearanceStage.AwaitingCard || registration.Awaiting != AwaitingCard) return Outcome.Gone;

        const MessagePurpose purpose = MessagePurpose.CardNeeded;
        var now = time.GetUtcNow();
        var ledger = await recipients.LedgerAsync(registration, cancellationToken);
        NotificationChannel? chosen =
            registration.Patient.Phone is not null && ledger.Allows(NotificationChannel.Sms) ? NotificationChannel.Sms
            : registration.Patient.Email is not null && ledger.Allows(NotificationChannel.Email) ? NotificationChannel.Email
            : null;
        if (chosen is not { } channel)
        {
            Log.ReminderNotAllowed(logger, id.Value, purpose, ContactReason.ConsentNotGiven);
            return Outcome.NotAllowed;
        }

        var messages = await outbox.ListForRegistrationAsync(id, cancellationToken);
        var earlier = messages.Where(m => m.Purpose == purpose && m.Channel == channel).ToList();
        if (earlier.Exists(m => !m.IsFinal)) return Outcome.AlreadyQueued;
        if (earlier.Count >= settings.MaxPerPurpose) return Outcome.Exhausted;
        var dueAt = earlier.Count == 0
            ? registration.CreatedAt + settings.FirstReminderAfter
            : earlier.Max(m => m.CompletedUtc ?? m.CreatedUtc) + settings.RepeatAfter;
        if (dueAt > now) return Outcome.NotDue;

        var log = await outbox.GetContactLogAsync(id, channel, cancellationToken);
        var history = log.AsHistory()
            .Concat(messages.Where(m => m.Channel == channel && m.Status == OutboxStatus.Sent && !log.Contains(m.Key)).Select(m => m.AsHistory()).OfType<SentMessage>())
            .ToList();
        var decision = policy.Decide(channel, purpose, ledger, history, registration.Patient.TimeZone, registration.Appointment.ScheduledAt.ToUniversalTime(), now);
        if (decision.Kind is ContactDecisionKind.Drop or ContactDecisionKind.Suppress)
        {
            Log.ReminderNotAllowed(logger, id.Value, purpose, decision.Reason);
            return Outcome.NotAllowed;
        }

        var rendered = NotificationTemplates.Render(purpose, channel, MessageLanguages.FromTag(registration.Patient.Language),
            new TemplateValues(settings.FacilityName, PortalLink(id)), PhiContextOf(registration));
        var message = OutboxMessage.Create(id, earlier.Count, RegistrationRecipientDirectory.Patient, rendered, now,
            decision.Kind == ContactDecisionKind.SendAt ? decision.SendAtUtc : now);
        var stored = await outbox.EnqueueAsync(message, cancellationToken);
        Log.ReminderEnqueued(logger, id.Value, stored.Key.Value, stored.SendAfterUtc > now);
        return Outcome.Enqueued;
    }

    /// <summary>
    /// An opaque portal link: the registration id (a random GUID, no names or dates) in base64url, 22 characters,
    /// so facility and link fit one SMS segment.
    /// </summary>
    public Uri PortalLink(RegistrationId id)
    {
        var baseUrl = portal.Value.BaseUrl ?? throw new InvalidOperationException("Portal:BaseUrl is not configured.");
        var token = Convert.ToBase64String(Guid.ParseExact(id.Value, "N").ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new Uri(baseUrl, "c/" + token);
    }

    private static PhiContext PhiContextOf(Registration registration)
    {
        var name = registration.Patient.Name;
        var names = new[] { name.Given, name.Family, name.Middle }.OfType<string>().Where(n => n.Length > 1).ToList();
        var insurance = registration.TypedInsurance;
        var others = new[] { insurance?.MemberId, insurance?.PayerName, insurance?.GroupNumber, registration.Patient.Phone?.Value, registration.Patient.Email?.Value }
            .OfType<string>().Where(v => v.Length > 2).ToList();
        return new PhiContext(names, others);
    }
}
