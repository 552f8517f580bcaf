using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PatientAccess.Domain.Common;

namespace PatientAccess.Integrations.Notifications;

/// <summary>An event ACS delivers through Event Grid to the inbound endpoint.</summary>
public abstract record AcsInboundEvent;

/// <summary>Event Grid's subscription handshake: answer 200 with {"validationResponse": ValidationCode}.</summary>
public sealed record AcsSubscriptionValidation(string ValidationCode) : AcsInboundEvent;

/// <summary>
/// A text a patient sent to our number (Microsoft.Communication.SMSReceived). Phone numbers are normalised to
/// E.164 with '+'. <see cref="ToString"/> hides numbers and text.
/// </summary>
public sealed record AcsInboundSms(string MessageId, string From, string To, string Message, DateTimeOffset? ReceivedAtUtc) : AcsInboundEvent
{
    /// <summary>
    /// A stable non-negative sequence derived from <see cref="MessageId"/>, for the reply's message key: a
    /// redelivered event produces the same key, so the outbox keeps one reply.
    /// </summary>
    public int ReplySequence => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(MessageId)), 0) & int.MaxValue;

    public override string ToString() => $"AcsInboundSms {{ MessageId = {MessageId} }}";
}

/// <summary>A delivery report for an SMS we sent (Microsoft.Communication.SMSDeliveryReportReceived).</summary>
public sealed record AcsSmsDeliveryReport(string MessageId, string DeliveryStatus, string? DeliveryStatusDetails) : AcsInboundEvent;

/// <summary>
/// Reads the body Event Grid posts for ACS SMS events, in the Event Grid schema (an array with eventType/data)
/// or the CloudEvents 1.0 schema (type/data, one event or a batch). Unknown event types are skipped; property
/// names are matched case-insensitively (ACS samples use both "From" and "from").
/// </summary>
public static class AcsInboundEvents
{
    public const string SubscriptionValidationType = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string SmsReceivedType = "Microsoft.Communication.SMSReceived";
    public const string SmsDeliveryReportType = "Microsoft.Communication.SMSDeliveryReportReceived";

    /// <exception cref="ValidationException">The body is not an Event Grid or CloudEvents payload.</exception>
    public static IReadOnlyList<AcsInboundEvent> Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw Invalid("is not JSON");
        }
        using (document)
        {
            var root = document.RootElement;
            var events = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object => [root],
                _ => throw Invalid("must be an event or an array of events"),
            };
            var result = new List<AcsInboundEvent>();
            foreach (var e in events)
            {
                if (e.ValueKind != JsonValueKind.Object) throw Invalid("holds something that is not an event");
                var type = Text(e, "eventType") ?? Text(e, "type") ?? throw Invalid("has an event without eventType/type");
                if (!TryGet(e, "data", out var data) || data.ValueKind != JsonValueKind.Object) throw Invalid("has an event without data");
                switch (type)
                {
                    case SubscriptionValidationType:
                        result.Add(new AcsSubscriptionValidation(Text(data, "validationCode") ?? throw Invalid("has a validation event without validationCode")));
                        break;
                    case SmsReceivedType:
                        result.Add(new AcsInboundSms(
                            Text(data, "messageId") ?? throw Invalid("has an SMS without messageId"),
                            Phone(Text(data, "from")) ?? throw Invalid("has an SMS without a valid from number"),
                            Phone(Text(data, "to")) ?? throw Invalid("has an SMS without a valid to number"),
                            Text(data, "message") ?? string.Empty,
                            DateTimeOffset.TryParse(Text(data, "receivedTimestamp"), System.Globalization.CultureInfo.InvariantCulture,
                                System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null));
                        break;
                    case SmsDeliveryReportType:
                        result.Add(new AcsSmsDeliveryReport(
                            Text(data, "messageId") ?? throw Invalid("has a delivery report without messageId"),
                            Text(data, "deliveryStatus") ?? "Unknown",
                            Text(data, "deliveryStatusDetails")));
                        break;
                }
            }
            return result;
        }
    }

    private static ValidationException Invalid(string why) => new([new ValidationError("body", why)]);

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static string? Text(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>"15555550100" or "+15555550100" → "+15555550100"; anything else → null.</summary>
    private static string? Phone(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var digits = text.Trim().TrimStart('+');
        return digits.Length is >= 7 and <= 15 && digits.All(char.IsAsciiDigit) && digits[0] != '0' ? "+" + digits : null;
    }
}
