using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;

namespace PatientAccess.Integrations.Forms;

/// <summary>
/// Signed documents in the <c>signed-forms</c> container. Write-once in the application (every write is conditional on
/// the name being free: <c>If-None-Match: *</c>) and, in Azure, by the container's time-based immutability policy
/// (infra/app/storage.bicep), which Azurite does not enforce. Every read is checked against the recorded SHA-256.
/// </summary>
public sealed class BlobSignedDocumentStore(BlobServiceClient service) : ISignedDocumentStore
{
    public const string Container = "signed-forms";

    private BlobContainerClient Documents => service.GetBlobContainerClient(Container);

    public async Task<string> PutOnceAsync(string name, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await EnsureContainerAsync(cancellationToken);
        var blob = Documents.GetBlobClient(name);
        try
        {
            await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
            return Sha256(content);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Written already (a replayed request after a crash): the first write stands.
            var existing = await Translate(name, () => blob.DownloadContentAsync(cancellationToken));
            return Sha256(existing.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status is 408 or 429 or >= 500)
        {
            throw new TransientDependencyException("Blob Storage", $"status {e.Status}", null, e);
        }
    }

    public async Task<(byte[] Content, string ContentType)> ReadVerifiedAsync(string name, string expectedSha256, CancellationToken cancellationToken)
    {
        var download = await Translate(name, () => Documents.GetBlobClient(name).DownloadContentAsync(cancellationToken));
        var content = download.Value.Content.ToArray();
        if (!string.Equals(Sha256(content), expectedSha256, StringComparison.OrdinalIgnoreCase)) throw new SignedDocumentAlteredException(name);
        return (content, download.Value.Details.ContentType ?? "application/octet-stream");
    }

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        // Bicep creates it (with its immutability policy) in Azure; locally Azurite starts empty.
        if (!service.CanGenerateAccountSasUri) return;
        await Documents.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    private static async Task<T> Translate<T>(string name, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new NotFoundException("Signed document", name);
        }
        catch (RequestFailedException e) when (e.Status is 408 or 429 or >= 500)
        {
            throw new TransientDependencyException("Blob Storage", $"status {e.Status}", null, e);
        }
    }
}
