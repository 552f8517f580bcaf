using SkiaSharp;
using PatientAccess.Domain.Cards;

namespace PatientAccess.Integrations.Cards;

/// <summary>Settings for the clean-up before OCR.</summary>
public sealed record PreprocessSettings
{
    /// <summary>The image is scaled so its longer side is about this many pixels (a card then reads at 400+ dpi).</summary>
    public int TargetLongSide { get; init; } = 1800;

    /// <summary>Largest skew corrected, in degrees either way.</summary>
    public double MaxSkewDegrees { get; init; } = 16;
}

/// <summary>The OCR-ready image as an 8-bit grayscale PGM, and what was done to it.</summary>
public sealed record PreprocessedImage(byte[] Pgm, int Width, int Height, double SkewDegrees, double Scale)
{
    /// <summary>The pixels without the PGM header, row-major, one byte each.</summary>
    public ReadOnlyMemory<byte> Pixels => Pgm.AsMemory(Pgm.Length - (Width * Height));
}

/// <summary>
/// Prepares a card photo for Tesseract with SkiaSharp: decodes it within the memory budget (<see cref="CardImageDecoder"/>,
/// which also honours the EXIF orientation), converts to grayscale,
/// measures and removes the skew (projection profiles of the text strokes), scales to OCR resolution and
/// stretches the contrast. Output is PGM, which Tesseract reads from stdin without any temporary file.
/// </summary>
public static class CardImagePreprocessor
{
    public static PreprocessedImage Prepare(ReadOnlySpan<byte> image, PreprocessSettings? settings = null)
    {
        settings ??= new PreprocessSettings();
        // Bounded decode: the budget is checked before decoding, a huge image is decoded downscaled, the orientation applied.
        var oriented = CardImageDecoder.Decode(image, "Tesseract");

        // Work on a copy no larger than the target for the skew estimate.
        var (gray, w, h) = ToGray(oriented);
        var skew = EstimateSkew(gray, w, h, settings.MaxSkewDegrees);

        var scale = Math.Clamp(settings.TargetLongSide / (double)Math.Max(w, h), 0.25, 3.0);
        var outW = (int)Math.Round(w * scale);
        var outH = (int)Math.Round(h * scale);
        using var source = GrayBitmap(gray, w, h);
        using var target = new SKBitmap(new SKImageInfo(outW, outH, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(new SKColor(Median(gray), Median(gray), Median(gray)));
            canvas.Translate(outW / 2f, outH / 2f);
            canvas.RotateDegrees((float)-skew);
            canvas.Scale((float)scale);
            canvas.Translate(-w / 2f, -h / 2f);
            using var img = SKImage.FromBitmap(source);
            canvas.DrawImage(img, 0, 0, new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        var pixels = target.GetPixelSpan().ToArray();
        var rowBytes = target.RowBytes;
        var packed = new byte[outW * outH];
        for (var y = 0; y < outH; y++) Array.Copy(pixels, y * rowBytes, packed, y * outW, outW);
        Stretch(packed);
        return new PreprocessedImage(Pgm(packed, outW, outH), outW, outH, skew, scale);
    }

    private static (byte[] Gray, int W, int H) ToGray(DecodedCardImage image)
    {
        var span = image.Rgba;
        var w = image.Width;
        var h = image.Height;
        var gray = new byte[w * h];
        for (var i = 0; i < gray.Length; i++)
        {
            var p = i * 4;
            gray[i] = (byte)(((span[p] * 299) + (span[p + 1] * 587) + (span[p + 2] * 114)) / 1000);
        }
        return (gray, w, h);
    }

    private static SKBitmap GrayBitmap(byte[] gray, int w, int h)
    {
        var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
        var rowBytes = bmp.RowBytes;
        var dst = bmp.GetPixels();
        for (var y = 0; y < h; y++)
        {
            System.Runtime.InteropServices.Marshal.Copy(gray, y * w, dst + (y * rowBytes), w);
        }
        return bmp;
    }

    /// <summary>
    /// The text angle in degrees (positive = clockwise): dark stroke pixels (darker than their neighbourhood) are
    /// projected onto rows at candidate angles; text lines give the sharpest profile at the true angle.
    /// </summary>
    public static double EstimateSkew(byte[] gray, int w, int h, double maxDegrees)
    {
        // Adaptive threshold with an integral image on a grid no finer than ~1000 px wide.
        var step = Math.Max(1, Math.Max(w, h) / 1000);
        var sw = w / step;
        var sh = h / step;
        if (sw < 20 || sh < 20) return 0;
        var small = new int[sw * sh];
        for (var y = 0; y < sh; y++)
        {
            for (var x = 0; x < sw; x++) small[(y * sw) + x] = gray[(y * step * w) + (x * step)];
        }
        var integral = new long[(sw + 1) * (sh + 1)];
        for (var y = 0; y < sh; y++)
        {
            long rowSum = 0;
            for (var x = 0; x < sw; x++)
            {
                rowSum += small[(y * sw) + x];
                integral[((y + 1) * (sw + 1)) + x + 1] = integral[(y * (sw + 1)) + x + 1] + rowSum;
            }
        }
        var r = Math.Max(4, sw / 60);
        var xs = new List<float>();
        var ys = new List<float>();
        for (var y = 0; y < sh; y++)
        {
            for (var x = 0; x < sw; x++)
            {
                int x0 = Math.Max(0, x - r), x1 = Math.Min(sw, x + r + 1), y0 = Math.Max(0, y - r), y1 = Math.Min(sh, y + r + 1);
                var sum = integral[(y1 * (sw + 1)) + x1] - integral[(y0 * (sw + 1)) + x1] - integral[(y1 * (sw + 1)) + x0] + integral[(y0 * (sw + 1)) + x0];
                var mean = sum / (double)((x1 - x0) * (y1 - y0));
                if (small[(y * sw) + x] < mean - 25)
                {
                    xs.Add(x);
                    ys.Add(y);
                }
            }
        }
        if (xs.Count < 200) return 0;

        double Score(double degrees)
        {
            var a = degrees * Math.PI / 180;
            var sin = Math.Sin(a);
            var cos = Math.Cos(a);
            var bins = new int[(sw + sh) * 2];
            var offset = sw + sh;
            for (var i = 0; i < xs.Count; i++)
            {
                var yr = (int)((-xs[i] * sin) + (ys[i] * cos)) + offset;
                if ((uint)yr < (uint)bins.Length) bins[yr]++;
            }
            double s = 0;
            foreach (var b in bins) s += (double)b * b;
            return s;
        }

        double best = 0, bestScore = double.MinValue;
        for (var d = -maxDegrees; d <= maxDegrees; d += 0.5)
        {
            var s = Score(d);
            if (s > bestScore) (best, bestScore) = (d, s);
        }
        var coarse = best;
        for (var d = coarse - 0.5; d <= coarse + 0.5; d += 0.1)
        {
            var s = Score(d);
            if (s > bestScore) (best, bestScore) = (d, s);
        }
        return Math.Round(best, 2);
    }

    private static byte Median(byte[] gray)
    {
        var hist = new int[256];
        for (var i = 0; i < gray.Length; i += 7) hist[gray[i]]++;
        var half = hist.Sum() / 2;
        var acc = 0;
        for (var v = 0; v < 256; v++)
        {
            acc += hist[v];
            if (acc >= half) return (byte)v;
        }
        return 128;
    }

    /// <summary>Linear contrast stretch between the 1st and 99th percentiles.</summary>
    private static void Stretch(byte[] gray)
    {
        var hist = new int[256];
        foreach (var g in gray) hist[g]++;
        int lo = 0, hi = 255, acc = 0;
        var cut = gray.Length / 100;
        for (var v = 0; v < 256; v++) { acc += hist[v]; if (acc > cut) { lo = v; break; } }
        acc = 0;
        for (var v = 255; v >= 0; v--) { acc += hist[v]; if (acc > cut) { hi = v; break; } }
        if (hi - lo < 30) return;
        var map = new byte[256];
        for (var v = 0; v < 256; v++) map[v] = (byte)Math.Clamp((v - lo) * 255 / (hi - lo), 0, 255);
        for (var i = 0; i < gray.Length; i++) gray[i] = map[gray[i]];
    }

    private static byte[] Pgm(byte[] gray, int w, int h)
    {
        var header = System.Text.Encoding.ASCII.GetBytes($"P5\n{w} {h}\n255\n");
        var result = new byte[header.Length + gray.Length];
        header.CopyTo(result, 0);
        gray.CopyTo(result, header.Length);
        return result;
    }
}
