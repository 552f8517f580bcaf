using System.Runtime.InteropServices;
using PatientAccess.Domain.Cards;
using SkiaSharp;

namespace PatientAccess.Integrations.Cards;

/// <summary>Decoded pixels: RGBA, 8 bits per channel, premultiplied, rows packed (stride = width x 4), upright.</summary>
public sealed record DecodedCardImage(byte[] Rgba, int Width, int Height)
{
    /// <summary>A Skia bitmap holding a copy of the pixels, for drawing or encoding.</summary>
    public SKBitmap ToBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var rowBytes = Width * 4;
        var target = bitmap.GetPixels();
        for (var y = 0; y < Height; y++)
        {
            Marshal.Copy(Rgba, y * rowBytes, target + (y * bitmap.RowBytes), rowBytes);
        }
        return bitmap;
    }
}

/// <summary>
/// Decodes card images with a bounded amount of memory. The caller checks the header's decoded size first
/// (<see cref="CardImageInspector"/>); here every allocation is held to the budget again. A large JPEG is decoded
/// downscaled: at 1/2, 1/4 or 1/8 by the codec's own DCT scaling when that suits, then row by row into a box-averaged
/// output, so memory is the output plus one source row. Skia's PNG codec cannot decode row by row, so a PNG is decoded
/// whole, only when the whole fits the budget, and then averaged down. The EXIF orientation is applied. A truncated or
/// corrupt image is refused, never half-decoded.
/// </summary>
public static class CardImageDecoder
{
    /// <summary>The long side the stored copy and the readers work with at most: a card fills much of a phone photo at 4032 px.</summary>
    public const int DefaultMaxLongSide = 4096;

    /// <exception cref="CardUnreadableException">Unsupported, corrupt or incomplete image, or one too big to decode within the budget.</exception>
    public static DecodedCardImage Decode(ReadOnlySpan<byte> image, string dependency, int maxLongSide = DefaultMaxLongSide, long? maxDecodedBytes = null)
    {
        var budget = maxDecodedBytes ?? CardImageLimits.Default.MaxDecodedBytes;
        using var data = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(data)
            ?? throw new CardUnreadableException(dependency, CardRejectionCode.UnsupportedFormat, "This image format cannot be decoded here.");
        var full = codec.Info;
        if (full.Width <= 0 || full.Height <= 0) throw Corrupt(dependency);

        // A JPEG decodes at 1/2, 1/4 or 1/8 for little more than the cost of the smaller size. Take the decode size whose
        // whole-number box reduction ends closest to the long side we want (never above it), preferring less work on a tie.
        var (source, factor) = (new SKSizeI(full.Width, full.Height), Factor(Math.Max(full.Width, full.Height), maxLongSide));
        if (codec.EncodedFormat == SKEncodedImageFormat.Jpeg && factor > 1)
        {
            foreach (var denominator in new[] { 2, 4, 8 })
            {
                var scaled = codec.GetScaledDimensions(1f / denominator);
                if (scaled.Width <= 0 || scaled.Height <= 0) continue;
                var scaledFactor = Factor(Math.Max(scaled.Width, scaled.Height), maxLongSide);
                if (Math.Max(scaled.Width, scaled.Height) / scaledFactor >= Math.Max(source.Width, source.Height) / factor)
                {
                    (source, factor) = (scaled, scaledFactor);
                }
            }
        }
        var outWidth = Math.Max(1, source.Width / factor);
        var outHeight = Math.Max(1, source.Height / factor);
        if ((long)outWidth * outHeight * 4 > budget) throw Bomb(dependency, budget);

        var info = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var pixels = factor == 1 ? DecodeWhole(codec, info, dependency, budget) : DecodeByRows(codec, info, factor, outWidth, outHeight, dependency, budget);
        return Orient(pixels, codec.EncodedOrigin);
    }

    private static int Factor(int longSide, int maxLongSide) => Math.Max(1, (int)Math.Ceiling(longSide / (double)maxLongSide));

