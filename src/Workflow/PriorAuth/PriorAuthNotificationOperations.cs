using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>No payer's configured secret is in the request: the endpoint answers 401.</summary>
public sealed class NotificationNotAuthenticatedException() : DomainException("The notification carries no known payer's secret.");

/// <summary>What a notification delivery did: events raised, replays ignored, events about requests we do not know.</summary>
public sealed record NotificationReceipt(int Raised, int Replays, int Unknown, int Other);

/// <summary>
/// A payer's rest-hook notification (R4 Subscriptions Backport): authenticated by the payer's header secret, read,
/// and for each event: recorded once (by payer and event key), matched to our authorization record (by the
/// ClaimResponse's request identifier, or by the payer's reference for id-only notifications), and raised as
/// <see cref="PriorAuthEvents.AuthorizationNotified"/> on the line's orchestration. A replay of an event already
/// raised changes nothing; one recorded but not yet raised (a crash in between) is raised again.
/// </summary>
public sealed class PriorAuthNotificationOperations(
    IPriorAuthNotificationAuthenticator authenticator,
    IPriorAuthNotificationReader reader,
    IPriorAuthNotificationStore notifications,
    IAuthorizationStore records,
    TimeProvider time,
    ILogger<PriorAuthNotificationOperations> logger)
{
    /// <summary>The payer whose secret the request carries.</summary>
    /// <exception cref="NotificationNotAuthenticatedException">No payer's secret matches.</exception>
    public string Authenticate(Func<string, string?> header)
    {
        var payerId = authenticator.Authenticate(header);
        if (payerId is null)
        {
            PriorAuthLog.NotificationUnauthenticated(logger);
            throw new NotificationNotAuthenticatedException();
        }
        return payerId;
    }

    /// <summary>Records and raises each event of an authenticated payer's notification.</summary>
    /// <exception cref="ValidationException">The body is not a notification Bundle.</exception>
    public async Task<NotificationReceipt> ReceiveAsync(string payerId, ReadOnlyMemory<byte> body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var events = reader.Read(body.Span);
        int raised = 0, replays = 0, unknown = 0, other = 0;
        foreach (var ev in events)
        {
            var id = NotificationId(payerId, ev.EventKey);
            var known = await notifications.FindAsync(id, cancellationToken);
            if (known is { Raised: true } || (known is not null && known.RecordId is null))
            {
                replays++;
                PriorAuthLog.Notification(logger, id, payerId, "replay");
                continue;
            }
            if (known is null)
            {
                var record = ev.IsEvent ? await FindRecordAsync(payerId, ev, cancellationToken) : null;
                var notification = new PriorAuthNotification(id, payerId, ev.Kind, record?.Id, ev.PayerReference, ev.Items, time.GetUtcNow());
                if (!await notifications.TryAddAsync(notification, cancellationToken))
                {
                    replays++;
                    PriorAuthLog.Notification(logger, id, payerId, "replay (concurrent)");
                    continue;
                }
                known = notification;
            }
            if (known.RecordId is null)
            {
                if (ev.IsEvent) unknown++; else other++;
                PriorAuthLog.Notification(logger, id, payerId, ev.IsEvent ? "no matching request" : ev.Kind);
                continue;
            }
            await client.RaiseEventAsync(PriorAuthInstances.ForRecord(known.RecordId), PriorAuthEvents.AuthorizationNotified, new AuthorizationNotifiedEvent(id), cancellationToken);
            await notifications.MarkRaisedAsync(id, cancellationToken);
            raised++;
            PriorAuthLog.Notification(logger, id, payerId, "raised");
        }
        return new NotificationReceipt(raised, replays, unknown, other);
    }

    /// <summary>A stable id for one event of one payer: safe as a Cosmos id, no PHI.</summary>
    public static string NotificationId(string payerId, string eventKey) =>
        "pan-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payerId.ToUpperInvariant() + "|" + eventKey)).AsSpan(0, 20));

    private async Task<AuthorizationRecord?> FindRecordAsync(string payerId, PriorAuthNotificationEvent ev, CancellationToken cancellationToken)
    {
        if (PriorAuthInstances.TryParseRecordId(ev.SubmissionId, out var registrationId, out var lineKey))
        {
            var found = await records.FindAsync(registrationId, lineKey, cancellationToken);
            if (found is not null && string.Equals(found.Value.PayerId, payerId, StringComparison.OrdinalIgnoreCase)) return found.Value;
        }
        return ev.PayerReference is { } reference ? await records.FindByPayerReferenceAsync(payerId, reference, cancellationToken) : null;
    }
}
