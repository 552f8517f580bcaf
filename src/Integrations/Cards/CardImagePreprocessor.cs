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

    /// <summary>Find the card's edges in a photo and undo the perspective.</summary>
    public bool Rectify { get; init; } = true;
}

/// <summary>The OCR-ready image as an 8-bit grayscale PGM, and what was done to it.</summary>
public sealed record PreprocessedImage(byte[] Pgm, int Width, int Height, double SkewDegrees, double Scale)
{
    /// <summary>The pixels without the PGM header, row-major, one byte each.</summary>
    public ReadOnlyMemory<byte> Pixels => Pgm.AsMemory(Pgm.Length - (Width * Height));

    /// <summary>Areas washed out by glare (a reflection brighter than the card around it), in this image's pixels.</summary>
    public IReadOnlyList<GlareArea> Glare { get; init; } = [];

    /// <summary>True when the card's edges were found and the perspective undone.</summary>
    public bool Rectified { get; init; }

    /// <summary>Thousandths of the image that were light on dark and were inverted.</summary>
    public int InvertedShare { get; init; }

    /// <summary>Words that lie partly under glare keep their text but lose confidence: what glare hides may be misread.</summary>
    public IReadOnlyList<OcrWord> DiscountGlare(IReadOnlyList<OcrWord> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (Glare.Count == 0) return words;
        return [.. words.Select(w =>
        {
            var covered = Glare.Sum(g => g.Overlap(w.Left, w.Top, w.Right, w.Bottom));
            var share = covered / (double)Math.Max(1, w.Width * w.Height);
            return share >= CardImagePreprocessor.GlareShare ? w with { Confidence = w.Confidence * CardImagePreprocessor.GlareFactor } : w;
        })];
    }
}

/// <summary>One rectangle under glare.</summary>
public sealed record GlareArea(int Left, int Top, int Right, int Bottom)
{
    public long Overlap(int left, int top, int right, int bottom) =>
        (long)Math.Max(0, Math.Min(Right, right) - Math.Max(Left, left)) * Math.Max(0, Math.Min(Bottom, bottom) - Math.Max(Top, top));
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

