using SkiaSharp;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.Cards.Tests;

/// <summary>Card edges, light-on-dark inversion and glare on images drawn here, where the truth is known exactly.</summary>
public class CardImagePreparationTests
{
    private static byte[] Gray(int w, int h, Action<SKCanvas> draw)
    {
        using var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bmp)) draw(canvas);
        var pixels = new byte[w * h];
        for (var y = 0; y < h; y++) bmp.GetPixelSpan().Slice(y * bmp.RowBytes, w).CopyTo(pixels.AsSpan(y * w, w));
        return pixels;
    }

    [Fact]
    public void FindEdges_LightCardTiltedOnDarkTable_FindsItsFourCornersInOrder()
    {
        SKPoint[] quad = [new(260, 180), new(1120, 240), new(1060, 800), new(220, 700)];
        var gray = Gray(1400, 1050, c =>
        {
            c.Clear(new SKColor(50, 50, 50));
            using var paint = new SKPaint { Color = new SKColor(235, 235, 235), IsAntialias = true };
            using var vertices = SKVertices.CreateCopy(SKVertexMode.TriangleFan, quad, null, null);
            c.DrawVertices(vertices, SKBlendMode.Dst, paint);
            using var text = new SKPaint { Color = new SKColor(20, 20, 20) };
            c.DrawRect(400, 400, 300, 30, text); // some "text" inside the card
        });

        var corners = CardEdges.Find(gray, 1400, 1050);

        Assert.NotNull(corners);
        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(corners[i].X, quad[i].X - 12, quad[i].X + 12);
            Assert.InRange(corners[i].Y, quad[i].Y - 12, quad[i].Y + 12);
        }
    }

    [Fact]
    public void FindEdges_CardFillsTheImage_FindsNothing()
    {
        var gray = Gray(1012, 638, c => c.Clear(new SKColor(240, 240, 240)));
        Assert.Null(CardEdges.Find(gray, 1012, 638));
    }

    [Fact]
    public void InvertDarkRegions_WhiteTextOnADarkBand_BecomesDarkOnLightAndTheRestIsUntouched()
    {
        var gray = Gray(1200, 750, c =>
        {
            c.Clear(new SKColor(245, 245, 245));
            using var band = new SKPaint { Color = new SKColor(40, 40, 40) };
            c.DrawRect(0, 0, 1200, 150, band);
            using var white = new SKPaint { Color = new SKColor(250, 250, 250) };
            using var ink = new SKPaint { Color = new SKColor(20, 20, 20) };
            for (var x = 100; x < 500; x += 12)
            {
                c.DrawRect(x, 60, 4, 30, white); // light "strokes" on the band
                c.DrawRect(x, 400, 4, 30, ink); // dark strokes on the light face
            }
        });

        var share = CardImagePreprocessor.InvertDarkRegions(gray, 1200, 750);

        Assert.InRange(share, 150, 260); // the band is 20% of the image
        Assert.True(gray[(75 * 1200) + 101] < 30, "band text is dark now");
        Assert.True(gray[(20 * 1200) + 700] > 200, "band background is light now");
        Assert.True(gray[(415 * 1200) + 101] < 30, "text on the light face is still dark");
        Assert.True(gray[(600 * 1200) + 300] > 200, "the light face is still light");
    }

    [Fact]
    public void FindGlare_BrightSpotOnAGreyCard_IsFoundAndDiscountsTheWordsUnderIt()
    {
        var gray = Gray(1200, 750, c =>
        {
            c.Clear(new SKColor(190, 190, 190));
            using var spot = new SKPaint { Color = new SKColor(255, 255, 255) };
            c.DrawCircle(600, 375, 90, spot);
        });

        var glare = CardImagePreprocessor.FindGlare(gray, 1200, 750);

        Assert.NotEmpty(glare);
        Assert.All(glare, g => Assert.InRange((g.Left + g.Right) / 2, 480, 720));
        var prepared = new PreprocessedImage([], 1200, 750, 0, 1) { Glare = glare };
        var words = prepared.DiscountGlare([new OcrWord("W123456789", 540, 360, 120, 30, 95), new OcrWord("GROUP", 100, 100, 100, 30, 95)]);
        Assert.Equal(95 * 0.6, words[0].Confidence, 3);
        Assert.Equal(95, words[1].Confidence);
    }

    [Fact]
    public void FindGlare_EvenWhiteCardFace_IsNoGlare()
    {
        var gray = Gray(1200, 750, c => c.Clear(new SKColor(250, 250, 250)));
        Assert.Empty(CardImagePreprocessor.FindGlare(gray, 1200, 750));
    }
}
