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

    internal static byte[] Png(uint width, uint height)
    {
        var b = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 13);
        "IHDR"u8.CopyTo(b.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), height);
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
