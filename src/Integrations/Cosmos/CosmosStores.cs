using Microsoft.Azure.Cosmos;
using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Integrations.Cosmos;

/// <summary>Registrations in the "registrations" container, partitioned by id: every access is a point operation.</summary>
public sealed class CosmosRegistrationStore(CosmosDatabaseProvider database) : IRegistrationStore
{
    private const string Kind = "Registration";

    public async Task<bool> TryCreateAsync(Registration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var container = await database.ContainerAsync(CosmosContainers.Registrations, cancellationToken);
        try
        {
            await CosmosErrors.Translate(Kind, registration.Id.Value, () =>
                container.CreateItemAsync(RegistrationDocument.From(registration), new PartitionKey(registration.Id.Value), cancellationToken: cancellationToken));
            return true;
        }
        catch (CosmosException e) when (CosmosErrors.IsConflict(e))
        {
            return false;
        }
    }

    public async Task<Versioned<Registration>> GetAsync(RegistrationId id, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Registrations, cancellationToken);
        var response = await CosmosErrors.Translate(Kind, id.Value, () =>
            container.ReadItemAsync<RegistrationDocument>(id.Value, new PartitionKey(id.Value), cancellationToken: cancellationToken));
        return new Versioned<Registration>(response.Resource.ToDomain(), response.ETag);
    }

    public async Task<string> ReplaceAsync(Registration registration, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var container = await database.ContainerAsync(CosmosContainers.Registrations, cancellationToken);
        var response = await CosmosErrors.Translate(Kind, registration.Id.Value, () =>
            container.ReplaceItemAsync(RegistrationDocument.From(registration), registration.Id.Value, new PartitionKey(registration.Id.Value),
                new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken));
        return response.ETag;
    }

    /// <summary>A cross-partition range query on the derived, indexed <c>reminderDue</c> field, projecting only the id.</summary>
    public Task<IReadOnlyList<RegistrationId>> ListRemindersDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        ListIdsAsync(
            new QueryDefinition("SELECT c.id FROM c WHERE c.type = @type AND c.reminderDue <= @now")
                .WithParameter("@type", "registration")
                .WithParameter("@now", now.ToUnixTimeSeconds()),
            "(reminder query)", max, cancellationToken);

    /// <summary>A cross-partition range query on the derived <c>recheckDue</c> / <c>recheckUntil</c> fields.</summary>
    public Task<IReadOnlyList<RegistrationId>> ListEligibilityRechecksDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        ListIdsAsync(
            new QueryDefinition("SELECT c.id FROM c WHERE c.type = @type AND c.recheckDue <= @now AND c.recheckUntil > @now")
                .WithParameter("@type", "registration")
                .WithParameter("@now", now.ToUnixTimeSeconds()),
            "(re-check query)", max, cancellationToken);

    /// <summary>
    /// A cross-partition query on <c>patient.phone</c> (stored in E.164), projecting only the id. The number is a
    /// query parameter, never part of the query text, so it reaches neither logs nor diagnostics as SQL.
    /// </summary>
    public Task<IReadOnlyList<RegistrationId>> ListByPhoneAsync(PhoneNumber phone, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return ListIdsAsync(
            new QueryDefinition("SELECT c.id FROM c WHERE c.patient.phone = @phone AND c.type = @type")
                .WithParameter("@phone", phone.Value)
                .WithParameter("@type", "registration"),
            "(phone query)", max, cancellationToken);
    }

    private async Task<IReadOnlyList<RegistrationId>> ListIdsAsync(QueryDefinition query, string what, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var container = await database.ContainerAsync(CosmosContainers.Registrations, cancellationToken);
        return await CosmosErrors.Translate<IReadOnlyList<RegistrationId>>(Kind, what, async () =>
        {
            var ids = new List<RegistrationId>();
            using var feed = container.GetItemQueryIterator<IdOnly>(query, requestOptions: new QueryRequestOptions { MaxItemCount = Math.Min(max, 100) });
            while (feed.HasMoreResults && ids.Count < max)
            {
                foreach (var doc in await feed.ReadNextAsync(cancellationToken))
                {
                    if (RegistrationId.TryParse(doc.Id, out var id)) ids.Add(id);
                }
            }
            return ids.Take(max).ToList();
        });
    }

    private sealed record IdOnly(string Id);
}

/// <summary>Work items in "workitems", partitioned by registration id; the worklist is a cross-partition query.</summary>
public sealed class CosmosWorkItemStore(CosmosDatabaseProvider database) : IWorkItemStore
{
    private const string Kind = "Work item";

    public async Task<WorkItem> CreateOrGetAsync(WorkItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var container = await database.ContainerAsync(CosmosContainers.WorkItems, cancellationToken);
        try
        {
            await CosmosErrors.Translate(Kind, item.Id, () =>
                container.CreateItemAsync(WorkItemDocument.From(item), new PartitionKey(item.RegistrationId), cancellationToken: cancellationToken));
            return item;
        }
        catch (CosmosException e) when (CosmosErrors.IsConflict(e))
        {
            return (await GetAsync(item.RegistrationId, item.Id, cancellationToken)).Value;
        }
    }

