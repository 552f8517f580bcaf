using System.Buffers.Binary;
using System.Text;

namespace PatientAccess.Domain.Cards;

/// <summary>Image formats a card may arrive in (those Document Intelligence accepts).</summary>
public enum CardImageFormat
{
    Jpeg,
    Png,
    Bmp,
    Tiff,
    Heif,
    Pdf,
}

/// <summary>Limits for card images. Defaults follow Document Intelligence's limits and our upload policy.</summary>
public sealed record CardImageLimits
{
    public long MaxBytes { get; init; } = 10L * 1024 * 1024;

    public int MinSide { get; init; } = 50;

    public int MaxSide { get; init; } = 10_000;

    /// <summary>Width times height above this is refused before any decoding (decompression bomb).</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>
    /// Width x height x bytes per pixel (from the header: channels and bit depth) above this is refused before any
    /// decoding: a small file that would take hundreds of megabytes once decoded (e.g. a 16-bit RGBA PNG of zeros).
    /// 128 MiB holds a 40-megapixel 8-bit RGB photo.
    /// </summary>
    public long MaxDecodedBytes { get; init; } = 128L * 1024 * 1024;

    public int MaxPages { get; init; } = 2;

    public static CardImageLimits Default { get; } = new();
}

/// <summary>The outcome of inspecting an uploaded card image.</summary>
public abstract record CardImageInspection
{
    private CardImageInspection() { }

    /// <summary>
    /// The file is usable. Width and height are pixels; for a PDF they are the first page's MediaBox in points
    /// (0 when the box could not be found).
    /// </summary>
    public sealed record Accepted(CardImageFormat Format, int Width, int Height, int Pages) : CardImageInspection
    {
        public string ContentType => Format switch
        {
            CardImageFormat.Jpeg => "image/jpeg",
            CardImageFormat.Png => "image/png",
            CardImageFormat.Bmp => "image/bmp",
            CardImageFormat.Tiff => "image/tiff",
            CardImageFormat.Heif => "image/heif",
            _ => "application/pdf",
        };

        public string Extension => Format switch
        {
            CardImageFormat.Jpeg => "jpg",
            CardImageFormat.Png => "png",
            CardImageFormat.Bmp => "bmp",
            CardImageFormat.Tiff => "tif",
            CardImageFormat.Heif => "heic",
            _ => "pdf",
        };
    }

    /// <summary>The file is refused; <paramref name="Reason"/> is plain words without any content of the file.</summary>
    public sealed record Rejected(CardRejectionCode Code, string Reason) : CardImageInspection;
}

/// <summary>
/// Decides whether an uploaded file is a card image we can read, from its bytes alone: the format by magic bytes
/// and the pixel dimensions from the headers, without decoding any pixels. Never throws on any input.
/// </summary>
public static class CardImageInspector
{
    /// <summary>Inspects a whole file.</summary>
    public static CardImageInspection Inspect(ReadOnlySpan<byte> content, CardImageLimits? limits = null) =>
        Inspect(content, content.Length, limits);

