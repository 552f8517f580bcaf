using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.Cosmos;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>
/// Authorization records in "authorizations", partitioned by registration id, one document per service line
/// (<c>{registrationId}-auth-{lineKey}</c>); the fields the key documents are built from (payer, member key, code,
/// state, payer reference) sit at the top of the document, the record itself is nested. The two lookups across
/// registrations (an approval on file for payer, member and code; a record by the payer's reference) go through
/// "authorization-keys", one partition per key, so neither is a cross-partition query: a key names the record, and
/// the record read by its id is the truth. Keys are written before the record and never removed, so a crash between
/// the two, or a record that left Approved since, leaves a key the lookup reads and discards.
/// </summary>
public sealed class CosmosAuthorizationStore(CosmosDatabaseProvider database) : IAuthorizationStore
{
    private const string Kind = "Authorization";

    public async Task<Versioned<AuthorizationRecord>?> FindAsync(string registrationId, string lineKey, CancellationToken cancellationToken)
    {
        var found = await ReadAsync(registrationId, AuthorizationRecord.IdFor(registrationId, lineKey), cancellationToken);
        return found is null ? null : new Versioned<AuthorizationRecord>(found.Value.Record, found.Value.ETag);
    }

    public async Task<string> SaveAsync(AuthorizationRecord record, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var keys = AuthorizationKeyDocument.For(record);
        if (keys.Count > 0)
        {
            var index = await database.ContainerAsync(CosmosContainers.AuthorizationKeys, cancellationToken);
            foreach (var key in keys)
            {
                await CosmosErrors.Translate(Kind, record.Id, () => index.UpsertItemAsync(key, new PartitionKey(key.Key), cancellationToken: cancellationToken));
            }
        }
        var container = await database.ContainerAsync(CosmosContainers.Authorizations, cancellationToken);
        var document = AuthorizationDocument.From(record);
        return await CosmosErrors.WriteVersionedAsync(container, Kind, document.Id, document, new PartitionKey(record.RegistrationId), etag, cancellationToken);
    }

    public async Task<IReadOnlyList<AuthorizationRecord>> ListForRegistrationAsync(string registrationId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Authorizations, cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.registrationId = @r AND c.type = @type")
            .WithParameter("@r", registrationId).WithParameter("@type", AuthorizationDocument.DocumentType);
        var documents = await QueryPartitionAsync<AuthorizationDocument>(container, query, registrationId, "(query)", cancellationToken);
        return [.. documents.Where(d => d.RegistrationId == registrationId).Select(d => d.Record)];
    }

    public async Task<IReadOnlyList<AuthorizationRecord>> ListApprovedAsync(string payerId, string memberKey, string serviceCode, CancellationToken cancellationToken)
    {
        var records = await RecordsByKeyAsync(AuthorizationKeyDocument.ApprovalKey(payerId, memberKey, serviceCode), cancellationToken);
        return [.. records.Where(r => r.State == AuthorizationState.Approved && r.MemberKey == memberKey && r.ServiceCode == serviceCode
            && AuthorizationKeyDocument.SamePayer(r.PayerId, payerId))];
    }

    public async Task<AuthorizationRecord?> FindByPayerReferenceAsync(string payerId, string payerReference, CancellationToken cancellationToken)
    {
        var records = await RecordsByKeyAsync(AuthorizationKeyDocument.ReferenceKey(payerId, payerReference), cancellationToken);
        return records.FirstOrDefault(r => r.PayerReference == payerReference && AuthorizationKeyDocument.SamePayer(r.PayerId, payerId));
    }

    /// <summary>The records one key names (a query inside the key's partition), each read by its id.</summary>
    private async Task<IReadOnlyList<AuthorizationRecord>> RecordsByKeyAsync(string key, CancellationToken cancellationToken)
    {
        var index = await database.ContainerAsync(CosmosContainers.AuthorizationKeys, cancellationToken);
        var named = await QueryPartitionAsync<AuthorizationKeyDocument>(index, new QueryDefinition("SELECT * FROM c"), key, "(key)", cancellationToken);
        var records = new List<AuthorizationRecord>(named.Count);
        foreach (var name in named.Where(k => k.Key == key))
        {
            if (await ReadAsync(name.RegistrationId, name.Id, cancellationToken) is { } found) records.Add(found.Record);
        }
        return records;
    }

