using System.Globalization;
using SkiaSharp;

namespace PatientAccess.CardGenerator;

/// <summary>Turns a flat card render into something like a phone photo of the card lying on a table.</summary>
public static class PhotoEffects
{
    /// <summary>A clean scan: the card on white with a small margin, at a random scale.</summary>
    public static SKBitmap Clean(SKBitmap card, Random rng, List<string> effects)
    {
        var scale = 0.9f + ((float)rng.NextDouble() * 0.4f);
        var w = (int)((card.Width * scale) + 40);
        var h = (int)((card.Height * scale) + 40);
        var bmp = new SKBitmap(w, h);
        using var c = new SKCanvas(bmp);
        c.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(card);
        c.DrawImage(image, SKRect.Create(20, 20, card.Width * scale, card.Height * scale), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        effects.Add(string.Create(CultureInfo.InvariantCulture, $"scale {scale:0.00}"));
        return bmp;
    }

    public static SKBitmap Photo(SKBitmap card, Random rng, List<string> effects)
    {
        const int w = 1400, h = 1050;
        var bmp = new SKBitmap(w, h);
        using var c = new SKCanvas(bmp);

        // Table: a warm or grey gradient.
        var tables = new[] { (new SKColor(120, 90, 60), new SKColor(80, 60, 40)), (new SKColor(150, 150, 150), new SKColor(100, 100, 105)), (new SKColor(60, 70, 80), new SKColor(30, 35, 40)) };
        var (t1, t2) = tables[rng.Next(tables.Length)];
        using (var table = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(w, h), [t1, t2], SKShaderTileMode.Clamp) })
        {
            c.DrawRect(0, 0, w, h, table);
        }

        // Card quad: centred, scaled to 75-88% of the width, rotated up to 15 degrees, corners jittered (perspective).
        var angle = ((rng.NextDouble() * 2) - 1) * 15;
        var cardW = w * (0.75 + (rng.NextDouble() * 0.13));
        var cardH = cardW * card.Height / card.Width;
        var center = new SKPoint((float)(w / 2 + ((rng.NextDouble() - 0.5) * 60)), (float)(h / 2 + ((rng.NextDouble() - 0.5) * 60)));
        var jitter = cardW * 0.035;
        var corners = new SKPoint[4];
        var local = new[] { (-cardW / 2, -cardH / 2), (cardW / 2, -cardH / 2), (cardW / 2, cardH / 2), (-cardW / 2, cardH / 2) };
        var rad = angle * Math.PI / 180;
        for (var i = 0; i < 4; i++)
        {
            var (lx, ly) = local[i];
            lx += (rng.NextDouble() - 0.5) * 2 * jitter;
            ly += (rng.NextDouble() - 0.5) * 2 * jitter;
            corners[i] = new SKPoint(
                (float)(center.X + (lx * Math.Cos(rad)) - (ly * Math.Sin(rad))),
                (float)(center.Y + (lx * Math.Sin(rad)) + (ly * Math.Cos(rad))));
        }
        effects.Add(string.Create(CultureInfo.InvariantCulture, $"rotation {angle:0.0}"));
        effects.Add("perspective");

