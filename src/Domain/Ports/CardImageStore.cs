namespace PatientAccess.Domain.Ports;

/// <summary>
/// Where insurance card photos live: uploaded by the patient's phone through a short-lived write-only URL,
/// checked, quarantined when bad, read by the card reader. Blob names are
/// <c>{registrationId}/{front|back}-{guid}.{ext}</c> inside the card container; they carry no PHI.
/// </summary>
public interface ICardImageStore
{
    /// <summary>A write-only URL for one blob, valid for <paramref name="lifetime"/>.</summary>
    Task<Uri> CreateUploadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>The blob's bytes, or null when it is larger than <paramref name="maxBytes"/> (checked before downloading).</summary>
    /// <exception cref="Common.NotFoundException">No such blob.</exception>
    Task<byte[]?> ReadAsync(string blobName, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Replaces the stored copy (e.g. with its metadata stripped) and marks it processed.</summary>
    Task ReplaceProcessedAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken);

    /// <summary>True once <see cref="ReplaceProcessedAsync"/> ran for this blob; a redelivered upload event then changes nothing.</summary>
    Task<bool> IsProcessedAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Moves the blob to quarantine (a server-side copy, whatever its size) with the reason code in its metadata.</summary>
    Task QuarantineAsync(string blobName, string reasonCode, CancellationToken cancellationToken);

    /// <summary>Blobs not yet processed, for hosts that poll instead of receiving events.</summary>
    IAsyncEnumerable<string> ListUnprocessedAsync(CancellationToken cancellationToken);
}
