using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Integrations.Notifications;

/// <summary>Log messages of the notification adapters: message keys, channels, statuses and reasons only; never addresses or text.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Message {MessageKey} ({Channel}) delivered to the local outbox")]
    public static partial void DeliveredToLocalOutbox(ILogger logger, string messageKey, NotificationChannel channel);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Message {MessageKey} sent via {Channel}, provider id {ProviderMessageId}")]
    public static partial void Sent(ILogger logger, string messageKey, NotificationChannel channel, string providerMessageId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Message {MessageKey} deferred to {SendAtUtc:o}: {Reason}")]
    public static partial void Deferred(ILogger logger, string messageKey, DateTimeOffset sendAtUtc, ContactReason reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Message {MessageKey} not sent: {Reason}")]
    public static partial void Suppressed(ILogger logger, string messageKey, ContactReason reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Message {MessageKey} attempt {Attempt} failed ({Kind}): {Error}; status now {Status}")]
    public static partial void SendFailed(ILogger logger, string messageKey, int attempt, string kind, string error, OutboxStatus status);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Debug, Message = "Message {MessageKey} was taken by another dispatcher")]
    public static partial void LostRace(ILogger logger, string messageKey);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Message {MessageKey} was sent but its claim lapsed and another dispatcher took it; the repeat reuses the same idempotency id")]
    public static partial void SentAfterClaimLapsed(ILogger logger, string messageKey);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Message {MessageKey} skipped this pass: {Dependency} unavailable")]
    public static partial void DependencyUnavailable(ILogger logger, string messageKey, string dependency);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Dispatch pass: {Due} due, {Sent} sent, {Deferred} deferred, {Suppressed} suppressed, {Failed} failed, {Skipped} skipped")]
    public static partial void Pass(ILogger logger, int due, int sent, int deferred, int suppressed, int failed, int skipped);
}
