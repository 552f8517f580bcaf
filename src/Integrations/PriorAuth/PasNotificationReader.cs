using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>
/// Reads an R4 Subscriptions Backport notification: a Bundle (type history) whose first entry is the
/// SubscriptionStatus Parameters (subscription, type, notification-event parts with event-number and focus), followed,
/// for full-resource notifications, by the focus resources (here ClaimResponses). Id-only notifications carry just the
/// focus reference; the workflow then asks the payer ($inquire).
/// </summary>
public sealed class PasNotificationReader : IPriorAuthNotificationReader
{
    public IReadOnlyList<PriorAuthNotificationEvent> Read(ReadOnlySpan<byte> body)
    {
        var resource = PasJson.TryParse(body, out var problem);
        if (resource is not Bundle bundle)
        {
            throw Invalid("body", resource is null ? $"is {problem}" : $"is a {resource.TypeName}, not a notification Bundle");
        }
        var digest = Hash(body);
        return PasJson.TryNavigate(() => Read(bundle, digest), out var events, out var shape) ? events : throw Invalid("body", "has " + shape);
    }

    private static List<PriorAuthNotificationEvent> Read(Bundle bundle, string digest)
    {
        if (bundle.Entry.Count == 0 || bundle.Entry[0].Resource is not Parameters status)
        {
            throw Invalid("entry[0]", "must be the SubscriptionStatus Parameters");
        }
        var kind = Value(status.Parameter, "type") ?? "event-notification";
        var subscription = (status.Parameter.FirstOrDefault(p => p.Name == "subscription")?.Value as ResourceReference)?.Reference ?? "unknown";
        // The focus resources by fullUrl; a payer repeating a fullUrl (or omitting it) gets the first, not a 5xx.
        var entries = bundle.Entry.Skip(1).Where(e => e.Resource is not null).ToList();
        var byUrl = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byUrl.TryAdd(entry.FullUrl ?? string.Empty, entry.Resource!);
        }
        var events = new List<PriorAuthNotificationEvent>();
        foreach (var ev in status.Parameter.Where(p => p.Name == "notification-event"))
        {
            var number = Value(ev.Part, "event-number") ?? digest;
            var focus = (ev.Part.FirstOrDefault(p => p.Name == "focus")?.Value as ResourceReference)?.Reference;
            var key = subscription + "#" + number;
            var full = focus is null ? null : byUrl.GetValueOrDefault(focus) ?? entries.Select(e => e.Resource).FirstOrDefault(r => r is ClaimResponse && focus.EndsWith("/" + r.Id, StringComparison.Ordinal));
            if (full is not null && PasResponseReader.Read(full) is { } reading)
            {
                events.Add(new PriorAuthNotificationEvent(key, kind, reading.SubmissionId, reading.PayerReference ?? IdOf(focus), reading.Items));
            }
            else
            {
                events.Add(new PriorAuthNotificationEvent(key, kind, null, IdOf(focus), null));
            }
        }
        if (events.Count == 0)
        {
            // Heartbeats and handshakes have no events; they are recorded once by their status's event count.
            events.Add(new PriorAuthNotificationEvent(subscription + "#" + kind + "-" + (Value(status.Parameter, "events-since-subscription-start") ?? digest), kind, null, null, null));
        }
        return events;
    }

    private static string? Value(List<Parameters.ParameterComponent> parameters, string name) =>
        parameters.FirstOrDefault(p => p.Name == name)?.Value switch
        {
            PrimitiveType primitive => primitive.ToString(),
            _ => null,
        };

    /// <summary>"ClaimResponse/123/_history/2" or a full URL: the logical id "123".</summary>
    private static string? IdOf(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) return null;
        var parts = reference.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.LastIndexOf(parts, "ClaimResponse");
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : parts[^1];
    }

    private static string Hash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 12));

    private static ValidationException Invalid(string field, string message) => new([new ValidationError(field, message)]);
}
