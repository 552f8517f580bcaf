using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;

namespace PatientAccess.Integrations.Notifications;

/// <summary><see cref="IInboundEventReader"/> over <see cref="AcsInboundEvents.Parse"/>: Event Grid or CloudEvents bodies of ACS SMS events.</summary>
public sealed class AcsInboundEventReader : IInboundEventReader
{
    public IReadOnlyList<InboundEvent> Read(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return AcsInboundEvents.Parse(body).Select(ToDomain).OfType<InboundEvent>().ToList();
    }

    private static InboundEvent? ToDomain(AcsInboundEvent e) => e switch
    {
        AcsSubscriptionValidation v => new InboundSubscriptionValidation(v.ValidationCode),
        AcsInboundSms sms => new InboundSms(sms.MessageId, sms.From, sms.Message, sms.ReceivedAtUtc, sms.ReplySequence),
        AcsSmsDeliveryReport r => new InboundDeliveryReport(r.MessageId, r.DeliveryStatus, r.DeliveryStatusDetails),
        _ => null,
    };
}