        var matrix = Homography(card.Width, card.Height, corners);
        using (var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 110), ImageFilter = SKImageFilter.CreateBlur(14, 14), IsAntialias = true })
        {
            c.Save();
            c.SetMatrix(SKMatrix.CreateTranslation(12, 16).PreConcat(matrix));
            c.DrawRect(0, 0, card.Width, card.Height, shadow);
            c.Restore();
        }
        c.Save();
        c.SetMatrix(matrix);
        using (var image = SKImage.FromBitmap(card))
        {
            c.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }
        c.Restore();

        // Uneven light and a glare spot.
        using (var light = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(w, 0),
                [new SKColor(0, 0, 0, (byte)rng.Next(0, 60)), new SKColor(0, 0, 0, 0), new SKColor(255, 255, 255, (byte)rng.Next(0, 30))], SKShaderTileMode.Clamp),
        })
        {
            c.DrawRect(0, 0, w, h, light);
        }
        if (rng.Next(3) != 0)
        {
            var g = new SKPoint((float)(center.X + ((rng.NextDouble() - 0.5) * cardW * 0.8)), (float)(center.Y + ((rng.NextDouble() - 0.5) * cardH * 0.8)));
            var alpha = (byte)rng.Next(70, 150);
            using var glare = new SKPaint
            {
                Shader = SKShader.CreateRadialGradient(g, (float)(cardW * 0.18), [new SKColor(255, 255, 255, alpha), new SKColor(255, 255, 255, 0)], SKShaderTileMode.Clamp),
            };
            c.DrawRect(0, 0, w, h, glare);
            effects.Add(string.Create(CultureInfo.InvariantCulture, $"glare {alpha}"));
        }
        c.Flush();

        // Focus blur.
        var sigma = 0.4 + (rng.NextDouble() * 1.0);
        var blurred = new SKBitmap(w, h);
        using (var bc = new SKCanvas(blurred))
        using (var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur((float)sigma, (float)sigma) })
        using (var image = SKImage.FromBitmap(bmp))
        {
            bc.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        }
        bmp.Dispose();
        effects.Add(string.Create(CultureInfo.InvariantCulture, $"blur {sigma:0.00}"));

        // Sensor noise.
        var amount = 2 + rng.Next(5);
        var pixels = blurred.Pixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            var n = (int)(Gaussian(rng) * amount);
            var p = pixels[i];
            pixels[i] = new SKColor(Clamp(p.Red + n), Clamp(p.Green + n), Clamp(p.Blue + n));
        }
        blurred.Pixels = pixels;
        effects.Add(string.Create(CultureInfo.InvariantCulture, $"noise {amount}"));
        return blurred;
    }

    /// <summary>
    /// A hard phone photo: the card tilted out of the table plane by 15-35 degrees (true perspective), turned up to
    /// 25 degrees, motion blur along a random direction, one to three glare spots, often low light, strong noise.
    /// The caller saves it at JPEG quality 40.
    /// </summary>
    public static SKBitmap Harsh(SKBitmap card, Random rng, List<string> effects)
    {
        const int w = 1400, h = 1050;
        var bmp = new SKBitmap(w, h);
        using (var c = new SKCanvas(bmp))
        {
            var tables = new[] { (new SKColor(120, 90, 60), new SKColor(70, 50, 35)), (new SKColor(140, 140, 140), new SKColor(90, 90, 95)), (new SKColor(40, 45, 55), new SKColor(20, 22, 26)), (new SKColor(200, 200, 195), new SKColor(170, 170, 165)) };
            var (t1, t2) = tables[rng.Next(tables.Length)];
            using (var table = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(w, h), [t1, t2], SKShaderTileMode.Clamp) })
            {
                c.DrawRect(0, 0, w, h, table);
            }
            var tilt = 15 + (rng.NextDouble() * 20);
            var side = (rng.NextDouble() - 0.5) * 30;
            var turn = ((rng.NextDouble() * 2) - 1) * 25;
            var cardW = w * (0.72 + (rng.NextDouble() * 0.14));
            var cardH = cardW * card.Height / card.Width;
            var corners = Project(cardW, cardH, tilt * (rng.Next(2) == 0 ? 1 : -1), side, turn, new SKPoint(w / 2f, h / 2f), w * 1.1);
            effects.Add(string.Create(CultureInfo.InvariantCulture, $"tilt {tilt:0} side {side:0} turn {turn:0}"));
            var matrix = Homography(card.Width, card.Height, corners);
            c.Save();
            c.SetMatrix(matrix);
            using (var image = SKImage.FromBitmap(card))
            {
                c.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            }
            c.Restore();
            var spots = 1 + rng.Next(3);
            for (var i = 0; i < spots; i++)
            {
                var g = new SKPoint(
                    (corners[0].X + corners[1].X + corners[2].X + corners[3].X) / 4 + (float)((rng.NextDouble() - 0.5) * cardW * 0.8),
                    (corners[0].Y + corners[1].Y + corners[2].Y + corners[3].Y) / 4 + (float)((rng.NextDouble() - 0.5) * cardH * 0.8));
                var alpha = (byte)rng.Next(120, 225);
                using var glare = new SKPaint
                {
                    Shader = SKShader.CreateRadialGradient(g, (float)(cardW * (0.06 + (rng.NextDouble() * 0.12))),
                        [new SKColor(255, 255, 255, alpha), new SKColor(255, 255, 255, (byte)(alpha / 2)), new SKColor(255, 255, 255, 0)], SKShaderTileMode.Clamp),
                };
                c.DrawRect(0, 0, w, h, glare);
            }
            effects.Add(string.Create(CultureInfo.InvariantCulture, $"glare spots {spots}"));
        }

        var pixels = bmp.Pixels;
        bmp.Dispose();
        var light = rng.Next(2) == 0 ? 0.35 + (rng.NextDouble() * 0.3) : 1.0;
        if (light < 1) effects.Add(string.Create(CultureInfo.InvariantCulture, $"low light {light:0.00}"));
        var length = 3 + rng.Next(7);
        var angle = rng.NextDouble() * Math.PI;
        effects.Add(string.Create(CultureInfo.InvariantCulture, $"motion blur {length}px"));
        var dx = Math.Cos(angle);
        var dy = Math.Sin(angle);
        var blurred = new SKColor[pixels.Length];
        var amount = 4 + rng.Next(7);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                int r = 0, gg = 0, b = 0;
                for (var s = 0; s < length; s++)
                {
                    var t = s - ((length - 1) / 2.0);
                    var sx = Math.Clamp((int)Math.Round(x + (t * dx)), 0, w - 1);
                    var sy = Math.Clamp((int)Math.Round(y + (t * dy)), 0, h - 1);
                    var p = pixels[(sy * w) + sx];
                    r += p.Red;
                    gg += p.Green;
                    b += p.Blue;
                }
                var n = (int)(Gaussian(rng) * amount);
                blurred[(y * w) + x] = new SKColor(
                    Clamp((int)(r / length * light) + n), Clamp((int)(gg / length * light * 0.97) + n), Clamp((int)(b / length * light * 0.9) + n));
            }
        }
        effects.Add(string.Create(CultureInfo.InvariantCulture, $"noise {amount}"));
        var result = new SKBitmap(w, h) { Pixels = blurred };
        return result;
    }

    /// <summary>Corners (clockwise from top-left) of a card tilted about its horizontal and vertical axes, then turned, seen by a pinhole camera.</summary>
    private static SKPoint[] Project(double cardW, double cardH, double tiltDeg, double sideDeg, double turnDeg, SKPoint center, double focal)
    {
        var a = tiltDeg * Math.PI / 180;
        var b = sideDeg * Math.PI / 180;
        var t = turnDeg * Math.PI / 180;
        var local = new[] { (-cardW / 2, -cardH / 2), (cardW / 2, -cardH / 2), (cardW / 2, cardH / 2), (-cardW / 2, cardH / 2) };
        var result = new SKPoint[4];
        for (var i = 0; i < 4; i++)
        {
            var (x, y) = local[i];
            // Turn in the card plane, tilt about the x axis, then about the y axis.
            var x1 = (x * Math.Cos(t)) - (y * Math.Sin(t));
            var y1 = (x * Math.Sin(t)) + (y * Math.Cos(t));
            var y2 = y1 * Math.Cos(a);
            var z2 = y1 * Math.Sin(a);
            var x3 = (x1 * Math.Cos(b)) + (z2 * Math.Sin(b));
            var z3 = (-x1 * Math.Sin(b)) + (z2 * Math.Cos(b));
            var scale = focal / (focal + z3);
            result[i] = new SKPoint((float)(center.X + (x3 * scale)), (float)(center.Y + (y2 * scale)));
        }
        return result;
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static SKMatrix Homography(float w, float h, SKPoint[] q) => PatientAccess.Integrations.Cards.CardEdges.Homography(w, h, q);
}
