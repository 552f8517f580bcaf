using SkiaSharp;

namespace PatientAccess.Integrations.Cards;

/// <summary>
/// Finds an ID card's four corners in a photo of the card lying on a surface, so its perspective can be undone.
/// On a small copy: Otsu's threshold splits card from surface (the card lighter, else darker), the largest region is
/// the card if it covers 15-92% of the photo, and its corners are the boundary points farthest apart (the first
/// corner farthest from the centre, the second farthest from it, the other two farthest from that diagonal on either
/// side). A region that is not close to a quadrilateral of card proportions is refused: then nothing is corrected.
/// </summary>
public static class CardEdges
{
    private const int WorkSide = 360;

    /// <summary>The corners clockwise from the card's top-left in image pixels, or null when no card outline was found.</summary>
    public static SKPoint[]? Find(byte[] gray, int w, int h)
    {
        var step = Math.Max(1, Math.Max(w, h) / WorkSide);
        var sw = w / step;
        var sh = h / step;
        if (sw < 40 || sh < 40) return null;
        var small = new byte[sw * sh];
        for (var y = 0; y < sh; y++)
        {
            for (var x = 0; x < sw; x++)
            {
                var sum = 0;
                for (var dy = 0; dy < step; dy++)
                {
                    for (var dx = 0; dx < step; dx++) sum += gray[(((y * step) + dy) * w) + (x * step) + dx];
                }
                small[(y * sw) + x] = (byte)(sum / (step * step));
            }
        }
        var t = Otsu(small);
        foreach (var lighter in new[] { true, false })
        {
            var quad = FromRegion(small, sw, sh, v => lighter ? v > t : v <= t);
            if (quad is not null) return [.. quad.Select(p => new SKPoint((p.X + 0.5f) * step, (p.Y + 0.5f) * step))];
        }
        return null;
    }

    private static SKPoint[]? FromRegion(byte[] img, int w, int h, Func<byte, bool> inside)
    {
        var best = PixelRegions.Find(w, h, i => inside(img[i])).MaxBy(r => r.Count) ?? [];
        if (best.Count == 0) return null;
        var label = new bool[w * h];
        foreach (var p in best) label[p] = true;
        var share = best.Count / (double)(w * h);
        if (share is < 0.15 or > 0.92) return null;

        // Boundary points of the region (those with a neighbour outside it), and the points of the region's rows'
        // extremes (holes from text inside the card do not matter then).
        var boundary = new List<SKPoint>();
        for (var y = 0; y < h; y++)
        {
            int first = -1, last = -1;
            for (var x = 0; x < w; x++)
            {
                if (!label[(y * w) + x]) continue;
                if (first < 0) first = x;
                last = x;
            }
            if (first >= 0)
            {
                boundary.Add(new SKPoint(first, y));
                boundary.Add(new SKPoint(last, y));
            }
        }
        if (boundary.Count < 40) return null;
        var cx = boundary.Average(p => p.X);
        var cy = boundary.Average(p => p.Y);
        var a = boundary.MaxBy(p => Sq(p.X - cx) + Sq(p.Y - cy));
        var c = boundary.MaxBy(p => Sq(p.X - a.X) + Sq(p.Y - a.Y));
        double Side(SKPoint p) => ((c.X - a.X) * (p.Y - a.Y)) - ((c.Y - a.Y) * (p.X - a.X));
        var b = boundary.MaxBy(Side);
        var d = boundary.MinBy(Side);
        if (Side(b) <= 0 || Side(d) >= 0) return null;
        SKPoint[] quad = [a, b, c, d];

        // Clockwise order in image coordinates (y down), then start at the corner that makes the first edge a long
        // one with the card's top side on top (a card photographed upright or turned less than 90 degrees).
        var centre = new SKPoint(quad.Average(p => p.X), quad.Average(p => p.Y));
        quad = [.. quad.OrderBy(p => Math.Atan2(p.Y - centre.Y, p.X - centre.X))];
        double Len(int i) => Math.Sqrt(Sq(quad[(i + 1) % 4].X - quad[i].X) + Sq(quad[(i + 1) % 4].Y - quad[i].Y));
        var start = Len(0) + Len(2) >= Len(1) + Len(3) ? 0 : 1;
        var top0 = quad[start].Y + quad[(start + 1) % 4].Y;
        var top2 = quad[(start + 2) % 4].Y + quad[(start + 3) % 4].Y;
        if (top2 < top0) start += 2;
        quad = [.. Enumerable.Range(0, 4).Select(i => quad[(start + i) % 4])];

        // A card: the region fills its quadrilateral, and the sides keep plausible proportions.
        var area = Math.Abs(Shoelace(quad));
        if (area <= 0 || best.Count / area < 0.9 || best.Count / area > 1.1) return null;
        var longSide = (Len(0) + Len(2)) / 2;
        var shortSide = (Len(1) + Len(3)) / 2;
        // CR80 is 1.586:1; tilt stretches that, but a region much longer than a card is only part of one (a light
        // face under a dark band that is as dark as the table): then nothing is corrected rather than a band cut off.
        if (shortSide <= 0 || longSide / shortSide is < 1.3 or > 1.85) return null;
        if (Math.Min(Len(0), Len(2)) / Math.Max(Len(0), Len(2)) < 0.55 || Math.Min(Len(1), Len(3)) / Math.Max(Len(1), Len(3)) < 0.55) return null;
        return quad;
    }

