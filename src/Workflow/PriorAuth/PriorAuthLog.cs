using Microsoft.Extensions.Logging;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>Prior-authorization workflow log lines (1300-1399): ids, line keys, states and codes only.</summary>
internal static partial class PriorAuthLog
{
    [LoggerMessage(1300, LogLevel.Information, "Authorization {RegistrationId}/{LineKey}: need {Need} ({ReasonCode})")]
    public static partial void Decided(ILogger logger, string registrationId, string lineKey, AuthorizationNeed need, string reasonCode);

    [LoggerMessage(1301, LogLevel.Information, "Authorization {RegistrationId}/{LineKey}: {Operation} answered {State} ({ReviewAction})")]
    public static partial void Answered(ILogger logger, string registrationId, string lineKey, string operation, AuthorizationState state, string? reviewAction);

    [LoggerMessage(1302, LogLevel.Information, "Authorization {RegistrationId}/{LineKey}: already {State}, nothing sent again")]
    public static partial void AlreadyDone(ILogger logger, string registrationId, string lineKey, AuthorizationState state);

    [LoggerMessage(1303, LogLevel.Warning, "Authorization {RegistrationId}/{LineKey}: refused by the payer: {Reason}")]
    public static partial void Rejected(ILogger logger, string registrationId, string lineKey, string reason);

    [LoggerMessage(1304, LogLevel.Information, "Authorization {RegistrationId}/{LineKey}: ended {State} ({ReasonCode}) after {Inquiries} inquiry(ies)")]
    public static partial void Ended(ILogger logger, string registrationId, string lineKey, AuthorizationState state, string reasonCode, int inquiries);

    [LoggerMessage(1305, LogLevel.Information, "Prior auth notification {NotificationId} from {PayerId}: {Outcome}")]
    public static partial void Notification(ILogger logger, string notificationId, string payerId, string outcome);

    [LoggerMessage(1306, LogLevel.Warning, "Prior auth notification not authenticated: no payer's secret matches")]
    public static partial void NotificationUnauthenticated(ILogger logger);

    [LoggerMessage(1307, LogLevel.Information, "Authorization {RegistrationId}/{LineKey}: work item {WorkItemId} opened for {Reason}")]
    public static partial void WorkItemOpened(ILogger logger, string registrationId, string lineKey, string workItemId, Domain.WorkItems.WorkItemReason reason);

    [LoggerMessage(1308, LogLevel.Information, "Authorization {RegistrationId}/{LineKey}: recorded on the registration as {State} ({ReasonCode})")]
    public static partial void LineRecorded(ILogger logger, string registrationId, string lineKey, AuthorizationState state, string reasonCode);

    [LoggerMessage(1309, LogLevel.Information, "Registration {RegistrationId}: authorization message {Purpose} {Outcome}")]
    public static partial void PatientMessage(ILogger logger, string registrationId, Domain.Notifications.MessagePurpose purpose, string outcome);

    [LoggerMessage(1310, LogLevel.Information, "Registration {RegistrationId}: cancellation raised to {Lines} open authorization line(s)")]
    public static partial void CancellationRaised(ILogger logger, string registrationId, int lines);

    [LoggerMessage(1311, LogLevel.Warning, "Authorization {RegistrationId}/{LineKey}: {State} but no orchestration of the line is running; the cancellation cannot reach it")]
    public static partial void LineNotRunning(ILogger logger, string registrationId, string lineKey, AuthorizationState state);
}
