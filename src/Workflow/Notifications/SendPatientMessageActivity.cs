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
/// Writes one patient message (not a reminder) to the outbox: the channel as for reminders (SMS with a phone and
/// consent, else email with consent), the contact policy first (quiet hours hold it, caps or a passed visit drop it), a
/// fresh patient link in the text, never an amount or PHI (the templates and the PHI check see to that). Idempotent by
/// its outbox key (registration, purpose, sequence, channel): the same message asked for again writes nothing.
/// </summary>
public sealed class PatientMessenger(
    IRegistrationStore registrations,
    INotificationOutbox outbox,
    RegistrationRecipientDirectory recipients,
    ContactPolicy policy,
    PatientLinks links,
    TimeProvider time,
    IOptions<ReminderOptions> options)
{
    /// <param name="actor">Who the audit names for the link in the message.</param>
    public async Task<PatientMessageOutcome> SendAsync(RegistrationId id, MessagePurpose purpose, int sequence, string actor, CancellationToken cancellationToken)
    {
        if (!links.Configured) return PatientMessageOutcome.NoPortal;
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        // A cancelled visit gets its confirmation and nothing else (a clearance step that outlived it: ADR 0018).
        if (registration.Stage == ClearanceStage.Cancelled && purpose != MessagePurpose.VisitCancelled) return PatientMessageOutcome.NotAllowed;
        var ledger = await recipients.LedgerAsync(registration, cancellationToken);
        if (ReminderSweep.ChannelFor(registration, ledger) is not { } channel) return PatientMessageOutcome.NoConsent;
        var key = MessageKey.Create(id, purpose, sequence, channel);
        if (await outbox.FindAsync(id, key, cancellationToken) is not null) return PatientMessageOutcome.Queued;

        var now = time.GetUtcNow();
        var appointmentAt = registration.Appointment.ScheduledAt.ToUniversalTime();
        var messages = await outbox.ListForRegistrationAsync(id, cancellationToken);
        var history = await ReminderSweep.HistoryAsync(outbox, id, channel, messages, cancellationToken);
        var decision = policy.Decide(channel, purpose, ledger, history, registration.Patient.TimeZone, appointmentAt, now);
        if (decision.Kind is ContactDecisionKind.Drop or ContactDecisionKind.Suppress) return PatientMessageOutcome.NotAllowed;

        var link = await links.IssueAsync(registration, actor, cancellationToken);
        var visitDate = RegistrationEstimates.LocalDate(registration.Appointment.ScheduledAt, registration.Appointment.TimeZone);
        var rendered = NotificationTemplates.Render(purpose, channel, MessageLanguages.FromTag(registration.Patient.Language),
            new TemplateValues(options.Value.FacilityName, link.Url, VisitDate: visitDate), ReminderSweep.PhiContextOf(registration));
        var message = OutboxMessage.Create(id, sequence, RegistrationRecipientDirectory.Patient, rendered, now);
        if (decision.Kind == ContactDecisionKind.SendAt && decision.SendAtUtc is { } allowedAt && allowedAt > now) message = message.Defer(allowedAt, decision.Reason);
        await outbox.EnqueueAsync(message, cancellationToken);
        return PatientMessageOutcome.Queued;
    }
}

/// <summary>A patient message of the clearance (e.g. "your estimate is on your page"), through <see cref="PatientMessenger"/>.</summary>
[DurableTask(nameof(SendPatientMessageActivity))]
public sealed class SendPatientMessageActivity(PatientMessenger messenger, ILogger<SendPatientMessageActivity> logger)
    : TaskActivity<PatientMessageRequest, StepAnswer>
{
    /// <summary>The actor the audit names for links this activity issues.</summary>
    public const string Actor = "clearance";

    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, PatientMessageRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = await messenger.SendAsync(RegistrationId.Parse(input.RegistrationId), input.Purpose, input.Sequence, Actor, CancellationToken.None);
        Log.PatientMessage(logger, input.RegistrationId, input.Purpose, outcome);
        return StepAnswer.For(input.Step, outcome);
    }
}
