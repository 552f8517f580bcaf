using PatientAccess.Domain.Notifications;

namespace PatientAccess.Domain.Ports;

/// <summary>Reads the messaging provider's webhook body (ACS through Event Grid) into <see cref="InboundEvent"/>s.</summary>
public interface IInboundEventReader
{
    /// <summary>The events of the body, in order; unknown event types are skipped.</summary>
    /// <exception cref="Common.ValidationException">The body is not a payload of the provider's shape.</exception>
    IReadOnlyList<InboundEvent> Read(string body);
}