    /// <summary>
    /// Inspects the first bytes of a file of <paramref name="totalLength"/> bytes. Headers normally sit in the
    /// first 64 KB (JPEG with a large EXIF block may need more); when they are not found in
    /// <paramref name="head"/> the file is refused as corrupt. PDF page counts are only complete with the whole file.
    /// </summary>
    public static CardImageInspection Inspect(ReadOnlySpan<byte> head, long totalLength, CardImageLimits? limits = null)
    {
        limits ??= CardImageLimits.Default;
        if (totalLength <= 0 || head.IsEmpty)
        {
            return new CardImageInspection.Rejected(CardRejectionCode.Empty, "The file is empty.");
        }
        if (totalLength > limits.MaxBytes)
        {
            return new CardImageInspection.Rejected(CardRejectionCode.TooLarge,
                $"The file is larger than {limits.MaxBytes / (1024 * 1024)} MB.");
        }

        try
        {
            return Sniff(head) switch
            {
                CardImageFormat.Jpeg => CheckDimensions(CardImageFormat.Jpeg, Jpeg(head), 1, limits),
                CardImageFormat.Png => CheckDimensions(CardImageFormat.Png, Png(head), 1, limits),
                CardImageFormat.Bmp => CheckDimensions(CardImageFormat.Bmp, Bmp(head), 1, limits),
                CardImageFormat.Tiff => Tiff(head, limits),
                CardImageFormat.Heif => CheckDimensions(CardImageFormat.Heif, Heif(head), 1, limits),
                CardImageFormat.Pdf => Pdf(head, limits),
                _ => new CardImageInspection.Rejected(CardRejectionCode.UnsupportedFormat,
                    "The file is not a JPEG, PNG, HEIC/HEIF, TIFF, BMP or PDF."),
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            // Defensive: the readers check bounds, but a malformed header must never escape as an exception.
            return Corrupt();
        }
    }

    /// <summary>The format by magic bytes, or null when none matches.</summary>
    public static CardImageFormat? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return CardImageFormat.Jpeg;
        if (head.StartsWith(PngSignature)) return CardImageFormat.Png;
        if (head.Length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) ||
                                 (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)))
        {
            return CardImageFormat.Tiff;
        }
        if (head.StartsWith("%PDF-"u8)) return CardImageFormat.Pdf;
        if (head.Length >= 26 && head[0] == 'B' && head[1] == 'M') return CardImageFormat.Bmp;
        if (IsHeif(head)) return CardImageFormat.Heif;
        return null;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string[] HeifBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1"];

    private static bool IsHeif(ReadOnlySpan<byte> head)
    {
        if (head.Length < 16 || !head.Slice(4, 4).SequenceEqual("ftyp"u8)) return false;
        var size = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (size < 16 || size > 4096) return false;
        var end = (int)Math.Min(size, (uint)head.Length);
        var major = Encoding.ASCII.GetString(head.Slice(8, 4));
        if (major is "avif" or "avis") return false; // AVIF shares mif1 but is not HEIF/HEVC; no engine reads it.
        if (Array.IndexOf(HeifBrands, major) >= 0) return true;
        for (var i = 16; i + 4 <= end; i += 4)
        {
            if (Array.IndexOf(HeifBrands, Encoding.ASCII.GetString(head.Slice(i, 4))) >= 0) return true;
        }
        return false;
    }

    private static CardImageInspection.Rejected Corrupt() =>
        new(CardRejectionCode.Corrupt, "The image header could not be read; the file may be damaged or incomplete.");

    private static CardImageInspection CheckDimensions(CardImageFormat format, (int W, int H, int Bpp)? dims, int pages, CardImageLimits limits)
    {
        if (dims is not { } d || d.W <= 0 || d.H <= 0 || d.Bpp <= 0) return Corrupt();
        if ((long)d.W * d.H > limits.MaxPixels)
        {
            return new CardImageInspection.Rejected(CardRejectionCode.DecompressionBomb,
                $"The image has more than {limits.MaxPixels / 1_000_000} megapixels.");
        }
        if ((long)d.W * d.H * d.Bpp > limits.MaxDecodedBytes)
        {
            return new CardImageInspection.Rejected(CardRejectionCode.DecompressionBomb,
                $"The image would take more than {limits.MaxDecodedBytes / (1024 * 1024)} MB to decode.");
        }
        if (d.W > limits.MaxSide || d.H > limits.MaxSide)
        {
            return new CardImageInspection.Rejected(CardRejectionCode.DimensionsTooLarge,
                $"The image is larger than {limits.MaxSide} pixels on a side.");
        }
        if (d.W < limits.MinSide || d.H < limits.MinSide)
        {
            return new CardImageInspection.Rejected(CardRejectionCode.TooSmall,
                $"The image is smaller than {limits.MinSide} pixels on a side.");
        }
        return new CardImageInspection.Accepted(format, d.W, d.H, pages);
    }

    // JPEG: walk the marker segments up to the first SOFn frame header: precision, height, width, component count.
    private static (int, int, int)? Jpeg(ReadOnlySpan<byte> b)
    {
        var i = 2;
        while (i + 4 <= b.Length)
        {
            if (b[i] != 0xFF) return null;
            var marker = b[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; } // no length
            if (marker is 0xD9 or 0xDA) return null; // end of image or scan before any frame header
            var length = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 2));
            if (length < 2) return null;
            var isSof = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
            if (isSof)
            {
                if (length < 8 || i + 10 > b.Length) return null;
                int precision = b[i + 4];
                int height = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 5));
                int width = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 7));
                int components = b[i + 9];
                if (precision is < 2 or > 16 || components is < 1 or > 4) return null;
                return (width, height, components * (precision > 8 ? 2 : 1));
            }
            i += 2 + length;
        }
        return null;
    }

    // PNG: IHDR width, height, bit depth and colour type (channels: 0 gray 1, 2 RGB 3, 3 palette 1, 4 gray+alpha 2, 6 RGBA 4).
    private static (int, int, int)? Png(ReadOnlySpan<byte> b)
    {
        if (b.Length < 26 || !b.Slice(12, 4).SequenceEqual("IHDR"u8)) return null;
        var w = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(16));
        var h = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(20));
        int depth = b[24];
        int channels = b[25] switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        var validDepth = b[25] switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            _ => depth is 8 or 16,
        };
        if (channels == 0 || !validDepth) return null;
        return (ClampToInt(w), ClampToInt(h), BytesPerPixel(channels, depth));
    }

    private static (int, int, int)? Bmp(ReadOnlySpan<byte> b)
    {
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(14));
        if (headerSize == 12)
        {
            if (b.Length < 26) return null;
            return (BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(18)), BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(20)),
                BytesPerPixel(1, BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(24))));
        }
        if (headerSize < 40 || b.Length < 30) return null;
        long w = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(18));
        long h = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(22));
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(28));
        // negative height: top-down rows
        return (ClampToInt((ulong)Math.Abs(w)), ClampToInt((ulong)Math.Abs(h)), BytesPerPixel(1, bits));
    }

    /// <summary>Bytes one pixel takes once decoded at the file's own depth: at least one.</summary>
    private static int BytesPerPixel(int channels, int bitsPerChannel) =>
        bitsPerChannel is < 1 or > 64 ? 0 : Math.Max(1, ((channels * bitsPerChannel) + 7) / 8);

    private static int ClampToInt(ulong v) => v > int.MaxValue ? int.MaxValue : (int)v;

    // TIFF: every IFD (page) in the chain; ImageWidth (256) and ImageLength (257) as SHORT or LONG.
    private static CardImageInspection Tiff(ReadOnlySpan<byte> b, CardImageLimits limits)
    {
        var little = b[0] == 'I';
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);

        if (b.Length < 8) return Corrupt();
        var offset = U32(b.Slice(4));
        var pages = 0;
        (int W, int H, int Bpp)? first = null;
        var seen = new HashSet<uint>();
        while (offset != 0)
        {
            if (!seen.Add(offset) || offset + 2L > b.Length) break;
            pages++;
            if (pages > limits.MaxPages)
            {
                return new CardImageInspection.Rejected(CardRejectionCode.TooManyPages,
                    $"The file has more than {limits.MaxPages} pages.");
            }
            int count = U16(b.Slice((int)offset));
            long entries = offset + 2L;
            if (entries + (count * 12L) + 4 > b.Length)
            {
                if (first is null) return Corrupt();
                break;
            }
            long w = -1, h = -1, samples = 1, bits = 1; // baseline defaults: one sample of one bit
            for (var e = 0; e < count; e++)
            {
                var entry = b.Slice((int)(entries + (e * 12L)), 12);
                var tag = U16(entry);
                var type = U16(entry.Slice(2));
                var valueCount = U32(entry.Slice(4));
                long value = type switch
                {
                    3 => U16(entry.Slice(8)),
                    4 => U32(entry.Slice(8)),
                    _ => -1,
                };
                if (tag == 256) w = value;
                else if (tag == 257) h = value;
                else if (tag == 277 && value > 0) samples = value;
                else if (tag == 258 && type == 3)
                {
                    // BitsPerSample: one SHORT per sample; more than two do not fit the entry and sit at an offset.
                    if (valueCount <= 2) bits = value;
                    else if (U32(entry.Slice(8)) is var at && at + 2L <= b.Length) bits = U16(b.Slice((int)at));
                    else bits = 8;
                }
            }
            if (w < 0 || h < 0 || samples > 16) return Corrupt();
            var dims = (ClampToInt((ulong)w), ClampToInt((ulong)h), BytesPerPixel((int)samples, (int)Math.Min(bits, 64)));
            first ??= dims;
            // Every page must pass the pixel checks, not only the first.
            if (CheckDimensions(CardImageFormat.Tiff, dims, 1, limits) is CardImageInspection.Rejected r) return r;
            offset = U32(b.Slice((int)(entries + (count * 12L))));
        }
        return first is null ? Corrupt() : CheckDimensions(CardImageFormat.Tiff, first, pages, limits);
    }

    // HEIF: boxes meta > iprp > ipco > ispe. The largest ispe is the full image (the others are grid tiles); pixi gives
    // the bits per channel (8-bit YCbCr, three channels, when it is absent).
    private static (int, int, int)? Heif(ReadOnlySpan<byte> b)
    {
        (int W, int H)? best = null;
        var bpp = 0;
        WalkBoxes(b, 0, b.Length, 0, ref best, ref bpp);
        return best is { } d ? (d.W, d.H, bpp > 0 ? bpp : 3) : null;
    }

    private static void WalkBoxes(ReadOnlySpan<byte> b, int start, int end, int depth, ref (int W, int H)? best, ref int bpp)
    {
        if (depth > 6) return;
        var i = start;
        while (i + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(i));
            var type = b.Slice(i + 4, 4);
            var header = 8;
            if (size == 1)
            {
                if (i + 16 > end) return;
                var large = BinaryPrimitives.ReadUInt64BigEndian(b.Slice(i + 8));
                size = large > int.MaxValue ? long.MaxValue : (long)large;
                header = 16;
            }
            else if (size == 0)
            {
                size = end - i;
            }
            if (size < header) return;
            var boxEnd = (int)Math.Min(end, i + size);
            if (type.SequenceEqual("meta"u8))
            {
                WalkBoxes(b, i + header + 4, boxEnd, depth + 1, ref best, ref bpp); // FullBox: version and flags first
            }
            else if (type.SequenceEqual("iprp"u8) || type.SequenceEqual("ipco"u8))
            {
                WalkBoxes(b, i + header, boxEnd, depth + 1, ref best, ref bpp);
            }
            else if (type.SequenceEqual("ispe"u8) && i + header + 12 <= boxEnd)
            {
                var w = ClampToInt(BinaryPrimitives.ReadUInt32BigEndian(b.Slice(i + header + 4)));
                var h = ClampToInt(BinaryPrimitives.ReadUInt32BigEndian(b.Slice(i + header + 8)));
                if (best is null || (long)w * h > (long)best.Value.W * best.Value.H) best = (w, h);
            }
            else if (type.SequenceEqual("pixi"u8) && i + header + 5 <= boxEnd)
            {
                int channels = b[i + header + 4];
                var bits = 0;
                for (var c = 0; c < channels && i + header + 5 + c < boxEnd; c++) bits += b[i + header + 5 + c];
                bpp = Math.Max(bpp, (bits + 7) / 8);
            }
            if (size > end - i) return;
            i += (int)size;
        }
    }

    // PDF: a rough count of page objects ("/Type /Page" but not "/Pages") and the first MediaBox, in points.
    private static CardImageInspection Pdf(ReadOnlySpan<byte> b, CardImageLimits limits)
    {
        var pages = 0;
        var maxCount = 0;
        for (var i = 0; i < b.Length; i++)
        {
            if (b[i] != '/') continue;
            if (Matches(b, i, "/Type"u8))
            {
                var j = SkipSpace(b, i + 5);
                if (Matches(b, j, "/Page"u8) && (j + 5 >= b.Length || !IsNameChar(b[j + 5])))
                {
                    pages++;
                }
            }
            else if (Matches(b, i, "/Count"u8))
            {
                var j = SkipSpace(b, i + 6);
                var n = 0;
                while (j < b.Length && b[j] is >= (byte)'0' and <= (byte)'9' && n < 1_000_000) n = (n * 10) + (b[j++] - '0');
                maxCount = Math.Max(maxCount, n);
            }
        }
        if (pages == 0) pages = maxCount; // page objects hidden in compressed object streams
        if (pages == 0)
        {
            return new CardImageInspection.Rejected(CardRejectionCode.Corrupt, "The PDF has no readable pages.");
        }
        if (pages > limits.MaxPages)
        {
            return new CardImageInspection.Rejected(CardRejectionCode.TooManyPages,
                $"The file has more than {limits.MaxPages} pages.");
        }
        var (w, h) = MediaBox(b);
        return new CardImageInspection.Accepted(CardImageFormat.Pdf, w, h, pages);
    }

    private static (int, int) MediaBox(ReadOnlySpan<byte> b)
    {
        var at = b.IndexOf("/MediaBox"u8);
        if (at < 0) return (0, 0);
        var j = SkipSpace(b, at + 9);
        if (j >= b.Length || b[j] != '[') return (0, 0);
        var numbers = new double[4];
        j++;
        for (var k = 0; k < 4; k++)
        {
            j = SkipSpace(b, j);
            var s = j;
            while (j < b.Length && (b[j] is (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'-')) j++;
            if (j == s || !double.TryParse(Encoding.ASCII.GetString(b[s..j]), System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out numbers[k]))
            {
                return (0, 0);
            }
        }
        var w = Math.Abs(numbers[2] - numbers[0]);
        var h = Math.Abs(numbers[3] - numbers[1]);
        return w is > 0 and < int.MaxValue && h is > 0 and < int.MaxValue ? ((int)Math.Round(w), (int)Math.Round(h)) : (0, 0);
    }

    private static bool Matches(ReadOnlySpan<byte> b, int at, ReadOnlySpan<byte> token) =>
        at >= 0 && at + token.Length <= b.Length && b.Slice(at, token.Length).SequenceEqual(token);

    private static int SkipSpace(ReadOnlySpan<byte> b, int i)
    {
        while (i < b.Length && b[i] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or 0 or 12) i++;
        return i;
    }

    private static bool IsNameChar(byte c) => c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9');
}