    private static double Shoelace(SKPoint[] q)
    {
        double s = 0;
        for (var i = 0; i < q.Length; i++) s += (q[i].X * q[(i + 1) % q.Length].Y) - (q[(i + 1) % q.Length].X * q[i].Y);
        return s / 2;
    }

    private static double Sq(double v) => v * v;

    private static byte Otsu(byte[] img)
    {
        var hist = new int[256];
        foreach (var v in img) hist[v]++;
        double total = img.Length, sum = 0;
        for (var i = 0; i < 256; i++) sum += i * hist[i];
        double sumB = 0, wB = 0, best = -1;
        byte t = 128;
        for (var i = 0; i < 256; i++)
        {
            wB += hist[i];
            if (wB == 0) continue;
            var wF = total - wB;
            if (wF == 0) break;
            sumB += i * hist[i];
            var mB = sumB / wB;
            var mF = (sum - sumB) / wF;
            var between = wB * wF * (mB - mF) * (mB - mF);
            if (between > best) (best, t) = (between, (byte)i);
        }
        return t;
    }

    /// <summary>The projective matrix that maps the rectangle (0,0)-(w,h) onto the quad (clockwise from top-left).</summary>
    public static SKMatrix Homography(float w, float h, SKPoint[] q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var src = new[] { (0.0, 0.0), (w, 0.0), (w, h), (0.0, h) };
        var a = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            var (x, y) = src[i];
            double u = q[i].X, v = q[i].Y;
            var r = 2 * i;
            a[r, 0] = x; a[r, 1] = y; a[r, 2] = 1; a[r, 6] = -x * u; a[r, 7] = -y * u; a[r, 8] = u;
            a[r + 1, 3] = x; a[r + 1, 4] = y; a[r + 1, 5] = 1; a[r + 1, 6] = -x * v; a[r + 1, 7] = -y * v; a[r + 1, 8] = v;
        }
        const int n = 8;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (var k = 0; k <= n; k++) (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            for (var r = 0; r < n; r++)
            {
                if (r == col) continue;
                var f = a[r, col] / a[col, col];
                for (var k = col; k <= n; k++) a[r, k] -= f * a[col, k];
            }
        }
        var s = new double[n];
        for (var i = 0; i < n; i++) s[i] = a[i, n] / a[i, i];
        return new SKMatrix((float)s[0], (float)s[1], (float)s[2], (float)s[3], (float)s[4], (float)s[5], (float)s[6], (float)s[7], 1);
    }
}
