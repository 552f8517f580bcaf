namespace PatientAccess.Domain.Notifications;

/// <summary>
/// Something the messaging provider tells us about our patients' texts, as read from its webhook body by an
/// adapter (<see cref="Ports.IInboundEventReader"/>): a subscription handshake, a text a patient sent, or a delivery report.
/// </summary>
public abstract record InboundEvent;

/// <summary>The webhook subscription's handshake: answer with <paramref name="ValidationCode"/> to prove we own the endpoint.</summary>
public sealed record InboundSubscriptionValidation(string ValidationCode) : InboundEvent;

/// <summary>
/// A text a patient sent to our number. <paramref name="FromE164"/> and <paramref name="Text"/> are PHI;
/// <see cref="ToString"/> shows the provider's message id only.
/// </summary>
/// <param name="MessageId">The provider's id of the inbound message; the same on a redelivery.</param>
/// <param name="FromE164">The sender's number in E.164 ("+15555550100").</param>
/// <param name="Text">What the patient wrote.</param>
/// <param name="ReceivedAtUtc">When the provider received it, if it says so.</param>
/// <param name="ReplySequence">A non-negative number derived from <paramref name="MessageId"/>: the reply's message
/// key sequence, so a redelivered message produces the same reply key.</param>
public sealed record InboundSms(string MessageId, string FromE164, string Text, DateTimeOffset? ReceivedAtUtc, int ReplySequence) : InboundEvent
{
    public override string ToString() => $"InboundSms {{ MessageId = {MessageId} }}";
}

/// <summary>The provider's report on a message we sent (delivered, failed, ...). Carries no PHI but the ids.</summary>
public sealed record InboundDeliveryReport(string ProviderMessageId, string DeliveryStatus, string? DeliveryStatusDetails) : InboundEvent;
