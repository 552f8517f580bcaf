using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Workflow;

/// <summary>Log lines of inbound SMS handling: provider message ids, registration ids, keywords and counts; never a number or a text.</summary>
internal static partial class Log
{
    [LoggerMessage(1300, LogLevel.Information, "Inbound SMS {MessageId} ({Keyword}) from a number without registrations; nothing stored")]
    public static partial void InboundFromUnknownNumber(ILogger logger, string messageId, InboundKeyword keyword);

    [LoggerMessage(1301, LogLevel.Information, "Inbound SMS {MessageId} ({Keyword}): {Registrations} registrations, {Changed} consent ledgers changed, reply {ReplyKey}")]
    public static partial void InboundSmsHandled(ILogger logger, string messageId, InboundKeyword keyword, int registrations, int changed, string? replyKey);

    [LoggerMessage(1302, LogLevel.Information, "Registration {RegistrationId}: SMS consent {Given} by the patient's keyword")]
    public static partial void InboundConsentChangedCore(ILogger logger, string registrationId, string given);

    public static void InboundConsentChanged(ILogger logger, string registrationId, bool given) =>
        InboundConsentChangedCore(logger, registrationId, given ? "given" : "withdrawn");

    [LoggerMessage(1303, LogLevel.Information, "Delivery report for {ProviderMessageId}: {DeliveryStatus}")]
    public static partial void InboundDeliveryReport(ILogger logger, string providerMessageId, string deliveryStatus);

    [LoggerMessage(1304, LogLevel.Information, "Inbound webhook subscription validated")]
    public static partial void InboundSubscriptionValidated(ILogger logger);

    [LoggerMessage(1305, LogLevel.Warning, "Inbound SMS {MessageId} asked for HELP but InboundMessages:HelpPhone is not configured; no reply written")]
    public static partial void HelpPhoneNotConfigured(ILogger logger, string messageId);

    [LoggerMessage(1306, LogLevel.Warning, "Keyword replies written; sending them waits for the next dispatch, {Dependency} unavailable")]
    public static partial void InboundDispatchDeferred(ILogger logger, string dependency);
}
