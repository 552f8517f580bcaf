using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Portal;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Workflow.Clearance;

/// <summary>The appointment's service lines by key ("1", "2"...), as <see cref="ServiceLine.FromAppointment"/> numbers them. Reads only.</summary>
[DurableTask(nameof(ListAuthorizationLinesActivity))]
public sealed class ListAuthorizationLinesActivity(IRegistrationStore registrations, AuthorizationRequester requester)
    : TaskActivity<AuthorizationLinesRequest, StepAnswer>
{
    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, AuthorizationLinesRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var registration = (await registrations.GetAsync(RegistrationId.Parse(input.RegistrationId), CancellationToken.None)).Value;
        var keys = ServiceLine.FromAppointment(registration.Appointment, requester.PlaceOfService).Select(l => l.LineKey).ToArray();
        return StepAnswer.For(input.Step, keys);
    }
}

/// <summary>
/// Writes a service line's authorization onto the registration from its record (state, reason in plain words, payer
/// reference, decision, approved dates and units, clock). Idempotent: the same line written again changes nothing.
/// </summary>
[DurableTask(nameof(RecordAuthorizationLineActivity))]
public sealed class RecordAuthorizationLineActivity(IAuthorizationStore records, RegistrationUpdater updater, ILogger<RecordAuthorizationLineActivity> logger)
    : TaskActivity<AuthorizationLineRequest, StepAnswer>
{
    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, AuthorizationLineRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var record = (await records.FindAsync(input.RegistrationId, input.LineKey, CancellationToken.None))?.Value;
        var line = record is null
            ? new AuthorizationLine(input.LineKey, string.Empty, AuthorizationState.NeedsSpecialist, "no-record",
                input.Explanation ?? $"Service line {input.LineKey}: no authorization record was written.", updater.Now)
            : AuthorizationLine.From(record, AuthorizationLine.ReasonFor(record, input.Explanation), updater.Now);
        if (input.SettledBy == AuthorizationSettledBy.Specialist)
        {
            line = line with { SettledBy = AuthorizationSettledBy.Specialist, WorkItemId = input.WorkItemId, Reason = $"{line.Reason} A specialist settled this line and let the clearance go on." };
        }
        await updater.UpdateAsync(RegistrationId.Parse(input.RegistrationId), r => r.RecordAuthorization(line, updater.Now),
            $"authorization line {input.LineKey}: {line.State} ({line.ReasonCode}){(input.SettledBy == AuthorizationSettledBy.Specialist ? ", settled by a specialist" : string.Empty)}",
            CancellationToken.None);
        PriorAuthLog.LineRecorded(logger, input.RegistrationId, input.LineKey, line.State, line.ReasonCode);
        return StepAnswer.For(input.Step, line.State);
    }
}

/// <summary>
/// The patient's message about the authorizations (<see cref="MessagePurpose.VisitReady"/> or
/// <see cref="MessagePurpose.AuthorizationUpdate"/>), through the templates (with the visit's date in the clinic's zone,
/// which the PHI guard allows) and the outbox, under the contact policy as the reminders are: no consent, a passed
/// visit or a cancelled one writes nothing; quiet hours and caps hold it until the first allowed instant. The key is registration +
/// purpose + <see cref="AuthorizationMessageRequest.Sequence"/> + channel, so a repeated step writes the same message once.
/// Answers whether a message was written.
/// </summary>
[DurableTask(nameof(SendAuthorizationMessageActivity))]
public sealed class SendAuthorizationMessageActivity(
    IRegistrationStore registrations,
    INotificationOutbox outbox,
    RegistrationRecipientDirectory recipients,
    ContactPolicy policy,
    PatientLinks links,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<SendAuthorizationMessageActivity> logger)
    : TaskActivity<AuthorizationMessageRequest, StepAnswer>
{
    /// <summary>The actor the audit names for links this activity issues.</summary>
    public const string Actor = "prior-authorization";

    public override async Task<StepAnswer> RunAsync(TaskActivityContext context, AuthorizationMessageRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = RegistrationId.Parse(input.RegistrationId);
        var registration = (await registrations.GetAsync(id, CancellationToken.None)).Value;
        if (registration.Stage == ClearanceStage.Cancelled)
        {
            // A step that outlived its cancelled clearance (ADR 0018): nothing about the visit any more.
            PriorAuthLog.PatientMessage(logger, input.RegistrationId, input.Purpose, "not sent: the visit is cancelled");
            return StepAnswer.For(input.Step, false);
        }
        var now = time.GetUtcNow();
        var ledger = await recipients.LedgerAsync(registration, CancellationToken.None);
        if (!links.Configured || ReminderSweep.ChannelFor(registration, ledger) is not { } channel)
        {
            PriorAuthLog.PatientMessage(logger, input.RegistrationId, input.Purpose, "not sent: no channel the patient allows, or no portal");
            return StepAnswer.For(input.Step, false);
        }
        var messages = await outbox.ListForRegistrationAsync(id, CancellationToken.None);
        var key = MessageKey.Create(id, input.Purpose, input.Sequence, channel);
        if (messages.Any(m => m.Key == key)) return StepAnswer.For(input.Step, true);

        var appointmentAt = registration.Appointment.ScheduledAt.ToUniversalTime();
        var history = await ReminderSweep.HistoryAsync(outbox, id, channel, messages, CancellationToken.None);
        var decision = policy.Decide(channel, input.Purpose, ledger, history, registration.Patient.TimeZone, appointmentAt, now);
        if (decision.Kind is ContactDecisionKind.Drop or ContactDecisionKind.Suppress)
        {
            PriorAuthLog.PatientMessage(logger, input.RegistrationId, input.Purpose, $"not sent: {decision.Reason}");
            return StepAnswer.For(input.Step, false);
        }
        var link = await links.IssueAsync(registration, Actor, CancellationToken.None);
        var rendered = NotificationTemplates.Render(input.Purpose, channel, MessageLanguages.FromTag(registration.Patient.Language),
            new TemplateValues(options.Value.FacilityName, link.Url, VisitDate: VisitDate(registration.Appointment)), ReminderSweep.PhiContextOf(registration));
        var message = OutboxMessage.Create(id, input.Sequence, RegistrationRecipientDirectory.Patient, rendered, now);
        if (decision.Kind == ContactDecisionKind.SendAt && decision.SendAtUtc is { } sendAt && sendAt > now) message = message.Defer(sendAt, decision.Reason);
        var stored = await outbox.EnqueueAsync(message, CancellationToken.None);
        PriorAuthLog.PatientMessage(logger, input.RegistrationId, input.Purpose, $"written as {stored.Key.Value}");
        return StepAnswer.For(input.Step, true);
    }

    /// <summary>The visit's date on the clinic's calendar (the appointment's zone; UTC when the zone is unknown).</summary>
    public static DateOnly VisitDate(Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(appointment.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
        }
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(appointment.ScheduledAt, zone).DateTime);
    }
}
