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
}
