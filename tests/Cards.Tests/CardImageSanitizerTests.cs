using System.Buffers.Binary;
using System.Text;
using CsCheck;
using PatientAccess.Domain.Cards;
using PatientAccess.Integrations.Cards;
using SkiaSharp;

namespace PatientAccess.Cards.Tests;

/// <summary>The re-encoding of accepted uploads and the bounded decoder under it, with real SkiaSharp codecs.</summary>
public class CardImageSanitizerTests
{
    private static readonly SkiaCardImageSanitizer Sanitizer = new();

    private static byte[] SampleCard() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "cards", "card-1000-commercial-ppo-clean.jpg"));

    private static byte[] Bomb() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Hostile", "png-6300x6300-rgba16-zeros.png"));

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>An image whose left half is black and right half white, so orientation and scaling can be told apart.</summary>
    private static SKBitmap Halves(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { Color = SKColors.Black };
        canvas.DrawRect(0, 0, width / 2f, height, paint);
        return bitmap;
    }

    private static int CountEndMarkers(byte[] bytes)
    {
        var count = 0;
        for (var i = 0; i + 1 < bytes.Length; i++) if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9) count++;
        return count;
    }

    [Fact]
    public void Sanitize_JpegWithHtmlAndZipAppended_OutputEndsAtTheImage()
    {
        var card = SampleCard();
        byte[] hostile = [.. card, .. "<html><script>alert(1)</script></html>"u8, .. "PK\u0003\u0004\u0014\0\0\0secret.txt"u8, .. "PK\u0005\u0006"u8, .. new byte[18]];

        var clean = Sanitizer.Sanitize(hostile);

        Assert.Equal(CardImageFormat.Jpeg, clean.Format);
        Assert.Equal("image/jpeg", clean.ContentType);
        Assert.Equal(-1, clean.Content.AsSpan().IndexOf("<html"u8));
        Assert.Equal(-1, clean.Content.AsSpan().IndexOf("PK\u0003\u0004"u8));
        Assert.Equal([0xFF, 0xD9], clean.Content[^2..]);
        Assert.Equal(1, CountEndMarkers(clean.Content));
        using var original = SKBitmap.Decode(card);
        Assert.Equal((original.Width, original.Height), (clean.Width, clean.Height));
    }

    [Fact]
    public void Sanitize_JpegWithCommentAndExif_OutputHasNoMetadataSegments()
    {
        var card = SampleCard();
        var comment = "GPS 41.8781N 87.6298W"u8.ToArray();
        byte[] segment = [0xFF, 0xFE, (byte)((comment.Length + 2) >> 8), (byte)(comment.Length + 2), .. comment];
        byte[] withComment = [.. card[..2], .. segment, .. card[2..]];

        var clean = Sanitizer.Sanitize(withComment);

        Assert.Equal(-1, clean.Content.AsSpan().IndexOf("GPS"u8));
        for (var i = 2; i + 1 < clean.Content.Length; i++)
        {
            if (clean.Content[i] != 0xFF) continue;
            var marker = clean.Content[i + 1];
            if (marker == 0xDA) break; // start of scan: no metadata segments before it but JFIF
            Assert.False(marker is (>= 0xE1 and <= 0xEF) or 0xFE, $"metadata segment FF{marker:X2} in the output");
        }
    }

    [Fact]
    public void Sanitize_ExifOrientationRightTop_PixelsTurnedUpright()
    {
        using var halves = Halves(400, 200);
        var jpeg = Encode(halves, SKEncodedImageFormat.Jpeg);
        // EXIF APP1 with one IFD0 entry: Orientation (0x0112) SHORT = 6, "rotate 90 degrees clockwise to display".
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        byte[] app1 = [0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];
        byte[] rotated = [.. jpeg[..2], .. app1, .. jpeg[2..]];

        var clean = Sanitizer.Sanitize(rotated);

        Assert.Equal((200, 400), (clean.Width, clean.Height));
        using var output = SKBitmap.Decode(clean.Content);
        Assert.Equal(SKEncodedOrigin.TopLeft, SKCodec.Create(SKData.CreateCopy(clean.Content))!.EncodedOrigin);
        // Black was on the left; turned clockwise it is on top.
        Assert.True(output.GetPixel(100, 20).Red < 60, "top is not black");
        Assert.True(output.GetPixel(100, 380).Red > 200, "bottom is not white");
    }

    [Fact]
    public void Sanitize_PngWithAlpha_StaysPngWithItsPixels()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(300, 200, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(new SKColor(10, 200, 30, 255));
        var png = Encode(bitmap, SKEncodedImageFormat.Png);
        byte[] withText = [.. png[..^12], .. PngChunk("tEXt", "Comment\0phone 3125550199"u8.ToArray()), .. png[^12..]];

        var clean = Sanitizer.Sanitize(withText);

        Assert.Equal(CardImageFormat.Png, clean.Format);
        Assert.Equal("image/png", clean.ContentType);
        Assert.Equal(-1, clean.Content.AsSpan().IndexOf("3125550199"u8));
        using var output = SKBitmap.Decode(clean.Content);
        Assert.Equal(new SKColor(10, 200, 30, 255), output.GetPixel(150, 100));
    }

    /// <summary>The 309 KB PNG: refused from its header, and nothing near its 318 MB is ever allocated.</summary>
    [Fact]
    public void Sanitize_DecompressionBombPng_RefusedWithoutDecoding()
    {
        var bomb = Bomb();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var refused = Assert.Throws<CardUnreadableException>(() => Sanitizer.Sanitize(bomb));

        Assert.Equal(CardRejectionCode.DecompressionBomb, refused.Code);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4L * 1024 * 1024);
    }

    [Fact]
    public void Decode_BombPngEvenPastTheInspector_RefusedBeforeAllocatingItsPixels()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        // The decoder guards itself too: with a tight budget the 6300 x 6300 image cannot be decoded whole or shrunk.
        var refused = Assert.Throws<CardUnreadableException>(() => CardImageDecoder.Decode(Bomb(), "test", maxLongSide: 6300, maxDecodedBytes: 64L * 1024 * 1024));

        Assert.Equal(CardRejectionCode.DecompressionBomb, refused.Code);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 8L * 1024 * 1024);
    }

    [Fact]
    public void Decode_WidePng_ShrunkByBoxAveragingAndOnlyWithinTheBudget()
    {
        // 8192 x 64 of alternating black and white columns: halved, each output pixel averages one of each. Skia's PNG
        // codec has no row-by-row decoding, so a PNG is decoded whole, and only when that fits the budget.
        using var stripes = new SKBitmap(new SKImageInfo(8192, 64, SKColorType.Rgba8888, SKAlphaType.Premul));
        for (var x = 0; x < 8192; x++)
        {
            var color = x % 2 == 0 ? SKColors.Black : SKColors.White;
            for (var y = 0; y < 64; y++) stripes.SetPixel(x, y, color);
        }
        var png = Encode(stripes, SKEncodedImageFormat.Png);

        var decoded = CardImageDecoder.Decode(png, "test");

        Assert.Equal((4096, 32), (decoded.Width, decoded.Height));
        Assert.All(Enumerable.Range(0, 50), i => Assert.InRange(decoded.Rgba[i * 4 * 81], 126, 128));
        var tooBig = Assert.Throws<CardUnreadableException>(() => CardImageDecoder.Decode(png, "test", maxDecodedBytes: 1024 * 1024));
        Assert.Equal(CardRejectionCode.DecompressionBomb, tooBig.Code);
    }

    [Fact]
    public void Decode_WideJpeg_DecodedRowByRowNeverWhole()
    {
        using var halves = Halves(12_000, 120);
        var jpeg = Encode(halves, SKEncodedImageFormat.Jpeg);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var decoded = CardImageDecoder.Decode(jpeg, "test");

        Assert.Equal((4000, 40), (decoded.Width, decoded.Height));
        Assert.True(decoded.Rgba[(20 * 4000 * 4) + (100 * 4)] < 40, "left half is not black");
        Assert.True(decoded.Rgba[(20 * 4000 * 4) + (3900 * 4)] > 215, "right half is not white");
        // The output (4000 x 40 x 4 = 640 KB) and one source row (48 KB); the whole image would be 5.8 MB.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 2L * 1024 * 1024);
    }

    [Fact]
    public void Sanitize_LargeJpeg_StoredAtMostTheReadersLongSide()
    {
        using var halves = Halves(9000, 1200);
        var jpeg = Encode(halves, SKEncodedImageFormat.Jpeg);

        var clean = Sanitizer.Sanitize(jpeg);

        Assert.True(Math.Max(clean.Width, clean.Height) <= CardImageDecoder.DefaultMaxLongSide, $"{clean.Width}x{clean.Height}");
        Assert.True(clean.Width >= 2_900, $"downscaled further than needed: {clean.Width}");
        Assert.Equal(9000.0 / 1200, clean.Width / (double)clean.Height, 1);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("tiff")]
    [InlineData("text")]
    public void Sanitize_FormatsWeDoNotReencode_UnsupportedFormat(string kind)
    {
        var bytes = kind switch
        {
            "pdf" => "%PDF-1.7\n1 0 obj << /Type /Page /MediaBox [0 0 612 792] >> endobj\n"u8.ToArray(),
            "tiff" => [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 2, 0, 0, 1, 3, 0, 1, 0, 0, 0, 0, 4, 0, 0, 1, 1, 3, 0, 1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0],
            _ => Encoding.ASCII.GetBytes("just some text, not a picture"),
        };

        Assert.Equal(CardRejectionCode.UnsupportedFormat, Assert.Throws<CardUnreadableException>(() => Sanitizer.Sanitize(bytes)).Code);
    }

    [Fact]
    public void Sanitize_JpegCutInTheMiddle_CorruptNotHalfAnImage()
    {
        var card = SampleCard();
        Assert.Equal(CardRejectionCode.Corrupt, Assert.Throws<CardUnreadableException>(() => Sanitizer.Sanitize(card.AsSpan(0, card.Length / 2))).Code);
    }

    [Fact]
    public void Sanitize_MutatedImages_OnlyEverCardUnreadable()
    {
        var card = SampleCard();
        using var small = Halves(120, 80);
        byte[][] valid = [card, Encode(small, SKEncodedImageFormat.Png), Encode(small, SKEncodedImageFormat.Jpeg)];
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, int.MaxValue].Array[1, 8], Gen.Byte.Array[8], Gen.Int[0, 400]).Sample((v, positions, values, cut) =>
        {
            var bytes = (byte[])valid[v].Clone();
            for (var i = 0; i < positions.Length; i++) bytes[positions[i] % bytes.Length] = values[i];
            try
            {
                var clean = Sanitizer.Sanitize(bytes.AsSpan(0, Math.Max(0, bytes.Length - cut)));
                Assert.True(clean.Width > 0 && clean.Height > 0);
            }
            catch (CardUnreadableException)
            {
                // refused: fine
            }
        }, iter: 300);
    }

    private static byte[] PngChunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
