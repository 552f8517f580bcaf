using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Cosmos;

namespace PatientAccess.Integrations.Notifications;

/// <summary>
/// The outbox in the Cosmos container "outbox" (partition key /registrationId, id = message key).
/// Enqueue is a create: 409 means the message is there already and the stored one is returned. Status
/// changes are replaces with If-Match on the ETag (412 → <see cref="ConcurrencyConflictException"/>).
/// The due query is cross-partition over the numeric field <c>dueAtMs</c> (SendAfter while pending, the claim's
/// end while sending, absent when final), so one indexed range filter finds the work.
/// </summary>
public sealed class CosmosNotificationOutbox(CosmosDatabaseProvider database) : INotificationOutbox
{
    private const string Kind = "Outbox message";

    public async Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var container = await ContainerAsync(cancellationToken);
        try
        {
            var created = await CosmosErrors.Translate(Kind, message.Key.Value, () =>
                container.CreateItemAsync(OutboxDocument.From(message), new PartitionKey(message.RegistrationId.Value), cancellationToken: cancellationToken));
            return created.Resource.ToDomain(created.ETag);
        }
        catch (CosmosException e) when (CosmosErrors.IsConflict(e))
        {
            return await FindAsync(message.RegistrationId, message.Key, cancellationToken)
                   ?? throw new TransientDependencyException("Cosmos DB", "the message existed but could not be read back");
        }
    }

    public async Task<OutboxMessage?> FindAsync(RegistrationId registrationId, MessageKey key, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken);
        try
        {
            var read = await CosmosErrors.Translate(Kind, key.Value, () =>
                container.ReadItemAsync<OutboxDocument>(key.Value, new PartitionKey(registrationId.Value), cancellationToken: cancellationToken));
            return read.Resource.ToDomain(read.ETag);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset nowUtc, int maxCount, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.dueAtMs <= @now ORDER BY c.dueAtMs ASC")
            .WithParameter("@now", nowUtc.ToUnixTimeMilliseconds());
        var due = await QueryAsync(query, null, maxCount, cancellationToken);
        return due.Where(m => m.IsDue(nowUtc)).ToList();
    }

    public async Task<OutboxMessage> ReplaceAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ETag is null) throw new ArgumentException("Only a message read from the outbox (with its ETag) can be replaced.", nameof(message));
        var container = await ContainerAsync(cancellationToken);
        var replaced = await CosmosErrors.Translate(Kind, message.Key.Value, () =>
            container.ReplaceItemAsync(OutboxDocument.From(message), message.Key.Value, new PartitionKey(message.RegistrationId.Value),
                new ItemRequestOptions { IfMatchEtag = message.ETag }, cancellationToken));
        return replaced.Resource.ToDomain(replaced.ETag);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListForRegistrationAsync(RegistrationId registrationId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.registrationId = @id AND c.type = @type").WithParameter("@id", registrationId.Value).WithParameter("@type", OutboxDocument.DocumentType);
        var list = await QueryAsync(query, new PartitionKey(registrationId.Value), int.MaxValue, cancellationToken);
        return list.OrderBy(m => m.CreatedUtc).ThenBy(m => m.Key.Value, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListRecentAsync(int maxCount, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.type = @type ORDER BY c.createdMs DESC").WithParameter("@type", OutboxDocument.DocumentType);
        return await QueryAsync(query, null, maxCount, cancellationToken);
    }

    public async Task<ContactLog> GetContactLogAsync(RegistrationId registrationId, NotificationChannel channel, CancellationToken cancellationToken)
    {
        var empty = ContactLog.Empty(registrationId, channel);
        var container = await ContainerAsync(cancellationToken);
        try
        {
            var read = await CosmosErrors.Translate("Contact log", empty.Id, () =>
                container.ReadItemAsync<ContactLogDocument>(empty.Id, new PartitionKey(registrationId.Value), cancellationToken: cancellationToken));
            return read.Resource.ToDomain(read.ETag);
        }
        catch (NotFoundException)
        {
            return empty;
        }
    }

    public async Task<ContactLog> SaveContactLogAsync(ContactLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var container = await ContainerAsync(cancellationToken);
        var document = ContactLogDocument.From(log);
        var partition = new PartitionKey(log.RegistrationId.Value);
        try
        {
            var written = log.ETag is null
                ? await CosmosErrors.Translate("Contact log", log.Id, () => container.CreateItemAsync(document, partition, cancellationToken: cancellationToken))
                : await CosmosErrors.Translate("Contact log", log.Id, () =>
                    container.ReplaceItemAsync(document, log.Id, partition, new ItemRequestOptions { IfMatchEtag = log.ETag }, cancellationToken));
            return written.Resource.ToDomain(written.ETag);
        }
        catch (CosmosException e) when (CosmosErrors.IsConflict(e))
        {
            throw new ConcurrencyConflictException("Contact log", log.Id);
        }
        catch (NotFoundException)
        {
            throw new ConcurrencyConflictException("Contact log", log.Id);
        }
    }

    private Task<Container> ContainerAsync(CancellationToken cancellationToken) => database.ContainerAsync(CosmosContainers.Outbox, cancellationToken);

    private async Task<IReadOnlyList<OutboxMessage>> QueryAsync(QueryDefinition query, PartitionKey? partitionKey, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var container = await ContainerAsync(cancellationToken);
        return await CosmosErrors.Translate<IReadOnlyList<OutboxMessage>>(Kind, "(query)", async () =>
        {
            var items = new List<OutboxMessage>();
            var options = new QueryRequestOptions { MaxItemCount = Math.Min(maxCount, 100), PartitionKey = partitionKey };
            using var feed = container.GetItemQueryIterator<OutboxDocument>(query, requestOptions: options);
            while (feed.HasMoreResults && items.Count < maxCount)
            {
                foreach (var doc in await feed.ReadNextAsync(cancellationToken)) items.Add(doc.ToDomain(doc.ETag));
            }
            return items.Take(maxCount).ToList();
        });
    }
}

/// <summary>The stored shape of an <see cref="OutboxMessage"/>. Times are ISO strings; the *Ms twins are for queries.</summary>
internal sealed class OutboxDocument
{
    public required string Id { get; init; }
    public required string RegistrationId { get; init; }
    public const string DocumentType = "outbox-message";

    public string Type { get; init; } = DocumentType;
    public required MessagePurpose Purpose { get; init; }
    public required int Sequence { get; init; }
    public required NotificationChannel Channel { get; init; }
    public required string RecipientRef { get; init; }
    public required MessageLanguage Language { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }
    public required OutboxStatus Status { get; init; }
    public int Attempts { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public long CreatedMs { get; init; }
    public required DateTimeOffset SendAfterUtc { get; init; }
    public int IdempotencyGeneration { get; init; }
    public DateTimeOffset? AttemptStartedUtc { get; init; }
    public string? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedUntilUtc { get; init; }
    public DateTimeOffset? CompletedUtc { get; init; }
    public string? ProviderMessageId { get; init; }
    public string? LastError { get; init; }
    /// <summary>When the message is due: SendAfter while Pending, the claim's end while Sending, absent when final.</summary>
    public long? DueAtMs { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static OutboxDocument From(OutboxMessage m) => new()
    {
        Id = m.Key.Value,
        RegistrationId = m.RegistrationId.Value,
        Purpose = m.Purpose,
        Sequence = m.Sequence,
        Channel = m.Channel,
        RecipientRef = m.RecipientRef,
        Language = m.Language,
        Subject = m.Subject,
        Body = m.Body,
        Status = m.Status,
        Attempts = m.Attempts,
        CreatedUtc = m.CreatedUtc,
        CreatedMs = m.CreatedUtc.ToUnixTimeMilliseconds(),
        SendAfterUtc = m.SendAfterUtc,
        IdempotencyGeneration = m.IdempotencyGeneration,
        AttemptStartedUtc = m.AttemptStartedUtc,
        ClaimedBy = m.ClaimedBy,
        ClaimedUntilUtc = m.ClaimedUntilUtc,
        CompletedUtc = m.CompletedUtc,
        ProviderMessageId = m.ProviderMessageId,
        LastError = m.LastError,
        DueAtMs = m.Status switch
        {
            OutboxStatus.Pending => m.SendAfterUtc.ToUnixTimeMilliseconds(),
            OutboxStatus.Sending => m.ClaimedUntilUtc?.ToUnixTimeMilliseconds(),
            _ => null,
        },
    };

    public OutboxMessage ToDomain(string? etag) => new()
    {
        Key = MessageKey.Parse(Id),
        RegistrationId = Domain.Registrations.RegistrationId.Parse(RegistrationId),
        Purpose = Purpose,
        Sequence = Sequence,
        Channel = Channel,
        RecipientRef = RecipientRef,
        Language = Language,
        Subject = Subject,
        Body = Body,
        Status = Status,
        Attempts = Attempts,
        CreatedUtc = CreatedUtc,
        SendAfterUtc = SendAfterUtc,
        IdempotencyGeneration = IdempotencyGeneration,
        AttemptStartedUtc = AttemptStartedUtc,
        ClaimedBy = ClaimedBy,
        ClaimedUntilUtc = ClaimedUntilUtc,
        CompletedUtc = CompletedUtc,
        ProviderMessageId = ProviderMessageId,
        LastError = LastError,
        ETag = etag ?? ETag,
    };
}

/// <summary>The stored shape of a <see cref="ContactLog"/>, in the same container and partition as the messages.</summary>
internal sealed class ContactLogDocument
{
    public const string DocumentType = "contact-log";

    public required string Id { get; init; }
    public required string RegistrationId { get; init; }
    public string Type { get; init; } = DocumentType;
    public required NotificationChannel Channel { get; init; }
    public required List<ContactLogEntryDocument> Entries { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static ContactLogDocument From(ContactLog log) => new()
    {
        Id = log.Id,
        RegistrationId = log.RegistrationId.Value,
        Channel = log.Channel,
        Entries = log.Entries.Select(e => new ContactLogEntryDocument(e.Key.Value, e.Purpose, e.AtUtc)).ToList(),
    };

    public ContactLog ToDomain(string? etag) => new(
        Domain.Registrations.RegistrationId.Parse(RegistrationId),
        Channel,
        Entries.Select(e => new ContactLogEntry(MessageKey.Parse(e.Key), e.Purpose, e.AtUtc)).ToList(),
        etag ?? ETag);
}

internal sealed record ContactLogEntryDocument(string Key, MessagePurpose Purpose, DateTimeOffset AtUtc);
