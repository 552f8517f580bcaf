using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Workflow.Notifications;

/// <summary>
/// Input of <see cref="SendPatientMessageActivity"/>: ids and a purpose only. <paramref name="Sequence"/> numbers the
/// message of this purpose for the registration (its outbox key), so the same step always writes the same message.
/// </summary>
public sealed record PatientMessageRequest(string RegistrationId, string Step, MessagePurpose Purpose, int Sequence = 0);

/// <summary>What became of a patient message the clearance asked for.</summary>
public enum PatientMessageOutcome
{
    /// <summary>Written to the outbox (now, or held until quiet hours end); or found there already.</summary>
    Queued,
    /// <summary>Neither channel may be used (no address, or no consent): nothing written.</summary>
    NoConsent,
    /// <summary>The contact policy refused it (caps, the visit passed): nothing written.</summary>
    NotAllowed,
    /// <summary>Portal:BaseUrl is not set, so no link can be written: nothing written.</summary>
    NoPortal,
}

/// <summary>
/// Writes one patient message of the clearance to the outbox (e.g. "you are all set, your estimate is on your page"):
/// the channel as for reminders (SMS with a phone and consent, else email with consent), the contact policy first
/// (quiet hours hold it, caps or a passed visit drop it), a fresh patient link in the text, never an amount or PHI (the
/// templates and the PHI check see to that; the amount is only on the patient page). Idempotent by its outbox key
/// (registration, purpose, sequence, channel): a repeated step finds its message and writes nothing.
/// </summary>
[DurableTask(nameof(SendPatientMessageActivity))]
public sealed class SendPatientMessageActivity(
    IRegistrationStore registrations,
    INotificationOutbox outbox,
    RegistrationRecipientDirectory recipients,
    ContactPolicy policy,
    PatientLinks links,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    ILogger<SendPatientMessageActivity> logger)
    : TaskActivity<PatientMessageRequest, StepAnswer>
{
    /// <summary>The actor the audit names for links this activity issues.</summary>
    public const string Actor = "clearance";

    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, PatientMessageRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = await SendAsync(input);
        Log.PatientMessage(logger, input.RegistrationId, input.Purpose, outcome);
        return StepAnswer.For(input.Step, outcome);
    }

    private async Task<PatientMessageOutcome> SendAsync(PatientMessageRequest input)
    {
        if (!links.Configured) return PatientMessageOutcome.NoPortal;
        var id = RegistrationId.Parse(input.RegistrationId);
        var registration = (await registrations.GetAsync(id, CancellationToken.None)).Value;
        var ledger = await recipients.LedgerAsync(registration, CancellationToken.None);
        if (ReminderSweep.ChannelFor(registration, ledger) is not { } channel) return PatientMessageOutcome.NoConsent;
        var key = MessageKey.Create(id, input.Purpose, input.Sequence, channel);
        if (await outbox.FindAsync(id, key, CancellationToken.None) is not null) return PatientMessageOutcome.Queued;

        var now = time.GetUtcNow();
        var appointmentAt = registration.Appointment.ScheduledAt.ToUniversalTime();
        var messages = await outbox.ListForRegistrationAsync(id, CancellationToken.None);
        var history = await ReminderSweep.HistoryAsync(outbox, id, channel, messages, CancellationToken.None);
        var decision = policy.Decide(channel, input.Purpose, ledger, history, registration.Patient.TimeZone, appointmentAt, now);
        if (decision.Kind is ContactDecisionKind.Drop or ContactDecisionKind.Suppress) return PatientMessageOutcome.NotAllowed;

        var link = await links.IssueAsync(registration, Actor, CancellationToken.None);
        var visitDate = RegistrationEstimates.LocalDate(registration.Appointment.ScheduledAt, registration.Appointment.TimeZone);
        var rendered = NotificationTemplates.Render(input.Purpose, channel, MessageLanguages.FromTag(registration.Patient.Language),
            new TemplateValues(options.Value.FacilityName, link.Url, VisitDate: visitDate), ReminderSweep.PhiContextOf(registration));
        var message = OutboxMessage.Create(id, input.Sequence, RegistrationRecipientDirectory.Patient, rendered, now);
        if (decision.Kind == ContactDecisionKind.SendAt && decision.SendAtUtc is { } allowedAt && allowedAt > now) message = message.Defer(allowedAt, decision.Reason);
        await outbox.EnqueueAsync(message, CancellationToken.None);
        return PatientMessageOutcome.Queued;
    }
}