        var (gray, w, h) = ToGray(oriented);
        // A photo of the card on a surface: find its edges and undo the perspective, then only a small skew is left.
        var rectified = false;
        if (settings.Rectify && CardEdges.Find(gray, w, h) is { } corners)
        {
            (gray, w, h) = Rectify(gray, w, h, corners, settings.TargetLongSide);
            rectified = true;
        }
        var skew = EstimateSkew(gray, w, h, rectified ? 3 : settings.MaxSkewDegrees);

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
        var glare = FindGlare(packed, outW, outH);
        var inverted = InvertDarkRegions(packed, outW, outH);
        return new PreprocessedImage(Pgm(packed, outW, outH), outW, outH, skew, scale) { Glare = glare, Rectified = rectified, InvertedShare = inverted };
    }

    /// <summary>The card cut out of the photo and flattened to a CR80 rectangle (85.6 x 54 mm) with a 2% margin.</summary>
    private static (byte[] Gray, int W, int H) Rectify(byte[] gray, int w, int h, SKPoint[] corners, int targetLongSide)
    {
        const double Aspect = 85.6 / 54.0;
        var outW = targetLongSide;
        var outH = (int)Math.Round(outW / Aspect);
        var margin = outW * 0.02f;
        var cardToPhoto = CardEdges.Homography(outW - (2 * margin), outH - (2 * margin), corners);
        if (!cardToPhoto.TryInvert(out var photoToCard)) return (gray, w, h);
        using var source = GrayBitmap(gray, w, h);
        using var target = new SKBitmap(new SKImageInfo(outW, outH, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(new SKColor(Median(gray), Median(gray), Median(gray)));
            canvas.Translate(margin, margin);
            canvas.Concat(photoToCard);
            using var img = SKImage.FromBitmap(source);
            canvas.DrawImage(img, 0, 0, new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        var pixels = target.GetPixelSpan();
        var packed = new byte[outW * outH];
        for (var y = 0; y < outH; y++) pixels.Slice(y * target.RowBytes, outW).CopyTo(packed.AsSpan(y * outW, outW));
        return (packed, outW, outH);
    }

    /// <summary>A word with at least this share of its box under glare loses confidence.</summary>
    internal const double GlareShare = 0.2;

    /// <summary>What a word under glare keeps of its confidence.</summary>
    internal const double GlareFactor = 0.6;

    /// <summary>
    /// Glare: cells (1/40 of the long side) that are nearly white, flat, and clearly brighter than the card around
    /// them (a reflection, not a white card face), merged into rectangles.
    /// </summary>
    public static IReadOnlyList<GlareArea> FindGlare(byte[] gray, int w, int h)
    {
        var cell = Math.Max(8, Math.Max(w, h) / 40);
        var cw = w / cell;
        var ch = h / cell;
        if (cw < 4 || ch < 4) return [];
        var mean = new double[cw * ch];
        var dev = new double[cw * ch];
        for (var cy = 0; cy < ch; cy++)
        {
            for (var cx = 0; cx < cw; cx++)
            {
                double sum = 0, sq = 0;
                for (var y = cy * cell; y < (cy + 1) * cell; y += 2)
                {
                    for (var x = cx * cell; x < (cx + 1) * cell; x += 2)
                    {
                        var v = gray[(y * w) + x];
                        sum += v;
                        sq += v * v;
                    }
                }
                var n = (cell / 2) * (cell / 2.0);
                mean[(cy * cw) + cx] = sum / n;
                dev[(cy * cw) + cx] = Math.Sqrt(Math.Max(0, (sq / n) - ((sum / n) * (sum / n))));
            }
        }
        var areas = new List<GlareArea>();
        const int ring = 4;
        for (var cy = 0; cy < ch; cy++)
        {
            for (var cx = 0; cx < cw; cx++)
            {
                var m = mean[(cy * cw) + cx];
                if (m < 235 || dev[(cy * cw) + cx] > 18) continue;
                // The surroundings: cells a ring away; glare stands out from them, a white card face does not.
                var around = new List<double>();
                for (var dy = -ring; dy <= ring; dy++)
                {
                    for (var dx = -ring; dx <= ring; dx++)
                    {
                        if (Math.Max(Math.Abs(dx), Math.Abs(dy)) != ring) continue;
                        int x = cx + dx, y = cy + dy;
                        if (x >= 0 && y >= 0 && x < cw && y < ch) around.Add(mean[(y * cw) + x]);
                    }
                }
                if (around.Count < 6) continue;
                around.Sort();
                var median = around[around.Count / 2];
                if (m - median < 30) continue;
                areas.Add(new GlareArea(cx * cell, cy * cell, (cx + 1) * cell, (cy + 1) * cell));
            }
        }
        return areas;
    }

    /// <summary>
    /// Inverts light-on-dark regions so every text is dark on light. The background of each tile (1/48 of the long
    /// side) is its median: text is a minority of a tile's pixels; then the median over its 3 x 3 neighbourhood, so a
    /// tile inside a bold glyph is not taken for a dark face. The tile backgrounds are interpolated into a smooth
    /// map, and where the background is dark (a dark face, a coloured band, a dark id block) the pixels are inverted.
    /// Returns the share of pixels inverted, in thousandths.
    /// </summary>
    public static int InvertDarkRegions(byte[] gray, int w, int h)
    {
        var tile = Math.Max(8, Math.Max(w, h) / 48);
        var tw = (w + tile - 1) / tile;
        var th = (h + tile - 1) / tile;
        var medians = new int[tw * th];
        var hist = new int[256];
        for (var ty = 0; ty < th; ty++)
        {
            for (var tx = 0; tx < tw; tx++)
            {
                Array.Clear(hist);
                var n = 0;
                for (var y = ty * tile; y < Math.Min(h, (ty + 1) * tile); y += 2)
                {
                    for (var x = tx * tile; x < Math.Min(w, (tx + 1) * tile); x += 2)
                    {
                        hist[gray[(y * w) + x]]++;
                        n++;
                    }
                }
                var acc = 0;
                var median = 255;
                for (var v = 0; v < 256; v++)
                {
                    acc += hist[v];
                    if (acc * 2 >= n) { median = v; break; }
                }
                medians[(ty * tw) + tx] = median;
            }
        }
        // A tile can lie wholly inside the strokes of large bold text; its neighbours (3 x 3 tiles, about two text
        // heights) then still show the light face, so the background is the median of the neighbourhood's medians.
        var background = new double[tw * th];
        var around = new List<int>(9);
        for (var ty = 0; ty < th; ty++)
        {
            for (var tx = 0; tx < tw; tx++)
            {
                around.Clear();
                for (var y = Math.Max(0, ty - 1); y <= Math.Min(th - 1, ty + 1); y++)
                {
                    for (var x = Math.Max(0, tx - 1); x <= Math.Min(tw - 1, tx + 1); x++) around.Add(medians[(y * tw) + x]);
                }
                around.Sort();
                background[(ty * tw) + tx] = around[around.Count / 2];
            }
        }
        var inverted = 0L;
        for (var y = 0; y < h; y++)
        {
            var fy = Math.Clamp(((y + 0.5) / tile) - 0.5, 0, th - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(th - 1, y0 + 1);
            var ay = fy - y0;
            for (var x = 0; x < w; x++)
            {
                var fx = Math.Clamp(((x + 0.5) / tile) - 0.5, 0, tw - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(tw - 1, x0 + 1);
                var ax = fx - x0;
                var b = (((background[(y0 * tw) + x0] * (1 - ax)) + (background[(y0 * tw) + x1] * ax)) * (1 - ay))
                    + (((background[(y1 * tw) + x0] * (1 - ax)) + (background[(y1 * tw) + x1] * ax)) * ay);
                if (b >= DarkBackground) continue;
                gray[(y * w) + x] = (byte)(255 - gray[(y * w) + x]);
                inverted++;
            }
        }
        return (int)(inverted * 1000 / gray.Length);
    }

    /// <summary>Background brightness (after the contrast stretch) under which a region is light on dark.</summary>
    private const int DarkBackground = 128;

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
