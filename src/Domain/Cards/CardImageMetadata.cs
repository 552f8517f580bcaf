using System.Buffers.Binary;

namespace PatientAccess.Domain.Cards;

/// <summary>
/// Removes metadata that can locate or identify the patient (EXIF with GPS, XMP, IPTC, comments, text chunks) from
/// a card image without re-encoding its pixels. Pure; returns the input unchanged for formats it does not rewrite
/// and for anything it cannot parse safely.
/// </summary>
public static class CardImageMetadata
{
    /// <summary>
    /// JPEG: drops APP1 (EXIF, XMP), APP2-APP15 except ICC (APP2 "ICC_PROFILE") and Adobe (APP14), and COM segments.
    /// PNG: drops eXIf, tEXt, zTXt, iTXt and tIME chunks. Other formats are returned as they are.
    /// </summary>
    public static byte[] Strip(ReadOnlySpan<byte> image) => CardImageInspector.Sniff(image) switch
    {
        CardImageFormat.Jpeg => StripJpeg(image) ?? image.ToArray(),
        CardImageFormat.Png => StripPng(image) ?? image.ToArray(),
        _ => image.ToArray(),
    };

    private static byte[]? StripJpeg(ReadOnlySpan<byte> b)
    {
        using var output = new MemoryStream(b.Length);
        output.Write(b[..2]);
        var i = 2;
        while (i + 4 <= b.Length)
        {
            if (b[i] != 0xFF) return null;
            var marker = b[i + 1];
            if (marker == 0xFF) { i++; continue; }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { output.Write(b.Slice(i, 2)); i += 2; continue; }
            if (marker == 0xDA)
            {
                output.Write(b[i..]); // start of scan: the rest is image data
                return output.ToArray();
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 2));
            if (length < 2 || i + 2 + length > b.Length) return null;
            var segment = b.Slice(i, 2 + length);
            var payload = segment[4..];
            var keep = marker switch
            {
                0xE0 => true, // JFIF
                0xE2 => payload.StartsWith("ICC_PROFILE"u8),
                0xEE => true, // Adobe colour transform
                >= 0xE1 and <= 0xEF => false,
                0xFE => false, // comment
                _ => true,
            };
            if (keep) output.Write(segment);
            i += 2 + length;
        }
        return null;
    }

    private static byte[]? StripPng(ReadOnlySpan<byte> b)
    {
        using var output = new MemoryStream(b.Length);
        output.Write(b[..8]);
        var i = 8;
        while (i + 12 <= b.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b.Slice(i));
            if (length > int.MaxValue || i + 12L + length > b.Length) return null;
            var type = b.Slice(i + 4, 4);
            var chunk = b.Slice(i, 12 + (int)length);
            var drop = type.SequenceEqual("eXIf"u8) || type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) ||
                       type.SequenceEqual("iTXt"u8) || type.SequenceEqual("tIME"u8);
            if (!drop) output.Write(chunk);
            i += chunk.Length;
            if (type.SequenceEqual("IEND"u8)) return output.ToArray();
        }
        return null;
    }
}