    private static DecodedCardImage DecodeWhole(SKCodec codec, SKImageInfo info, string dependency, long budget)
    {
        if ((long)info.Width * info.Height * 4 > budget) throw Bomb(dependency, budget);
        var pixels = new byte[info.Width * info.Height * 4];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, handle.AddrOfPinnedObject(), info.Width * 4, new SKCodecOptions(0));
            if (result != SKCodecResult.Success) throw Corrupt(dependency);
        }
        finally
        {
            handle.Free();
        }
        return new DecodedCardImage(pixels, info.Width, info.Height);
    }

    /// <summary>Decodes one source row at a time and averages each factor x factor block into one output pixel.</summary>
    private static DecodedCardImage DecodeByRows(SKCodec codec, SKImageInfo info, int factor, int outWidth, int outHeight, string dependency, long budget)
    {
        if (codec.StartScanlineDecode(info) != SKCodecResult.Success || codec.ScanlineOrder != SKCodecScanlineOrder.TopDown)
        {
            // Skia's PNG codec (and any other without scanline decoding): whole, when that fits the budget, then shrink.
            return Shrink(DecodeWhole(codec, info, dependency, budget), factor, outWidth, outHeight);
        }
        var row = new byte[info.Width * 4];
        var sums = new int[outWidth * 4];
        var output = new byte[outWidth * outHeight * 4];
        var divisor = factor * factor;
        var handle = GCHandle.Alloc(row, GCHandleType.Pinned);
        try
        {
            var address = handle.AddrOfPinnedObject();
            for (var y = 0; y < outHeight * factor; y++)
            {
                if (codec.GetScanlines(address, 1, row.Length) != 1) throw Corrupt(dependency);
                Accumulate(row, sums, outWidth, factor);
                if ((y + 1) % factor == 0)
                {
                    var at = (y / factor) * outWidth * 4;
                    for (var i = 0; i < sums.Length; i++) output[at + i] = (byte)(sums[i] / divisor);
                    Array.Clear(sums);
                }
            }
        }
        finally
        {
            handle.Free();
        }
        return new DecodedCardImage(output, outWidth, outHeight);
    }

    private static void Accumulate(byte[] row, int[] sums, int outWidth, int factor)
    {
        for (var ox = 0; ox < outWidth; ox++)
        {
            var source = ox * factor * 4;
            var target = ox * 4;
            for (var k = 0; k < factor; k++, source += 4)
            {
                sums[target] += row[source];
                sums[target + 1] += row[source + 1];
                sums[target + 2] += row[source + 2];
                sums[target + 3] += row[source + 3];
            }
        }
    }

    private static DecodedCardImage Shrink(DecodedCardImage image, int factor, int outWidth, int outHeight)
    {
        var output = new byte[outWidth * outHeight * 4];
        var sums = new int[outWidth * 4];
        var row = new byte[image.Width * 4];
        for (var y = 0; y < outHeight * factor; y++)
        {
            Array.Copy(image.Rgba, y * image.Width * 4, row, 0, row.Length);
            Accumulate(row, sums, outWidth, factor);
            if ((y + 1) % factor == 0)
            {
                var at = (y / factor) * outWidth * 4;
                for (var i = 0; i < sums.Length; i++) output[at + i] = (byte)(sums[i] / (factor * factor));
                Array.Clear(sums);
            }
        }
        return new DecodedCardImage(output, outWidth, outHeight);
    }

    /// <summary>Applies the EXIF orientation (all eight), so the pixels are upright and the tag is no longer needed.</summary>
    public static DecodedCardImage Orient(DecodedCardImage image, SKEncodedOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (origin == SKEncodedOrigin.TopLeft || !Enum.IsDefined(origin)) return image;
        var (w, h) = (image.Width, image.Height);
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (outW, outH) = swap ? (h, w) : (w, h);
        var output = new byte[image.Rgba.Length];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    SKEncodedOrigin.LeftBottom => (w - 1 - y, x),
                    _ => (x, y),
                };
                Buffer.BlockCopy(image.Rgba, ((sy * w) + sx) * 4, output, ((y * outW) + x) * 4, 4);
            }
        }
        return new DecodedCardImage(output, outW, outH);
    }

    private static CardUnreadableException Corrupt(string dependency) =>
        new(dependency, CardRejectionCode.Corrupt, "The image could not be decoded completely; the file may be damaged or truncated.");

    private static CardUnreadableException Bomb(string dependency, long budget) =>
        new(dependency, CardRejectionCode.DecompressionBomb, $"The image would take more than {budget / (1024 * 1024)} MB to decode.");
}