    public async Task<Versioned<WorkItem>> GetAsync(string registrationId, string workItemId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.WorkItems, cancellationToken);
        var response = await CosmosErrors.Translate(Kind, workItemId, () =>
            container.ReadItemAsync<WorkItemDocument>(workItemId, new PartitionKey(registrationId), cancellationToken: cancellationToken));
        return new Versioned<WorkItem>(response.Resource.ToDomain(), response.ETag);
    }

    public async Task<string> ReplaceAsync(WorkItem item, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var container = await database.ContainerAsync(CosmosContainers.WorkItems, cancellationToken);
        var response = await CosmosErrors.Translate(Kind, item.Id, () =>
            container.ReplaceItemAsync(WorkItemDocument.From(item), item.Id, new PartitionKey(item.RegistrationId),
                new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken));
        return response.ETag;
    }

    public async Task<IReadOnlyList<WorkItem>> ListOpenAsync(WorkItemReason? reason, int max, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.WorkItems, cancellationToken);
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.status = @status" + (reason is null ? "" : " AND c.reason = @reason") + " ORDER BY c.createdAt ASC")
            .WithParameter("@status", nameof(WorkItemStatus.Open))
            .WithParameter("@reason", reason?.ToString());
        return await CosmosErrors.Translate<IReadOnlyList<WorkItem>>(Kind, "(worklist)", async () =>
        {
            var items = new List<WorkItem>();
            using var feed = container.GetItemQueryIterator<WorkItemDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = max });
            while (feed.HasMoreResults && items.Count < max)
            {
                foreach (var doc in await feed.ReadNextAsync(cancellationToken))
                {
                    items.Add(doc.ToDomain());
                }
            }
            return items.Take(max).ToList();
        });
    }

    /// <summary>A single-partition query (the registration id is the partition key).</summary>
    public async Task<IReadOnlyList<WorkItem>> ListForRegistrationAsync(string registrationId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.WorkItems, cancellationToken);
        var documents = await RegistrationPartition.ReadAllAsync<WorkItemDocument>(container, Kind, registrationId, cancellationToken);
        return documents.Select(d => d.ToDomain()).OrderBy(i => i.CreatedAt).ToList();
    }
}

/// <summary>The append-only audit trail in "audit", partitioned by registration id. Entries are created, never replaced.</summary>
public sealed class CosmosAuditTrail(CosmosDatabaseProvider database) : IAuditTrail
{
    private const string Kind = "Audit entry";

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var container = await database.ContainerAsync(CosmosContainers.Audit, cancellationToken);
        try
        {
            await CosmosErrors.Translate(Kind, entry.Id, () =>
                container.CreateItemAsync(AuditDocument.From(entry), new PartitionKey(entry.RegistrationId), cancellationToken: cancellationToken));
        }
        catch (CosmosException e) when (CosmosErrors.IsConflict(e))
        {
            // Already recorded by an earlier attempt of the same step.
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string registrationId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Audit, cancellationToken);
        var documents = await RegistrationPartition.ReadAllAsync<AuditDocument>(container, Kind, registrationId, cancellationToken);
        return documents.Select(d => d.ToDomain()).OrderBy(e => e.At).ToList();
    }
}

/// <summary>Every document of one registration in a container partitioned by registration id (a single-partition query).</summary>
internal static class RegistrationPartition
{
    public static Task<List<TDocument>> ReadAllAsync<TDocument>(Container container, string kind, string registrationId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.registrationId = @id").WithParameter("@id", registrationId);
        return CosmosErrors.Translate(kind, registrationId, async () =>
        {
            var documents = new List<TDocument>();
            using var feed = container.GetItemQueryIterator<TDocument>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(registrationId) });
            while (feed.HasMoreResults)
            {
                documents.AddRange(await feed.ReadNextAsync(cancellationToken));
            }
            return documents;
        });
    }
}

/// <summary>Idempotency keys in "idempotency" (default TTL one day): create-if-absent is the claim.</summary>
public sealed class CosmosIdempotencyStore(CosmosDatabaseProvider database) : IIdempotencyStore
{
    private const string Kind = "Idempotency key";

    public async Task<IdempotencyRecord> ClaimAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var container = await database.ContainerAsync(CosmosContainers.Idempotency, cancellationToken);
        var id = KeyId(record.Key);
        try
        {
            await CosmosErrors.Translate(Kind, id, () =>
                container.CreateItemAsync(IdempotencyDocument.From(record with { Key = id }), new PartitionKey(id), cancellationToken: cancellationToken));
            return record;
        }
        catch (CosmosException e) when (CosmosErrors.IsConflict(e))
        {
            var existing = await CosmosErrors.Translate(Kind, id, () =>
                container.ReadItemAsync<IdempotencyDocument>(id, new PartitionKey(id), cancellationToken: cancellationToken));
            return existing.Resource.ToDomain() with { Key = record.Key };
        }
    }

    /// <summary>Keys are client-chosen text; the stored id is their hash so any key is a valid, bounded Cosmos id.</summary>
    private static string KeyId(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}
