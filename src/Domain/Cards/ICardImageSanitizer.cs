namespace PatientAccess.Domain.Cards;

/// <summary>A card image as we store it: decoded and encoded again by us, so nothing of the upload survives but pixels.</summary>
/// <param name="Content">The new file: no metadata, nothing after the image's end.</param>
/// <param name="Format">JPEG for a JPEG upload, PNG for a PNG one.</param>
/// <param name="Width">Pixels, after the EXIF orientation was applied and any downscaling.</param>
/// <param name="Height">Pixels, likewise.</param>
public sealed record SanitizedCardImage(byte[] Content, CardImageFormat Format, int Width, int Height)
{
    /// <summary>The content type we set on the stored copy.</summary>
    public string ContentType => Format == CardImageFormat.Png ? "image/png" : "image/jpeg";
}

/// <summary>
/// Turns an uploaded card image (already accepted by <see cref="CardImageInspector"/>) into our own copy: decoded
/// (downscaled while decoding when it is larger than needed) and encoded again, with the orientation applied and no
/// metadata. Whatever an uploader hid in the file (EXIF, comments, text chunks, an HTML page or a ZIP appended after the
/// image's end) is gone. Implementations refuse what they cannot decode.
/// </summary>
public interface ICardImageSanitizer
{
    /// <summary>The formats this sanitizer re-encodes; intake refuses the others.</summary>
    IReadOnlySet<CardImageFormat> Formats { get; }

    /// <exception cref="CardUnreadableException">The image cannot be decoded (corrupt, truncated, unsupported, too big to decode).</exception>
    SanitizedCardImage Sanitize(ReadOnlySpan<byte> image);
}
