using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;

namespace PatientAccess.Integrations.Blob;

/// <summary>
/// Card photos in Blob Storage. <see cref="Container"/> is the upload inbox: upload URLs are user delegation SAS (Entra
/// identity) in Azure, where shared keys are disabled, and account-key SAS only against Azurite; each allows creating
/// one blob, nothing else. Nothing an uploader sets (metadata, tags, content type) is read. <see cref="AcceptedContainer"/>
/// holds our re-encoded copies, written only by this class; the only URL issued for it is a read-only one of a few
/// minutes for a specialist's console (<see cref="CreateReadUrlAsync"/>).
/// </summary>
public sealed class BlobCardImageStore(BlobServiceClient service, TimeProvider time) : ICardImageStore
{
    public const string Container = "insurance-cards";
    public const string AcceptedContainer = "insurance-cards-accepted";
    public const string QuarantineContainer = "insurance-cards-quarantine";

    /// <summary>
    /// Create only: Azure refuses a PUT over an existing blob with it, and a read, a delete, a block upload, tags.
    /// (Azurite does not tell create from write; the intake's server-side record catches a second PUT there.)
    /// </summary>
    public static BlobSasPermissions UploadPermissions => BlobSasPermissions.Create;

    private BlobContainerClient Cards => service.GetBlobContainerClient(Container);

    private BlobContainerClient Accepted => service.GetBlobContainerClient(AcceptedContainer);

    public async Task<Uri> CreateUploadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await EnsureContainersAsync(cancellationToken);
        return await SignAsync(Cards.GetBlobClient(blobName), Container, UploadPermissions, lifetime, cancellationToken);
    }

    /// <summary>A read-only URL for our copy (specialists look at the card); valid for <paramref name="lifetime"/>, nothing but GET.</summary>
    public async Task<Uri> CreateReadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await EnsureContainersAsync(cancellationToken);
        return await SignAsync(Accepted.GetBlobClient(blobName), AcceptedContainer, BlobSasPermissions.Read, lifetime, cancellationToken);
    }

    /// <summary>
    /// Lets pages served from <paramref name="origins"/> PUT photos straight to upload URLs (the browser's CORS check):
    /// PUT and OPTIONS only, the two headers a Put Blob needs. Local runs call it at start; in Azure the Bicep sets the
    /// same rule on the storage account.
    /// </summary>
    public async Task AllowBrowserUploadsAsync(IReadOnlyCollection<string> origins, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origins);
        var properties = (await service.GetPropertiesAsync(cancellationToken)).Value;
        properties.Cors = [new BlobCorsRule
        {
            AllowedOrigins = string.Join(',', origins),
            AllowedMethods = "PUT,OPTIONS",
            AllowedHeaders = "x-ms-blob-type,content-type,x-ms-version,x-ms-client-request-id",
            ExposedHeaders = "etag,x-ms-request-id",
            MaxAgeInSeconds = 600,
        }];
        await service.SetPropertiesAsync(properties, cancellationToken);
    }

    private async Task<Uri> SignAsync(BlobClient blob, string container, BlobSasPermissions permissions, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(permissions, now.Add(lifetime))
        {
            BlobContainerName = container,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now.AddMinutes(-2),
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }
        var key = await Translate(blob.Name, () => service.GetUserDelegationKeyAsync(now.AddMinutes(-2), now.Add(lifetime), cancellationToken));
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri();
    }

    public async Task<CardUpload> ReadUploadAsync(string blobName, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = Cards.GetBlobClient(blobName);
        var properties = await Translate(blobName, () => blob.GetPropertiesAsync(cancellationToken: cancellationToken));
        if (properties.Value.ContentLength > maxBytes)
        {
            return new CardUpload(null, properties.Value.ContentLength, properties.Value.ETag.ToString());
        }
        // Only the version whose size was checked: a PUT in between must not pair other (larger) bytes with this ETag.
        var etag = properties.Value.ETag;
        try
        {
            var content = await Translate(blobName, () => blob.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, cancellationToken));
            return new CardUpload(content.Value.Content.ToArray(), content.Value.Details.ContentLength, etag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new TransientDependencyException("Blob Storage", "the upload changed while it was read", null, e);
        }
    }

    public async Task DeleteUploadAsync(string blobName, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await Cards.GetBlobClient(blobName).DeleteIfExistsAsync(
                conditions: new BlobRequestConditions { IfMatch = new ETag(etag) }, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Another version was written since: it stays in the inbox, and the intake sees it as a second upload.
        }
        catch (RequestFailedException e) when (e.Status is 429 or >= 500)
        {
            throw new TransientDependencyException("Blob Storage", $"status {e.Status}", null, e);
        }
    }

    public async Task StoreAcceptedAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        await EnsureContainersAsync(cancellationToken);
        var blob = Accepted.GetBlobClient(blobName);
        await Translate(blobName, () => blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentDisposition = "attachment" },
        }, cancellationToken));
    }

    public async Task<byte[]?> ReadAcceptedAsync(string blobName, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = Accepted.GetBlobClient(blobName);
        var properties = await Translate(blobName, () => blob.GetPropertiesAsync(cancellationToken: cancellationToken));
        if (properties.Value.ContentLength > maxBytes)
        {
            return null;
        }
        var content = await Translate(blobName, () => blob.DownloadContentAsync(cancellationToken));
        return content.Value.Content.ToArray();
    }

    public async Task QuarantineAsync(string blobName, string reasonCode, CancellationToken cancellationToken)
    {
        await EnsureContainersAsync(cancellationToken);
        var source = Cards.GetBlobClient(blobName);
        var target = service.GetBlobContainerClient(QuarantineContainer).GetBlobClient(blobName);
        // Server-side copy within the account: an oversized upload is never pulled into this process. The metadata
        // given here replaces whatever the uploader set.
        var copy = await Translate(blobName, () => target.StartCopyFromUriAsync(source.Uri, new BlobCopyFromUriOptions
        {
            Metadata = new Dictionary<string, string> { ["reason"] = reasonCode, ["quarantinedAt"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
        }, cancellationToken));
        await copy.WaitForCompletionAsync(cancellationToken);
        await source.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    public async IAsyncEnumerable<string> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureContainersAsync(cancellationToken);
        await foreach (var item in Cards.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, cancellationToken))
        {
            yield return item.Name;
        }
    }

    private async Task EnsureContainersAsync(CancellationToken cancellationToken)
    {
        // Bicep creates them in Azure; locally Azurite starts empty.
        if (!service.CanGenerateAccountSasUri) return;
        await Cards.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Accepted.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
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
