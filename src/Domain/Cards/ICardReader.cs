namespace PatientAccess.Domain.Cards;

/// <summary>
/// Reads a photo or scan of an insurance card. Implementations: Azure AI Document Intelligence, local Tesseract,
/// and a fallback composite of both.
/// </summary>
/// <remarks>
/// Failures are domain exceptions: <see cref="Common.TransientDependencyException"/> when the engine is
/// unavailable for now (retry later), <see cref="CardUnreadableException"/> when this image cannot be read
/// (ask the patient for a new photo), <see cref="Common.PermanentDependencyException"/> for any other refusal.
/// </remarks>
public interface ICardReader
{
    /// <param name="image">The whole image file (JPEG, PNG, BMP, TIFF, HEIF or PDF), at most 10 MB.</param>
    /// <param name="contentType">The media type, e.g. "image/jpeg"; used as a hint, the bytes decide.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken);

    /// <summary>Reads the card from a stream (copied to memory first; card images are small).</summary>
    async Task<InsuranceCard> ReadAsync(Stream image, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream();
        await image.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), contentType, cancellationToken).ConfigureAwait(false);
    }
}
