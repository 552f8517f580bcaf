using Microsoft.AspNetCore.Http;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Api;

/// <summary>One outbox message as the local outbox view shows it.</summary>
public sealed record OutboxEntry(
    string Key,
    string RegistrationId,
    MessagePurpose Purpose,
    int Sequence,
    NotificationChannel Channel,
    OutboxStatus Status,
    DateTimeOffset CreatedUtc,
    DateTimeOffset SendAfterUtc,
    DateTimeOffset? SentUtc,
    string? Reason,
    string? Subject,
    string Text);

/// <summary>
/// GET /api/outbox: the newest patient messages. Locally the outbox is the channel a person reads (no ACS), so
/// this shows the rendered text; it has no PHI by the template check, and the endpoint needs the API key /
/// function key like every other.
/// </summary>
public static class OutboxEndpoints
{
    public const int DefaultMax = 100;
    public const int MaxMax = 500;

    /// <summary>GET /api/outbox?max=100: newest first.</summary>
    public static async Task<IResult> ListRecentAsync(HttpRequest request, INotificationOutbox outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outbox);
        var max = QueryParameters.Int(request, "max", DefaultMax, 1, MaxMax);
        var messages = await outbox.ListRecentAsync(max, cancellationToken);
        return Results.Ok(messages.Select(ToEntry).ToList());
    }

    public static OutboxEntry ToEntry(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new OutboxEntry(
            message.Key.Value,
            message.RegistrationId.Value,
            message.Purpose,
            message.Sequence,
            message.Channel,
            message.Status,
            message.CreatedUtc,
            message.SendAfterUtc,
            message.Status == OutboxStatus.Sent ? message.CompletedUtc : null,
            message.LastError,
            message.Subject,
            message.Body);
    }
}
