namespace PatientAccess.Domain.Ports;

/// <summary>One uploaded file as the intake reads it: the bytes (null when over the size limit) and the version read.</summary>
/// <param name="Content">The bytes, or null when the blob is larger than the limit asked for (nothing was downloaded).</param>
/// <param name="Length">The blob's size in bytes.</param>
/// <param name="ETag">The version of the upload these bytes are; the intake records it, and deletes only this version.</param>
public sealed record CardUpload(byte[]? Content, long Length, string ETag);

/// <summary>
/// Where insurance card photos live. Three places: the upload inbox, written by the patient's phone through a
/// short-lived create-only URL and trusted for nothing (metadata, tags and content type are ignored); the accepted
/// copies, written only by us after re-encoding, which the card readers use; and quarantine for refused files. Blob
/// names are <c>{registrationId}/{front|back}-{guid}.{ext}</c>, chosen by the server; they carry no PHI.
/// </summary>
public interface ICardImageStore
{
    /// <summary>A URL that can create this one blob in the inbox (no read, no overwrite, no delete), valid for <paramref name="lifetime"/>.</summary>
    Task<Uri> CreateUploadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>The upload's bytes and version; the bytes are null when it is larger than <paramref name="maxBytes"/> (checked before downloading).</summary>
    /// <exception cref="Common.NotFoundException">No such upload (never made, or handled and removed already).</exception>
    Task<CardUpload> ReadUploadAsync(string blobName, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Removes the upload from the inbox if it is still the version <paramref name="etag"/>; a newer version stays for the intake to see.</summary>
    Task DeleteUploadAsync(string blobName, string etag, CancellationToken cancellationToken);

    /// <summary>Moves the upload to quarantine (a server-side copy, whatever its size) with the reason code in its metadata.</summary>
    /// <exception cref="Common.NotFoundException">No such upload.</exception>
    Task QuarantineAsync(string blobName, string reasonCode, CancellationToken cancellationToken);

    /// <summary>Every upload waiting in the inbox, for hosts that poll instead of receiving events.</summary>
    IAsyncEnumerable<string> ListUploadsAsync(CancellationToken cancellationToken);

    /// <summary>Writes our re-encoded copy under the upload's name, with the content type we chose (replacing an earlier copy of ours).</summary>
    Task StoreAcceptedAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken);

    /// <summary>A read-only URL of our copy of an accepted upload, valid for <paramref name="lifetime"/> (a specialist looks at the card).</summary>
    Task<Uri> CreateReadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Our copy of an accepted upload, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    /// <exception cref="Common.NotFoundException">No accepted copy under that name.</exception>
    Task<byte[]?> ReadAcceptedAsync(string blobName, long maxBytes, CancellationToken cancellationToken);
}
