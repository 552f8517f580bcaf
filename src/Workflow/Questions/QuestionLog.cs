using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Questions;

namespace PatientAccess.Workflow;

/// <summary>Log lines of patient questions: registration and provider message ids, channels and how a reply travels; never a number or the words.</summary>
internal static partial class Log
{
    [LoggerMessage(1700, LogLevel.Information, "Registration {RegistrationId}: question received by {Channel} (redelivery: {Redelivery})")]
    public static partial void QuestionReceived(ILogger logger, string registrationId, QuestionChannel channel, bool redelivery);

    [LoggerMessage(1701, LogLevel.Information, "Inbound {Channel} {MessageId} from a sender without registrations: recorded without its sender or words")]
    public static partial void QuestionFromUnknownSender(ILogger logger, string messageId, QuestionChannel channel);

    [LoggerMessage(1702, LogLevel.Information, "Registration {RegistrationId}: question answered ({Delivery}, channel {Channel})")]
    public static partial void QuestionAnswered(ILogger logger, string registrationId, ReplyDelivery delivery, NotificationChannel? channel);

    [LoggerMessage(1703, LogLevel.Warning, "Question reply written; sending it waits for the next dispatch, {Dependency} unavailable")]
    public static partial void QuestionDispatchDeferred(ILogger logger, string dependency);

    [LoggerMessage(1704, LogLevel.Warning, "Registration {RegistrationId}: question thread full, an inbound {Channel} message was not kept")]
    public static partial void QuestionThreadFull(ILogger logger, string registrationId, QuestionChannel channel);
}
