using System.Buffers.Binary;
using System.Text;
using CsCheck;
using PatientAccess.Domain.Cards;

namespace PatientAccess.Cards.Tests;

public class CardImageInspectorTests
{
    internal static byte[] Jpeg(int width, int height, int exifPadding = 0)
    {
        var b = new List<byte> { 0xFF, 0xD8 };
        // APP0 JFIF
        b.AddRange([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (exifPadding > 0)
        {
            var len = exifPadding + 2;
            b.AddRange([0xFF, 0xE1, (byte)(len >> 8), (byte)len]);
            b.AddRange(new byte[exifPadding]);
        }
        // DQT stub, then SOF2 (progressive)
        b.AddRange([0xFF, 0xDB, 0x00, 0x04, 0, 0]);
        b.AddRange([0xFF, 0xC2, 0x00, 0x11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3,
            1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b.AddRange([0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9]);
        return [.. b];
    }

    /// <summary>A PNG signature and IHDR (no CRC check here), 8-bit RGB unless told otherwise.</summary>
    internal static byte[] Png(uint width, uint height, byte bitDepth = 8, byte colorType = 2)
    {
        var b = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 13);
        "IHDR"u8.CopyTo(b.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), height);
        b[24] = bitDepth;
        b[25] = colorType;
        return b;
    }

    private static byte[] Tiff(bool little, params (int W, int H)[] pages)
    {
        var b = new byte[8 + (pages.Length * (2 + (2 * 12) + 4))];
        void U16(int at, int v) { if (little) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)v); else BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), (ushort)v); }
        void U32(int at, uint v) { if (little) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v); else BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v); }
        (little ? "II*\0"u8 : "MM\0*"u8).CopyTo(b);
        U32(4, 8);
        var at = 8;
        for (var p = 0; p < pages.Length; p++)
        {
            U16(at, 2);
            U16(at + 2, 256); U16(at + 4, 3); U32(at + 6, 1); U16(at + 10, pages[p].W); // SHORT: left-justified
            U16(at + 14, 257); U16(at + 16, 4); U32(at + 18, 1); U32(at + 22, (uint)pages[p].H); // LONG
            var next = p == pages.Length - 1 ? 0u : (uint)(at + 30);
            U32(at + 26, next);
            at += 30;
        }
        return b;
    }

    private static byte[] Box(string type, params byte[][] content)
    {
        var body = content.SelectMany(c => c).ToArray();
        var b = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)b.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(b, 4);
        body.CopyTo(b, 8);
        return b;
    }

    private static byte[] Ispe(uint w, uint h)
    {
        var c = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(4), w);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(8), h);
        return Box("ispe", c);
    }

    internal static byte[] Heic(string major, uint w, uint h) =>
    [
        .. Box("ftyp", Encoding.ASCII.GetBytes(major), new byte[4], "mif1heic"u8.ToArray()),
        .. Box("meta", new byte[4], Box("hdlr", new byte[20]),
            Box("iprp", Box("ipco", Ispe(512, 512), Ispe(w, h), Ispe(512, 512)))),
    ];

    private static byte[] Bmp(int w, int h)
    {
        var b = new byte[54];
        b[0] = (byte)'B'; b[1] = (byte)'M';
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), h);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(28), 24);
        return b;
    }

    private static byte[] Pdf(int pages) =>
        Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count " + pages + " >> endobj\n" +
            string.Concat(Enumerable.Range(0, pages).Select(i => $"{i + 3} 0 obj << /Type /Page /MediaBox [0 0 243 153] >> endobj\n")) +
            "%%EOF");

    [Fact]
    public void Inspect_Jpeg_ReadsSofDimensionsBehindExif()
    {
        var r = CardImageInspector.Inspect(Jpeg(1600, 1000, exifPadding: 20_000));
        Assert.Equal(new CardImageInspection.Accepted(CardImageFormat.Jpeg, 1600, 1000, 1), r);
    }

    [Fact]
    public void Inspect_Png_ReadsIhdr() =>
        Assert.Equal(new CardImageInspection.Accepted(CardImageFormat.Png, 1012, 638, 1), CardImageInspector.Inspect(Png(1012, 638)));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Inspect_Tiff_ReadsIfdTagsInBothByteOrders(bool little) =>
        Assert.Equal(new CardImageInspection.Accepted(CardImageFormat.Tiff, 2000, 1200, 2),
            CardImageInspector.Inspect(Tiff(little, (2000, 1200), (2000, 1200))));

    [Fact]
    public void Inspect_TiffWithThreePages_IsRejected() =>
        AssertRejected(CardRejectionCode.TooManyPages, CardImageInspector.Inspect(Tiff(true, (900, 600), (900, 600), (900, 600))));

    [Theory]
    [InlineData("heic")]
    [InlineData("mif1")]
    [InlineData("heix")]
    [InlineData("msf1")]
    [InlineData("hevc")]
    public void Inspect_Heif_TakesLargestIspe(string brand) =>
        Assert.Equal(new CardImageInspection.Accepted(CardImageFormat.Heif, 4032, 3024, 1), CardImageInspector.Inspect(Heic(brand, 4032, 3024)));

    [Fact]
    public void Inspect_Avif_IsUnsupported()
    {
        var avif = Heic("avif", 800, 600);
        "avifavif"u8.CopyTo(avif.AsSpan(16)); // no HEIF brand anywhere
        AssertRejected(CardRejectionCode.UnsupportedFormat, CardImageInspector.Inspect(avif));
    }

    [Fact]
    public void Inspect_Bmp_HandlesTopDownHeight() =>
        Assert.Equal(new CardImageInspection.Accepted(CardImageFormat.Bmp, 640, 400, 1), CardImageInspector.Inspect(Bmp(640, -400)));

    [Fact]
    public void Inspect_PdfWithTwoPages_IsAcceptedWithMediaBox() =>
        Assert.Equal(new CardImageInspection.Accepted(CardImageFormat.Pdf, 243, 153, 2), CardImageInspector.Inspect(Pdf(2)));

    [Fact]
    public void Inspect_PdfWithThreePages_IsRejected() =>
        AssertRejected(CardRejectionCode.TooManyPages, CardImageInspector.Inspect(Pdf(3)));

    [Fact]
    public void Inspect_DecompressionBomb_IsRejectedFromHeaderAlone()
    {
        // 9,000 x 9,000 is within 10,000 per side but 81 megapixels: refuse before any decoder sees it.
        AssertRejected(CardRejectionCode.DecompressionBomb, CardImageInspector.Inspect(Png(9000, 9000)));
        AssertRejected(CardRejectionCode.DecompressionBomb, CardImageInspector.Inspect(Png(uint.MaxValue, uint.MaxValue)));
    }

    /// <summary>The file of issue 10: 309 KB, 6300 x 6300 (39.7 megapixels, under the pixel limit), 16-bit RGBA: 318 MB decoded.</summary>
    [Fact]
    public void Inspect_Png6300Square16BitRgba_DecompressionBombFromTheDecodedSize()
    {
        var file = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Hostile", "png-6300x6300-rgba16-zeros.png"));
        Assert.InRange(file.Length, 300_000, 320_000);

        var rejected = Assert.IsType<CardImageInspection.Rejected>(CardImageInspector.Inspect(file));

        Assert.Equal(CardRejectionCode.DecompressionBomb, rejected.Code);
        Assert.Contains("MB to decode", rejected.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6300, 6300, 16, 6, false)] // 8 bytes a pixel: 318 MB
    [InlineData(6300, 6300, 8, 6, false)] // 4 bytes: 159 MB
    [InlineData(6300, 6300, 8, 2, true)] // 3 bytes: 119 MB
    [InlineData(6300, 6300, 16, 0, true)] // 2 bytes
    [InlineData(6000, 6000, 8, 3, true)] // palette: 1 byte
    [InlineData(5000, 5000, 16, 2, false)] // 6 bytes: 150 MB
    [InlineData(4032, 3024, 16, 6, true)] // a phone photo at 16-bit RGBA: 98 MB
    public void Inspect_PngDecodedBytes_RefusedOverTheBudget(uint w, uint h, byte depth, byte colorType, bool accepted)
    {
        var inspection = CardImageInspector.Inspect(Png(w, h, depth, colorType));
        if (accepted) Assert.IsType<CardImageInspection.Accepted>(inspection);
        else AssertRejected(CardRejectionCode.DecompressionBomb, inspection);
    }

    [Theory]
    [InlineData(7, 2)] // bit depth 7
    [InlineData(16, 3)] // 16-bit palette
    [InlineData(8, 5)] // colour type 5
    public void Inspect_PngImpossibleDepthOrColourType_Corrupt(byte depth, byte colorType) =>
        AssertRejected(CardRejectionCode.Corrupt, CardImageInspector.Inspect(Png(1000, 800, depth, colorType)));

    [Fact]
    public void Inspect_AnyPngHeader_DecodedBytesWithinBudgetOrRefused() =>
        Gen.Select(Gen.UInt[1, 12_000], Gen.UInt[1, 12_000], Gen.Int[0, 4].Select(i => new byte[] { 1, 2, 4, 8, 16 }[i]), Gen.Int[0, 4].Select(i => new byte[] { 0, 2, 3, 4, 6 }[i])).Sample((w, h, depth, type) =>
        {
            var channels = type switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
            var bytes = Math.Max(1, ((channels * depth) + 7) / 8);
            if (CardImageInspector.Inspect(Png(w, h, depth, type)) is CardImageInspection.Accepted)
            {
                Assert.True((long)w * h * bytes <= CardImageLimits.Default.MaxDecodedBytes, $"{w}x{h} at {bytes} bytes a pixel accepted");
            }
        }, iter: 5_000);

    [Theory]
    [InlineData(49, 600, CardRejectionCode.TooSmall)]
    [InlineData(600, 49, CardRejectionCode.TooSmall)]
    [InlineData(10_001, 100, CardRejectionCode.DimensionsTooLarge)]
    [InlineData(50, 50, null)]
    [InlineData(10_000, 4_000, null)]
    public void Inspect_SideLimits_AreEnforced(int w, int h, CardRejectionCode? expected)
    {
        var r = CardImageInspector.Inspect(Jpeg(w, h));
        if (expected is null) Assert.IsType<CardImageInspection.Accepted>(r);
        else AssertRejected(expected.Value, r);
    }

    [Fact]
    public void Inspect_OverTenMegabytes_IsRejectedBeforeParsing() =>
        AssertRejected(CardRejectionCode.TooLarge, CardImageInspector.Inspect(Png(800, 500), totalLength: (10L * 1024 * 1024) + 1));

    [Fact]
    public void Inspect_Empty_IsRejected() => AssertRejected(CardRejectionCode.Empty, CardImageInspector.Inspect([]));

    [Fact]
    public void Inspect_TextFile_IsUnsupported() =>
        AssertRejected(CardRejectionCode.UnsupportedFormat, CardImageInspector.Inspect("<html>not a card</html>"u8));

    [Fact]
    public void Inspect_TruncatedJpeg_IsCorrupt() =>
        AssertRejected(CardRejectionCode.Corrupt, CardImageInspector.Inspect(Jpeg(800, 500).AsSpan(0, 20)));

    [Fact]
    public void Inspect_RealSampleCards_AreAccepted()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "cards"), "*.jpg");
        Assert.True(files.Length >= 40, $"expected the 40+ sample cards, found {files.Length}");
        foreach (var f in files)
        {
            var r = Assert.IsType<CardImageInspection.Accepted>(CardImageInspector.Inspect(File.ReadAllBytes(f)));
            Assert.Equal(CardImageFormat.Jpeg, r.Format);
            Assert.InRange(r.Width, 600, 4000);
        }
    }

    [Fact]
    public void Inspect_RandomBytes_NeverThrowsAndOnlyRejects()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var r = CardImageInspector.Inspect(bytes);
            // Random bytes rarely form a valid header; when they do, the result must still respect the limits.
            if (r is CardImageInspection.Accepted a && a.Format != CardImageFormat.Pdf)
            {
                Assert.InRange(a.Width, 50, 10_000);
                Assert.InRange(a.Height, 50, 10_000);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Inspect_RandomBytesBehindEachMagic_NeverThrows()
    {
        byte[][] magics =
        [
            [0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "II*\0"u8.ToArray(), "MM\0*"u8.ToArray(),
            "%PDF-"u8.ToArray(), "BM"u8.ToArray(), [0, 0, 0, 24, .. "ftypheic"u8.ToArray()],
        ];
        Gen.Select(Gen.Int[0, magics.Length - 1], Gen.Byte.Array[0, 400]).Sample((m, tail) =>
        {
            var bytes = magics[m].Concat(tail).ToArray();
            var r = CardImageInspector.Inspect(bytes);
            Assert.True(r is CardImageInspection.Rejected or CardImageInspection.Accepted);
        }, iter: 20_000);
    }

    [Fact]
    public void Inspect_MutatedValidHeaders_NeverThrow()
    {
        byte[][] valid = [Jpeg(1200, 800, 100), Png(1200, 800), Tiff(true, (1200, 800)), Tiff(false, (1200, 800), (10, 10)), Heic("heic", 4000, 3000), Bmp(100, 100), Pdf(1)];
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 1000].Array[1, 6], Gen.Byte.Array[6], Gen.Int[0, 200]).Sample((v, positions, values, cut) =>
        {
            var bytes = (byte[])valid[v].Clone();
            for (var i = 0; i < positions.Length; i++) bytes[positions[i] % bytes.Length] = values[i];
            _ = CardImageInspector.Inspect(bytes.AsSpan(0, Math.Max(0, bytes.Length - cut)));
        }, iter: 20_000);
    }

    private static void AssertRejected(CardRejectionCode code, CardImageInspection r)
    {
        var rejected = Assert.IsType<CardImageInspection.Rejected>(r);
        Assert.Equal(code, rejected.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
    }
}
