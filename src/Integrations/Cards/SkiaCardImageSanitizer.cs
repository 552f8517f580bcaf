using PatientAccess.Domain.Cards;
using SkiaSharp;

namespace PatientAccess.Integrations.Cards;

/// <summary>
/// Re-encodes accepted card uploads with SkiaSharp: JPEG stays JPEG (quality 90), PNG stays PNG. The header checks of
/// <see cref="CardImageInspector"/> (size, pixels, decoded bytes) run first, so nothing over the budget is decoded;
/// then <see cref="CardImageDecoder"/> decodes, downscaled to <see cref="CardImageDecoder.DefaultMaxLongSide"/> at most,
/// with the orientation applied. The new file holds the pixels and nothing else of the upload.
/// </summary>
public sealed class SkiaCardImageSanitizer : ICardImageSanitizer
{
    public const string Dependency = "Card image re-encoding";
    public const int JpegQuality = 90;

    public IReadOnlySet<CardImageFormat> Formats { get; } = new HashSet<CardImageFormat> { CardImageFormat.Jpeg, CardImageFormat.Png };

    public SanitizedCardImage Sanitize(ReadOnlySpan<byte> image)
    {
        switch (CardImageInspector.Inspect(image))
        {
            case CardImageInspection.Rejected rejected:
                throw new CardUnreadableException(Dependency, rejected.Code, rejected.Reason);
            case CardImageInspection.Accepted accepted when !Formats.Contains(accepted.Format):
                throw new CardUnreadableException(Dependency, CardRejectionCode.UnsupportedFormat, "Card photos are taken as JPEG or PNG.");
            case CardImageInspection.Accepted accepted:
                var decoded = CardImageDecoder.Decode(image, Dependency);
                using (var bitmap = decoded.ToBitmap())
                using (var pixels = SKImage.FromBitmap(bitmap))
                {
                    var format = accepted.Format == CardImageFormat.Png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
                    using var encoded = pixels.Encode(format, JpegQuality)
                        ?? throw new CardUnreadableException(Dependency, CardRejectionCode.Corrupt, "The image could not be encoded again.");
                    return new SanitizedCardImage(encoded.ToArray(), accepted.Format, decoded.Width, decoded.Height);
                }
            default:
                throw new InvalidOperationException("Unknown inspection outcome.");
        }
    }
}
