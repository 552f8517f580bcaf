using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;

namespace PatientAccess.Integrations.Blob;

/// <summary>
/// Card photos in Blob Storage. Upload URLs are user delegation SAS (Entra identity) in Azure, where shared keys
/// are disabled, and account-key SAS only against Azurite. Each URL allows create/write of one blob, nothing else.
/// </summary>
public sealed class BlobCardImageStore(BlobServiceClient service, TimeProvider time) : ICardImageStore
{
    public const string Container = "insurance-cards";
    public const string QuarantineContainer = "insurance-cards-quarantine";
    private const string ProcessedKey = "processed";

    private BlobContainerClient Cards => service.GetBlobContainerClient(Container);

    public async Task<Uri> CreateUploadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await EnsureContainersAsync(cancellationToken);
        var blob = Cards.GetBlobClient(blobName);
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, now.Add(lifetime))
        {
            BlobContainerName = Container,
            BlobName = blobName,
            Resource = "b",
            StartsOn = now.AddMinutes(-2),
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }
        var key = await Translate(blobName, () => service.GetUserDelegationKeyAsync(now.AddMinutes(-2), now.Add(lifetime), cancellationToken));
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri();
    }

    public async Task<byte[]?> ReadAsync(string blobName, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = Cards.GetBlobClient(blobName);
        var properties = await Translate(blobName, () => blob.GetPropertiesAsync(cancellationToken: cancellationToken));
        if (properties.Value.ContentLength > maxBytes)
        {
            return null;
        }
        var content = await Translate(blobName, () => blob.DownloadContentAsync(cancellationToken));
        return content.Value.Content.ToArray();
    }

    public async Task ReplaceProcessedAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var blob = Cards.GetBlobClient(blobName);
        await Translate(blobName, () => blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string> { [ProcessedKey] = "true" },
        }, cancellationToken));
    }

    public async Task<bool> IsProcessedAsync(string blobName, CancellationToken cancellationToken)
    {
        var properties = await Translate(blobName, () => Cards.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken));
        return properties.Value.Metadata.TryGetValue(ProcessedKey, out var value) && value == "true";
    }

    public async Task QuarantineAsync(string blobName, string reasonCode, CancellationToken cancellationToken)
    {
        await EnsureContainersAsync(cancellationToken);
        var source = Cards.GetBlobClient(blobName);
        var target = service.GetBlobContainerClient(QuarantineContainer).GetBlobClient(blobName);
        // Server-side copy within the account: an oversized upload is never pulled into this process.
        var copy = await Translate(blobName, () => target.StartCopyFromUriAsync(source.Uri, new BlobCopyFromUriOptions
        {
            Metadata = new Dictionary<string, string> { ["reason"] = reasonCode, ["quarantinedAt"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
        }, cancellationToken));
        await copy.WaitForCompletionAsync(cancellationToken);
        await source.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    public async IAsyncEnumerable<string> ListUnprocessedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureContainersAsync(cancellationToken);
        await foreach (var item in Cards.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, cancellationToken))
        {
            if (!item.Metadata.TryGetValue(ProcessedKey, out var value) || value != "true")
            {
                yield return item.Name;
            }
        }
    }

    private async Task EnsureContainersAsync(CancellationToken cancellationToken)
    {
        // Bicep creates both in Azure; locally Azurite starts empty.
        if (!service.CanGenerateAccountSasUri) return;
        await Cards.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await service.GetBlobContainerClient(QuarantineContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    private static async Task<T> Translate<T>(string blobName, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new NotFoundException("Card image", blobName);
        }
        catch (RequestFailedException e) when (e.Status is 429 or >= 500)
        {
            throw new TransientDependencyException("Blob Storage", $"status {e.Status}", null, e);
        }
    }
}
