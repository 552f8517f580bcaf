using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Workflow;

/// <summary>Log lines of the reminder sweep: ids, keys, purposes and reasons only.</summary>
internal static partial class Log
{
    [LoggerMessage(1200, LogLevel.Information, "Registration {RegistrationId}: reminder {MessageKey} written to the outbox (waits for an allowed time: {Deferred})")]
    public static partial void ReminderEnqueued(ILogger logger, string registrationId, string messageKey, bool deferred);

    [LoggerMessage(1201, LogLevel.Information, "Registration {RegistrationId}: no {Purpose} reminder ({Reason})")]
    public static partial void ReminderNotAllowed(ILogger logger, string registrationId, MessagePurpose purpose, ContactReason reason);

    [LoggerMessage(1202, LogLevel.Warning, "Registration {RegistrationId}: reminder skipped this sweep, {Dependency} unavailable")]
    public static partial void ReminderSkipped(ILogger logger, string registrationId, string dependency);

    [LoggerMessage(1203, LogLevel.Information, "Reminder sweep: {Considered} due, {Enqueued} written, {NotDue} not due, {Queued} already queued, {GaveUp} given up, {NotAllowed} not allowed")]
    public static partial void ReminderSweepDone(ILogger logger, int considered, int enqueued, int notDue, int queued, int gaveUp, int notAllowed);

    [LoggerMessage(1205, LogLevel.Information, "Registration {RegistrationId}: no answer after {Reminders} reminders, the clearance is told")]
    public static partial void ReminderGaveUp(ILogger logger, string registrationId, int reminders);

    [LoggerMessage(1204, LogLevel.Warning, "Reminder sweep: Portal:BaseUrl is not configured, no reminders are written")]
    public static partial void PortalNotConfigured(ILogger logger);

    [LoggerMessage(1206, LogLevel.Information, "Registration {RegistrationId}: {Purpose} message of the clearance: {Outcome}")]
    public static partial void PatientMessage(ILogger logger, string registrationId, MessagePurpose purpose, PatientAccess.Workflow.Notifications.PatientMessageOutcome outcome);
}
