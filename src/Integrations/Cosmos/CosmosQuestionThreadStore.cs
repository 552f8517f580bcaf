using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Questions;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Integrations.Cosmos;

/// <summary>
/// Question threads in "questions", partitioned by <c>/registrationId</c>: one document <c>questions-{registrationId}</c>
/// per registration, so every read and write of a thread is a point operation in the registration's own partition, and
/// the messages are written with the ETag (two hosts appending at once: one wins, the other reads again). A thread with an
/// unanswered question carries a numeric <c>awaitingSinceMs</c>, which the worklist's cross-partition range query reads
/// (absent when answered, so answered threads leave the query). Texts from unknown numbers are small documents in one
/// synthetic partition <see cref="UnmatchedPartition"/> (no registration owns them), id from the provider's message id's
/// hash, without number or words.
/// </summary>
public sealed class CosmosQuestionThreadStore(CosmosDatabaseProvider database) : IQuestionThreadStore
{
    private const string Kind = "Question thread";

    /// <summary>The partition of texts that belong to no registration.</summary>
    public const string UnmatchedPartition = "unmatched-senders";

    public async Task<Versioned<QuestionThread>?> FindAsync(RegistrationId registrationId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Questions, cancellationToken);
        var id = QuestionThreadDocument.IdFor(registrationId);
        try
        {
            var read = await CosmosErrors.Translate(Kind, registrationId.Value, () =>
                container.ReadItemAsync<QuestionThreadDocument>(id, new PartitionKey(registrationId.Value), cancellationToken: cancellationToken));
            return new Versioned<QuestionThread>(new QuestionThread(registrationId, read.Resource.Messages), read.ETag);
        }
        catch (Domain.Common.NotFoundException)
        {
            return null;
        }
    }

    public async Task<string> SaveAsync(QuestionThread thread, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var container = await database.ContainerAsync(CosmosContainers.Questions, cancellationToken);
        var document = QuestionThreadDocument.From(thread);
        return await CosmosErrors.WriteVersionedAsync(container, Kind, document.Id, document, new PartitionKey(thread.RegistrationId.Value), etag, cancellationToken);
    }

    public async Task<IReadOnlyList<AwaitingThread>> ListAwaitingAsync(int max, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Questions, cancellationToken);
        var query = new QueryDefinition("SELECT c.registrationId, c.awaitingSinceMs FROM c WHERE c.type = @type AND c.awaitingSinceMs >= 0")
            .WithParameter("@type", QuestionThreadDocument.DocumentType);
        return await CosmosErrors.Translate<IReadOnlyList<AwaitingThread>>(Kind, "(awaiting query)", async () =>
        {
            var found = new List<AwaitingThread>();
            using var feed = container.GetItemQueryIterator<AwaitingRow>(query);
            while (feed.HasMoreResults)
            {
                foreach (var row in await feed.ReadNextAsync(cancellationToken))
                {
                    if (RegistrationId.TryParse(row.RegistrationId, out var id) && row.AwaitingSinceMs is { } ms)
                    {
                        found.Add(new AwaitingThread(id, DateTimeOffset.FromUnixTimeMilliseconds(ms)));
                    }
                }
            }
            return found.OrderBy(t => t.AwaitingSince).ThenBy(t => t.RegistrationId.Value, StringComparer.Ordinal).Take(max).ToList();
        });
    }

    public async Task RecordUnmatchedAsync(UnmatchedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var container = await database.ContainerAsync(CosmosContainers.Questions, cancellationToken);
        var document = new UnmatchedDocument(UnmatchedDocument.IdFor(message.MessageId), UnmatchedPartition, UnmatchedDocument.DocumentType,
            message.MessageId, message.Channel, message.ReceivedAt, message.ReceivedAt.ToUnixTimeMilliseconds());
        try
        {
            await CosmosErrors.Translate(Kind, document.Id, () => container.CreateItemAsync(document, new PartitionKey(UnmatchedPartition), cancellationToken: cancellationToken));
        }
        catch (CosmosException e) when (CosmosErrors.IsConflict(e))
        {
            // A redelivery: recorded the first time.
        }
    }

    public async Task<IReadOnlyList<UnmatchedMessage>> ListUnmatchedAsync(DateTimeOffset since, int max, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.Questions, cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.type = @type AND c.receivedMs >= @since")
            .WithParameter("@type", UnmatchedDocument.DocumentType)
            .WithParameter("@since", since.ToUnixTimeMilliseconds());
        return await CosmosErrors.Translate<IReadOnlyList<UnmatchedMessage>>(Kind, "(unmatched query)", async () =>
        {
            var found = new List<UnmatchedMessage>();
            using var feed = container.GetItemQueryIterator<UnmatchedDocument>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(UnmatchedPartition) });
            while (feed.HasMoreResults)
            {
                found.AddRange((await feed.ReadNextAsync(cancellationToken)).Select(d => new UnmatchedMessage(d.MessageId, d.Channel, d.ReceivedAt)));
            }
            return found.OrderByDescending(m => m.ReceivedAt).Take(max).ToList();
        });
    }

    private sealed record AwaitingRow(string? RegistrationId, long? AwaitingSinceMs);
}

internal sealed record QuestionThreadDocument(string Id, string RegistrationId, string Type, List<QuestionMessage> Messages, long? AwaitingSinceMs)
{
    public const string DocumentType = "question-thread";

    public static string IdFor(RegistrationId registrationId) => $"questions-{registrationId.Value}";

    public static QuestionThreadDocument From(QuestionThread thread) =>
        new(IdFor(thread.RegistrationId), thread.RegistrationId.Value, DocumentType, [.. thread.Messages], thread.AwaitingSince?.ToUnixTimeMilliseconds());

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

internal sealed record UnmatchedDocument(string Id, string RegistrationId, string Type, string MessageId, QuestionChannel Channel, DateTimeOffset ReceivedAt, long ReceivedMs)
{
    public const string DocumentType = "unmatched-message";

    /// <summary>The provider's id may hold any character; the document id is its hash (safe in a Cosmos id).</summary>
    public static string IdFor(string messageId) =>
        "unmatched-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32];
}
