using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;

namespace PatientAccess.Integrations.Eligibility;

/// <summary>
/// Raw payloads kept for audit in Blob Storage (e.g. container <c>eligibility-responses</c>). A retried save of the
/// same name overwrites the earlier copy, so retries leave one blob. Storage failures become domain exceptions.
/// </summary>
public sealed class BlobAuditPayloadStore(BlobServiceClient service, ILogger<BlobAuditPayloadStore> logger) : IAuditPayloadStore
{
    private const string Dependency = "audit storage";
    private readonly ConcurrentDictionary<string, Lazy<Task>> _containers = new(StringComparer.Ordinal);

    public async Task<string> SaveAsync(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var client = service.GetBlobContainerClient(container);
        try
        {
            await EnsureContainerAsync(client, cancellationToken);
            await client.GetBlobClient(name).UploadAsync(
                BinaryData.FromBytes(content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 408 or 429 or >= 500 or 0)
        {
            throw new TransientDependencyException(Dependency, $"HTTP {e.Status} ({e.ErrorCode})", inner: e);
        }
        catch (RequestFailedException e)
        {
            throw new PermanentDependencyException(Dependency, $"HTTP {e.Status} ({e.ErrorCode})", e);
        }
        Log.PayloadStored(logger, container, content.Length);
        return name;
    }

    private Task EnsureContainerAsync(BlobContainerClient client, CancellationToken cancellationToken)
    {
        var lazy = _containers.GetOrAdd(client.Name, _ => new Lazy<Task>(() => client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _containers.TryRemove(client.Name, out _);
        }
        return task.WaitAsync(cancellationToken);
    }
}