    /// <summary>A query inside one logical partition: at most 500 documents, 100 a page.</summary>
    private static Task<IReadOnlyList<TDocument>> QueryPartitionAsync<TDocument>(Container container, QueryDefinition query, string partition, string what, CancellationToken cancellationToken) =>
        CosmosErrors.Translate<IReadOnlyList<TDocument>>(Kind, what, async () =>
        {
            var documents = new List<TDocument>();
            using var feed = container.GetItemQueryIterator<TDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = 100, PartitionKey = new PartitionKey(partition) });
            while (feed.HasMoreResults && documents.Count < 500)
            {
                documents.AddRange(await feed.ReadNextAsync(cancellationToken));
            }
            return documents;
        });

    private async Task<(AuthorizationRecord Record, string ETag)?> ReadAsync(string registrationId, string id, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Authorizations, cancellationToken);
        try
        {
            var read = await CosmosErrors.Translate(Kind, id, () => container.ReadItemAsync<AuthorizationDocument>(id, new PartitionKey(registrationId), cancellationToken: cancellationToken));
            return (read.Resource.Record, read.ETag);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}

/// <summary>
/// A lookup key of one authorization record in "authorization-keys" (partition = <see cref="Key"/>, id = the record's
/// id): only hashes, codes and the payer's own reference, never a member id.
/// </summary>
internal sealed record AuthorizationKeyDocument(string Id, string Key, string RegistrationId)
{
    /// <summary>The keys a record is found by: its approval (while Approved) and its payer reference (once it has one).</summary>
    public static IReadOnlyList<AuthorizationKeyDocument> For(AuthorizationRecord r)
    {
        var keys = new List<AuthorizationKeyDocument>(2);
        if (r.State == AuthorizationState.Approved) keys.Add(new(r.Id, ApprovalKey(r.PayerId, r.MemberKey, r.ServiceCode), r.RegistrationId));
        if (!string.IsNullOrEmpty(r.PayerReference)) keys.Add(new(r.Id, ReferenceKey(r.PayerId, r.PayerReference), r.RegistrationId));
        return keys;
    }

    public static string ApprovalKey(string payerId, string memberKey, string serviceCode) => $"approved|{Payer(payerId)}|{memberKey}|{serviceCode}";

    public static string ReferenceKey(string payerId, string payerReference) => $"reference|{Payer(payerId)}|{payerReference}";

    public static bool SamePayer(string a, string b) => Payer(a) == Payer(b);

    private static string Payer(string payerId) => payerId.Trim().ToUpperInvariant();
}

internal sealed record AuthorizationDocument(
    string Id,
    string RegistrationId,
    string Type,
    string PayerId,
    string MemberKey,
    string ServiceCode,
    string State,
    string? PayerReference,
    AuthorizationRecord Record)
{
    public const string DocumentType = "authorization";

    public static AuthorizationDocument From(AuthorizationRecord r) => new(
        r.Id, r.RegistrationId, DocumentType, r.PayerId.Trim().ToUpperInvariant(), r.MemberKey, r.ServiceCode, r.State.ToString(), r.PayerReference, r);
}

/// <summary>Received payer notifications in "priorauth-notifications" (partition = id, 30-day TTL): create-only, so a replay is seen as such.</summary>
public sealed class CosmosPriorAuthNotificationStore(CosmosDatabaseProvider database) : IPriorAuthNotificationStore
{
    private const string Kind = "Prior auth notification";

    public async Task<bool> TryAddAsync(PriorAuthNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var container = await database.ContainerAsync(CosmosContainers.PriorAuthNotifications, cancellationToken);
        try
        {
            await CosmosErrors.Translate(Kind, notification.Id, () =>
                container.CreateItemAsync(new NotificationDocument(notification.Id, notification), new PartitionKey(notification.Id), cancellationToken: cancellationToken));
            return true;
        }
        catch (CosmosException e) when (CosmosErrors.IsConflict(e))
        {
            return false;
        }
    }

    public async Task<PriorAuthNotification?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.PriorAuthNotifications, cancellationToken);
        try
        {
            var read = await CosmosErrors.Translate(Kind, id, () => container.ReadItemAsync<NotificationDocument>(id, new PartitionKey(id), cancellationToken: cancellationToken));
            return read.Resource.Notification;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public async Task MarkRaisedAsync(string id, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.PriorAuthNotifications, cancellationToken);
        var read = await CosmosErrors.Translate(Kind, id, () => container.ReadItemAsync<NotificationDocument>(id, new PartitionKey(id), cancellationToken: cancellationToken));
        if (read.Resource.Notification.Raised) return;
        var raised = new NotificationDocument(id, read.Resource.Notification with { Raised = true });
        await CosmosErrors.Translate(Kind, id, () =>
            container.ReplaceItemAsync(raised, id, new PartitionKey(id), new ItemRequestOptions { IfMatchEtag = read.ETag }, cancellationToken));
    }

    private sealed record NotificationDocument(string Id, PriorAuthNotification Notification)
    {
        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }
}
