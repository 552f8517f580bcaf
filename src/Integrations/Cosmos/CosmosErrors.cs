using System.Net;
using Microsoft.Azure.Cosmos;
using PatientAccess.Domain.Common;

namespace PatientAccess.Integrations.Cosmos;

/// <summary>The one place where Cosmos failures become domain exceptions; nothing above an adapter sees a CosmosException.</summary>
internal static class CosmosErrors
{
    public static async Task<T> Translate<T>(string kind, string id, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new NotFoundException(kind, id);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new ConcurrencyConflictException(kind, id);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new TransientDependencyException("Cosmos DB", "request rate too large (429)", e.RetryAfter, e);
        }
        catch (CosmosException e) when ((int)e.StatusCode >= 500 || e.StatusCode == HttpStatusCode.RequestTimeout)
        {
            throw new TransientDependencyException("Cosmos DB", $"status {(int)e.StatusCode}", e.RetryAfter, e);
        }
        catch (HttpRequestException e)
        {
            throw new TransientDependencyException("Cosmos DB", "connection failed", null, e);
        }
    }

    public static bool IsConflict(CosmosException e) => e.StatusCode == HttpStatusCode.Conflict;

    /// <summary>
    /// Writes a document under optimistic concurrency: created when <paramref name="etag"/> is null, else replaced only
    /// at that version. A document created meanwhile, changed meanwhile or gone is a <see cref="ConcurrencyConflictException"/>
    /// (the caller reads again). Returns the new ETag.
    /// </summary>
    public static async Task<string> WriteVersionedAsync<T>(
        Container container, string kind, string id, T document, PartitionKey partition, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            var written = etag is null
                ? await Translate(kind, id, () => container.CreateItemAsync(document, partition, cancellationToken: cancellationToken))
                : await Translate(kind, id, () =>
                    container.ReplaceItemAsync(document, id, partition, new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken));
            return written.ETag;
        }
        catch (CosmosException e) when (IsConflict(e))
        {
            throw new ConcurrencyConflictException(kind, id);
        }
        catch (NotFoundException)
        {
            throw new ConcurrencyConflictException(kind, id);
        }
    }
}
