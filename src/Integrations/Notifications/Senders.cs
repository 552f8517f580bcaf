using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Integrations.Notifications;

/// <summary>
/// Delivers through Azure Communication Services: SMS to <see cref="Delivery.Address"/> from Acs:SmsFrom, email
/// from Acs:EmailSender. The repeatability request id (SMS) and operation id (email) are
/// <see cref="Delivery.IdempotencyId"/>, so a repeated attempt is dropped by ACS within its 5-minute window.
/// </summary>
public sealed class AcsNotificationSender(AcsSmsClient sms, AcsEmailClient email, IOptions<AcsOptions> options) : INotificationSender
{
    public async Task<string> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return delivery.Channel switch
        {
            NotificationChannel.Sms => await SendSmsAsync(delivery, cancellationToken),
            NotificationChannel.Email => await email.SendAsync(
                new AcsEmail(delivery.Address, delivery.Subject ?? string.Empty, delivery.Body), delivery.IdempotencyId, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(delivery)),
        };
    }

    private async Task<string> SendSmsAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var from = options.Value.SmsFrom;
        if (string.IsNullOrWhiteSpace(from)) throw new PermanentDependencyException(AcsSmsClient.Dependency, "no sender number configured (Acs:SmsFrom)");
        var results = await sms.SendAsync(from, [new AcsSmsRecipient(delivery.Address, delivery.IdempotencyId, delivery.AttemptStartedUtc)], delivery.Body, cancellationToken);
        var result = results.FirstOrDefault(r => r.To == delivery.Address) ?? (results.Count > 0 ? results[0] : null)
                     ?? throw new PermanentDependencyException(AcsSmsClient.Dependency, "no result for the recipient");
        return MapResult(result);
    }

    /// <summary>
    /// One recipient's result. Accepted with a message id is success. A repeatability "rejected" 412 means the
    /// attempt's 5-minute window passed: retried as a new attempt. 429, 408 and 5xx are transient; other codes
    /// (invalid number, opted out at the carrier) are permanent.
    /// </summary>
    public static string MapResult(AcsSmsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Successful && !string.IsNullOrEmpty(result.MessageId)) return result.MessageId;
        var status = result.HttpStatusCode;
        var reason = $"recipient status {status.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (status == 412) throw new TransientDependencyException(AcsSmsClient.Dependency, reason + " (repeatability window passed)");
        if (status == 429) throw new TransientDependencyException(AcsSmsClient.Dependency, reason);
        if (status == 408 || status >= 500) throw new DeliveryOutcomeUnknownException(AcsSmsClient.Dependency, reason);
        if (result.Successful) throw new PermanentDependencyException(AcsSmsClient.Dependency, "accepted without a message id");
        throw new PermanentDependencyException(AcsSmsClient.Dependency, reason);
    }
}

/// <summary>
/// The local channel when ACS is not configured: nothing leaves the machine; the message counts as
/// "delivered to the local outbox", where a person reads it (GET /api/outbox lists the outbox).
/// </summary>
public sealed class OutboxOnlySender(ILogger<OutboxOnlySender> logger) : INotificationSender
{
    public const string ProviderPrefix = "local-outbox:";

    public Task<string> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        cancellationToken.ThrowIfCancellationRequested();
        NotificationLog.DeliveredToLocalOutbox(logger, delivery.Key.Value, delivery.Channel);
        return Task.FromResult(ProviderPrefix + delivery.Key.Value);
    }
}
