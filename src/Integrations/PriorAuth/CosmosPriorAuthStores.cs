using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.Cosmos;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>
/// Authorization records in "authorizations", partitioned by registration id, one document per service line
/// (<c>{registrationId}-auth-{lineKey}</c>). The fields the queries use (payer, member key, code, state, payer
/// reference) sit at the top of the document; the record itself is nested.
/// </summary>
public sealed class CosmosAuthorizationStore(CosmosDatabaseProvider database) : IAuthorizationStore
{
    private const string Kind = "Authorization";

    public async Task<Versioned<AuthorizationRecord>?> FindAsync(string registrationId, string lineKey, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Authorizations, cancellationToken);
        var id = AuthorizationRecord.IdFor(registrationId, lineKey);
        try
        {
            var read = await CosmosErrors.Translate(Kind, id, () => container.ReadItemAsync<AuthorizationDocument>(id, new PartitionKey(registrationId), cancellationToken: cancellationToken));
            return new Versioned<AuthorizationRecord>(read.Resource.Record, read.ETag);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public async Task<string> SaveAsync(AuthorizationRecord record, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var container = await database.ContainerAsync(CosmosContainers.Authorizations, cancellationToken);
        var document = AuthorizationDocument.From(record);
        return await CosmosErrors.WriteVersionedAsync(container, Kind, document.Id, document, new PartitionKey(record.RegistrationId), etag, cancellationToken);
    }

    public Task<IReadOnlyList<AuthorizationRecord>> ListForRegistrationAsync(string registrationId, CancellationToken cancellationToken) =>
        QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.registrationId = @r AND c.type = @type")
            .WithParameter("@r", registrationId).WithParameter("@type", AuthorizationDocument.DocumentType), registrationId, cancellationToken);

    public Task<IReadOnlyList<AuthorizationRecord>> ListApprovedAsync(string payerId, string memberKey, string serviceCode, CancellationToken cancellationToken) =>
        QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.type = @type AND c.memberKey = @m AND c.serviceCode = @c AND c.state = @s AND c.payerId = @p")
            .WithParameter("@type", AuthorizationDocument.DocumentType).WithParameter("@m", memberKey).WithParameter("@c", serviceCode)
            .WithParameter("@s", nameof(AuthorizationState.Approved)).WithParameter("@p", payerId.Trim().ToUpperInvariant()), null, cancellationToken);

    public async Task<AuthorizationRecord?> FindByPayerReferenceAsync(string payerId, string payerReference, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.type = @type AND c.payerId = @p AND c.payerReference = @ref")
            .WithParameter("@type", AuthorizationDocument.DocumentType).WithParameter("@p", payerId.Trim().ToUpperInvariant()).WithParameter("@ref", payerReference), null, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private async Task<IReadOnlyList<AuthorizationRecord>> QueryAsync(QueryDefinition query, string? partition, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Authorizations, cancellationToken);
        return await CosmosErrors.Translate<IReadOnlyList<AuthorizationRecord>>(Kind, "(query)", async () =>
        {
            var records = new List<AuthorizationRecord>();
            var options = new QueryRequestOptions { MaxItemCount = 100, PartitionKey = partition is null ? null : new PartitionKey(partition) };
            using var feed = container.GetItemQueryIterator<AuthorizationDocument>(query, requestOptions: options);
            while (feed.HasMoreResults && records.Count < 500)
            {
                foreach (var doc in await feed.ReadNextAsync(cancellationToken))
                {
                    if (partition is null || doc.RegistrationId == partition) records.Add(doc.Record);
                }
            }
            return records;
        });
    }
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
