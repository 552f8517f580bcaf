using System.Text;
using CsCheck;
using PatientAccess.Domain.Cards;

namespace PatientAccess.Cards.Tests;

public class CardImageMetadataTests
{
    private static byte[] Segment(byte marker, byte[] payload) =>
        [0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];

    [Fact]
    public void Strip_JpegWithExifGpsAndComment_RemovesThemAndKeepsTheImage()
    {
        var exif = Segment(0xE1, [.. "Exif\0\0"u8.ToArray(), .. Encoding.ASCII.GetBytes("GPSLatitude 47.6")]);
        var comment = Segment(0xFE, Encoding.ASCII.GetBytes("taken at home"));
        var icc = Segment(0xE2, [.. "ICC_PROFILE\0"u8.ToArray(), 1, 1]);
        var plain = CardImageInspectorTests.Jpeg(1200, 800);
        byte[] withMeta = [.. plain[..2], .. exif, .. comment, .. icc, .. plain[2..]];

        var stripped = CardImageMetadata.Strip(withMeta);

        Assert.Equal([.. plain[..2], .. icc, .. plain[2..]], stripped);
        Assert.Equal(CardImageInspector.Inspect(plain), CardImageInspector.Inspect(stripped));
    }

    [Fact]
    public void Strip_RealSampleJpeg_StaysDecodableAndSameSize()
    {
        var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "cards"), "*.jpg").Order().First();
        var bytes = File.ReadAllBytes(file);
        var stripped = CardImageMetadata.Strip(bytes);
        Assert.Equal(CardImageInspector.Inspect(bytes), CardImageInspector.Inspect(stripped));
        Assert.True(stripped.Length <= bytes.Length);
    }

    [Fact]
    public void Strip_PngTextChunks_AreDropped()
    {
        static byte[] Chunk(string type, byte[] data) =>
            [(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length, .. Encoding.ASCII.GetBytes(type), .. data, 0, 0, 0, 0];
        var ihdr = CardImageInspectorTests.Png(800, 500)[8..33];
        byte[] png = [.. CardImageInspectorTests.Png(800, 500)[..8], .. ihdr, .. Chunk("tEXt", Encoding.ASCII.GetBytes("Author\0someone")), .. Chunk("IDAT", [1, 2, 3]), .. Chunk("IEND", [])];

        var stripped = CardImageMetadata.Strip(png);

        Assert.DoesNotContain("someone", Encoding.ASCII.GetString(stripped), StringComparison.Ordinal);
        Assert.Contains("IDAT", Encoding.ASCII.GetString(stripped), StringComparison.Ordinal);
        Assert.IsType<CardImageInspection.Accepted>(CardImageInspector.Inspect(stripped));
    }

    [Fact]
    public void Strip_RandomBytes_NeverThrows() =>
        Gen.Select(Gen.Int[0, 1], Gen.Byte.Array[0, 300]).Sample((kind, tail) =>
        {
            byte[] input = kind == 0 ? [0xFF, 0xD8, 0xFF, .. tail] : [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. tail];
            _ = CardImageMetadata.Strip(input);
        }, iter: 20_000);
}
