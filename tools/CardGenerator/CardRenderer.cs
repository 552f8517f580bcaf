using System.Globalization;
using SkiaSharp;

namespace PatientAccess.CardGenerator;

/// <summary>
/// Draws synthetic US health insurance cards (CR80, 3.375 x 2.125 in at 300 dpi) in a few layouts, with values
/// chosen from a seeded random source. Every name, id and company is made up.
/// </summary>
public sealed class CardRenderer
{
    public const int CardWidth = 1012;
    public const int CardHeight = 638;
    private const string DejaVu = "/usr/share/fonts/truetype/dejavu/";
    private const string Liberation = "/usr/share/fonts/truetype/liberation/";

    private static readonly (string Regular, string Bold)[] FontPairs =
    [
        (DejaVu + "DejaVuSans.ttf", DejaVu + "DejaVuSans-Bold.ttf"),
        (Liberation + "LiberationSans-Regular.ttf", Liberation + "LiberationSans-Bold.ttf"),
        (DejaVu + "DejaVuSansCondensed.ttf", DejaVu + "DejaVuSansCondensed-Bold.ttf"),
        (Liberation + "LiberationSansNarrow-Regular.ttf", Liberation + "LiberationSansNarrow-Bold.ttf"),
    ];

    private static readonly string[] FirstNames = ["ALEX", "JORDAN", "TAYLOR", "CASEY", "MORGAN", "RILEY", "JAMIE", "AVERY", "QUINN", "PARKER", "ROBIN", "DREW"];
    private static readonly string[] LastNames = ["TESTPERSON", "SAMPLETON", "FAKENAME", "DEMOSON", "PLACEHOLDER", "MOCKLEY", "EXAMPLETON", "DUMMYFIELD"];
    private static readonly string[] Insurers = ["Fakeland Health Plan", "Placebo Mutual", "Blue Pretend Shield", "Example Care", "Sampleville Health", "Mockingbird Insurance"];
    private static readonly string[] Layouts = ["commercial-ppo", "commercial-hmo", "medicare", "medicaid", "commercial-norx"];
    private const string IdLetters = "ABCDEFGHJKMNPQRSTUVWXYZ"; // no I, L, O: real id schemes avoid them too

    /// <summary>Fonts of the new families: the legacy four plus serif, condensed serif, FreeSans and Liberation Serif.</summary>
    private static readonly (string Regular, string Bold)[] MoreFontPairs =
    [
        .. FontPairs,
        (DejaVu + "DejaVuSerif.ttf", DejaVu + "DejaVuSerif-Bold.ttf"),
        (DejaVu + "DejaVuSerifCondensed.ttf", DejaVu + "DejaVuSerifCondensed-Bold.ttf"),
        ("/usr/share/fonts/truetype/freefont/FreeSans.ttf", "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf"),
        (Liberation + "LiberationSerif-Regular.ttf", Liberation + "LiberationSerif-Bold.ttf"),
        (DejaVu + "DejaVuSans.ttf", DejaVu + "DejaVuSansMono-Bold.ttf"),
    ];

    public static IReadOnlyList<string> LayoutNames => LayoutFamily.AllNames;

    /// <summary>Renders the front of a card; <paramref name="rendering"/> (clean, photo, harsh) is recorded in the truth only.</summary>
    public static (SKBitmap Card, CardTruth Truth) Render(string name, int seed, bool photo, CardValues? values = null, string? rendering = null)
    {
        var rng = new Random(seed);
        var layout = values?.Layout ?? Layouts[seed % Layouts.Length];
        if (!LayoutFamily.AllNames.Contains(layout)) throw new ArgumentException($"Unknown layout '{layout}'; one of {string.Join(", ", LayoutFamily.AllNames)}.", nameof(values));
        var family = LayoutFamily.New.FirstOrDefault(f => f.Name == layout);
        var fonts = family is null ? FontPairs[rng.Next(FontPairs.Length)] : MoreFontPairs[rng.Next(MoreFontPairs.Length)];
        foreach (var f in new[] { fonts.Regular, fonts.Bold })
        {
            if (!File.Exists(f)) throw new FileNotFoundException("Install fonts-dejavu-core, fonts-dejavu-extra, fonts-liberation and fonts-freefont-ttf.", f);
        }
        using var regular = SKTypeface.FromFile(fonts.Regular);
        using var bold = SKTypeface.FromFile(fonts.Bold);
        var bitmap = new SKBitmap(CardWidth, CardHeight);
        using var canvas = new SKCanvas(bitmap);
        var ctx = new Ctx(canvas, regular, bold, rng);
        var truth = family is not null ? FamilyRenderer.Front(ctx, family, name, seed, rendering ?? (photo ? "photo" : "clean"), values)
            : layout switch
            {
                "medicare" => Medicare(ctx, name, seed, photo),
                "medicaid" => Medicaid(ctx, name, seed, photo),
                _ => Commercial(ctx, name, seed, photo, layout, values),
            };
        truth = truth with { Family = layout, Rendering = rendering ?? (photo ? "photo" : "clean"), Side = "front" };
        return (bitmap, truth with { Font = Path.GetFileNameWithoutExtension(fonts.Regular) });
    }

    /// <summary>Renders the back of the card whose front truth is <paramref name="front"/>.</summary>
    public static (SKBitmap Card, CardTruth Truth) RenderBack(CardTruth front, int seed)
    {
        var rng = new Random(seed * 31 + 7);
        var fonts = MoreFontPairs[rng.Next(MoreFontPairs.Length)];
        using var regular = SKTypeface.FromFile(fonts.Regular);
        using var bold = SKTypeface.FromFile(fonts.Bold);
        var bitmap = new SKBitmap(CardWidth, CardHeight);
        using var canvas = new SKCanvas(bitmap);
        var truth = FamilyRenderer.Back(new Ctx(canvas, regular, bold, rng), front, rng.Next(6));
        return (bitmap, truth with { Font = Path.GetFileNameWithoutExtension(fonts.Regular) });
    }

    internal sealed record Ctx(SKCanvas Canvas, SKTypeface Regular, SKTypeface Bold, Random Rng)
    {
        public float Text(string text, float x, float y, float size, bool bold = false, SKColor? color = null, SKTextAlign align = SKTextAlign.Left)
        {
            using var font = new SKFont(bold ? Bold : Regular, size) { Edging = SKFontEdging.Antialias };
            using var paint = new SKPaint { Color = color ?? new SKColor(20, 20, 20), IsAntialias = true };
            Canvas.DrawText(text, x, y, align, font, paint);
            return font.MeasureText(text);
        }

        public string Digits(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + Rng.Next(10))));

        public string Letters(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => IdLetters[Rng.Next(IdLetters.Length)]));

        public T Pick<T>(IReadOnlyList<T> items) => items[Rng.Next(items.Count)];

        public string Person() => $"{Pick(FirstNames)} {(Rng.Next(2) == 0 ? Letters(1) + " " : "")}{Pick(LastNames)}";

        public DateOnly Date(int fromYear, int toYear) => new DateOnly(fromYear, 1, 1).AddDays(Rng.Next((toYear - fromYear) * 365));
    }

    private static string Us(DateOnly d) => d.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static void Background(SKCanvas c, SKColor top, SKColor bottom)
    {
        using var paint = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, CardHeight), [top, bottom], SKShaderTileMode.Clamp),
        };
        c.DrawRect(0, 0, CardWidth, CardHeight, paint);
    }

    internal static void Logo(Ctx x, float cx, float cy, float r, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        switch (x.Rng.Next(3))
        {
            case 0:
                x.Canvas.DrawCircle(cx, cy, r, paint);
                paint.Color = SKColors.White;
                x.Canvas.DrawCircle(cx + (r * 0.3f), cy - (r * 0.2f), r * 0.45f, paint);
                break;
            case 1:
                paint.Style = SKPaintStyle.Stroke;
                paint.StrokeWidth = r * 0.35f;
                x.Canvas.DrawCircle(cx, cy, r * 0.8f, paint);
                break;
            default:
                x.Canvas.DrawRoundRect(cx - r, cy - r, 2 * r, 2 * r, r * 0.4f, r * 0.4f, paint);
                paint.Color = SKColors.White;
                x.Canvas.DrawRect(cx - (r * 0.15f), cy - (r * 0.7f), r * 0.3f, r * 1.4f, paint);
                x.Canvas.DrawRect(cx - (r * 0.7f), cy - (r * 0.15f), r * 1.4f, r * 0.3f, paint);
                break;
        }
    }

    private static CardTruth Commercial(Ctx x, string name, int seed, bool photo, string layout, CardValues? values)
    {
        var rng = x.Rng;
        var insurer = values?.Insurer ?? x.Pick(Insurers);
        var planType = values?.PlanType ?? (layout == "commercial-hmo" ? "HMO" : x.Pick(new[] { "PPO", "EPO", "POS" }));
        var hasRx = layout != "commercial-norx";
        var member = values?.MemberName ?? x.Person();
        string prefix = "", memberId;
        switch (rng.Next(4))
        {
            case 0: prefix = "Z" + x.Letters(2); memberId = prefix + x.Digits(9); break;
            case 1: memberId = "W" + x.Digits(9); break;
            case 2: memberId = x.Digits(9) + "-0" + rng.Next(1, 4); break;
            default: prefix = "X" + x.Letters(2); memberId = $"{prefix} {x.Digits(4)} {x.Digits(4)}"; break;
        }
        var group = rng.Next(4) switch
        {
            0 => x.Digits(6),
            1 => "G" + x.Digits(7),
            2 => x.Digits(5) + "-" + x.Digits(3),
            _ => x.Digits(4) + x.Letters(3),
        };
        var rxBin = "9" + x.Digits(5);
        var rxPcn = x.Pick(new[] { "FAKERX", "ZZPCN", "DEMO" + x.Digits(2), "MOCKADV" });
        var rxGrp = "RX" + x.Letters(1) + x.Digits(4);
        var payerId = values?.PayerId ?? x.Digits(5);
        if (values?.MemberId is { } givenId)
        {
            memberId = givenId;
            prefix = values.IdPrefix ?? "";
        }
        group = values?.GroupNumber ?? group;
        var phone = $"1-800-555-{x.Digits(4)}";
        var effective = x.Date(2024, 2026);
        var copays = new List<CopayTruth>
        {
            new("Office Visit", x.Pick(new[] { 15m, 20m, 25m, 30m })),
            new("Specialist", x.Pick(new[] { 40m, 50m, 60m })),
            new("ER", x.Pick(new[] { 150m, 250m, 300m })),
        };
        if (rng.Next(2) == 0) copays.Add(new CopayTruth("Urgent Care", x.Pick(new[] { 50m, 75m })));

        var brand = x.Pick(new[] { new SKColor(0, 84, 166), new SKColor(0, 122, 94), new SKColor(112, 48, 160), new SKColor(196, 80, 0), new SKColor(0, 102, 153) });
        var c = x.Canvas;
        Background(c, SKColors.White, x.Pick(new[] { new SKColor(232, 240, 250), new SKColor(245, 245, 240), SKColors.White }));
        using (var band = new SKPaint { Color = brand })
        {
            c.DrawRect(0, 0, CardWidth, 120, band);
        }
        Logo(x, 70, 60, 36, SKColors.White);
        x.Text(insurer, 125, 75, 44, bold: true, color: SKColors.White);
        x.Text(planType, CardWidth - 40, 78, 46, bold: true, color: SKColors.White, align: SKTextAlign.Right);

        // Label styles: label above value (small caps) or "Label: value" on one line.
        var above = rng.Next(2) == 0;
        var idLabel = x.Pick(new[] { "Member ID", "ID Number", "Subscriber ID", "Identification No." });
        var groupLabel = x.Pick(new[] { "Group No.", "Group Number", "Group #", "GRP" });
        var nameLabel = x.Pick(new[] { "Member Name", "Name", "Member" });
        float y = 185;
        void Field(string label, string value, float fx, float fy)
        {
            if (above)
            {
                x.Text(label.ToUpperInvariant(), fx, fy, 22, color: new SKColor(90, 90, 90));
                x.Text(value, fx, fy + 38, 34, bold: true);
            }
            else
            {
                var w = x.Text(label + ":", fx, fy + 20, 28, color: new SKColor(70, 70, 70));
                x.Text(value, fx + w + 14, fy + 20, 32, bold: true);
            }
        }
        var step = above ? 84 : 62;
        Field(nameLabel, member, 45, y); y += step;
        Field(idLabel, memberId, 45, y); y += step;
        Field(groupLabel, group, 45, y); y += step;
        if (!above)
        {
            Field("Effective", Us(effective), 45, y); y += step;
        }

        if (hasRx)
        {
            float rx = 640, ry = 170;
            using (var box = new SKPaint { Color = brand.WithAlpha(30) })
            {
                c.DrawRoundRect(rx - 15, ry - 10, CardWidth - rx - 20, 190, 12, 12, box);
            }
            x.Text("RxBIN", rx, ry + 30, 26, color: new SKColor(60, 60, 60)); x.Text(rxBin, rx + 120, ry + 30, 28, bold: true);
            x.Text("RxPCN", rx, ry + 75, 26, color: new SKColor(60, 60, 60)); x.Text(rxPcn, rx + 120, ry + 75, 28, bold: true);
            x.Text("RxGrp", rx, ry + 120, 26, color: new SKColor(60, 60, 60)); x.Text(rxGrp, rx + 120, ry + 120, 28, bold: true);
            x.Text("Payer ID " + payerId, rx, ry + 165, 24, color: new SKColor(60, 60, 60));
        }
        else
        {
            x.Text("Payer ID: " + payerId, 640, 200, 26, color: new SKColor(60, 60, 60));
            x.Text("PCP: DR. " + x.Pick(LastNames), 640, 245, 24, color: new SKColor(60, 60, 60));
        }

        // Copay strip
        float cy = 560;
        using (var strip = new SKPaint { Color = brand.WithAlpha(40) })
        {
            c.DrawRect(0, cy - 45, CardWidth, 70, strip);
        }
        var cx = 30f;
        foreach (var cp in copays)
        {
            cx += x.Text($"{cp.Benefit} ${cp.Amount:0}", cx, cy, 24) + 34;
        }
        x.Text("Customer Service " + phone, 30, 620, 20, color: new SKColor(80, 80, 80));

        return new CardTruth
        {
            Name = name, Layout = layout, Photo = photo, Seed = seed, Insurer = insurer, MemberName = member, MemberId = memberId,
            IdPrefix = prefix.Length > 0 ? prefix : null, GroupNumber = group, PlanType = planType,
            RxBin = hasRx ? rxBin : null, RxPcn = hasRx ? rxPcn : null, RxGrp = hasRx ? rxGrp : null,
            PayerId = payerId, PhoneNumber = phone, EffectiveDate = above ? null : Iso(effective), Copays = copays,
        };
    }

    private static string Mbi(Ctx x)
    {
        const string letters = "ACDEFGHJKMNPQRTUVWXY"; // MBI alphabet: no S, L, O, I, B, Z
        char L() => letters[x.Rng.Next(letters.Length)];
        char D() => (char)('0' + x.Rng.Next(10));
        char W() => x.Rng.Next(2) == 0 ? L() : D();
        return $"{(char)('1' + x.Rng.Next(9))}{L()}{W()}{D()}-{L()}{W()}{D()}-{L()}{L()}{D()}{D()}";
    }

    private static CardTruth Medicare(Ctx x, string name, int seed, bool photo)
    {
        var c = x.Canvas;
        var member = x.Person();
        var mbi = Mbi(x);
        var partA = new DateOnly(2020 + x.Rng.Next(6), 1 + x.Rng.Next(12), 1);
        var partB = partA.AddMonths(x.Rng.Next(0, 13));
        Background(c, new SKColor(250, 250, 252), new SKColor(236, 238, 244));
        using (var red = new SKPaint { Color = new SKColor(190, 30, 45) })
        using (var blue = new SKPaint { Color = new SKColor(20, 50, 130) })
        {
            c.DrawRect(0, 0, CardWidth, 110, blue);
            c.DrawRect(0, 110, CardWidth, 14, red);
            c.DrawRect(0, CardHeight - 30, CardWidth, 30, blue);
        }
        x.Text("MEDICARE HEALTH INSURANCE", CardWidth / 2f, 72, 44, bold: true, color: SKColors.White, align: SKTextAlign.Center);
        x.Text("Name/Nombre", 50, 185, 24, color: new SKColor(70, 70, 70));
        x.Text(member, 50, 228, 36, bold: true);
        x.Text("Medicare Number/Número de Medicare", 50, 290, 24, color: new SKColor(70, 70, 70));
        x.Text(mbi, 50, 335, 38, bold: true);
        x.Text("Entitled to", 50, 400, 24, color: new SKColor(70, 70, 70));
        x.Text("Coverage starts", 560, 400, 24, color: new SKColor(70, 70, 70));
        x.Text("HOSPITAL (PART A)", 50, 450, 30, bold: true);
        x.Text(Us(partA), 560, 450, 30, bold: true);
        x.Text("MEDICAL (PART B)", 50, 500, 30, bold: true);
        x.Text(Us(partB), 560, 500, 30, bold: true);
        return new CardTruth
        {
            Name = name, Layout = "medicare", Photo = photo, Seed = seed, Insurer = "Medicare", MemberName = member, MemberId = mbi,
            PlanType = "Medicare", PartAEffectiveDate = Iso(partA), PartBEffectiveDate = Iso(partB),
        };
    }

    private static CardTruth Medicaid(Ctx x, string name, int seed, bool photo)
    {
        var c = x.Canvas;
        var state = x.Pick(new[] { "Fakestate", "Nowhere", "Examplia" });
        var insurer = $"{state} Medicaid";
        var member = x.Person();
        var id = x.Rng.Next(2) == 0 ? x.Digits(12) : x.Letters(2) + x.Digits(8);
        var birth = x.Date(1950, 2015);
        var issued = x.Date(2023, 2026);
        var teal = new SKColor(0, 110, 120);
        Background(c, new SKColor(240, 250, 250), SKColors.White);
        using (var band = new SKPaint { Color = teal })
        {
            c.DrawRect(0, 0, 40, CardHeight, band);
        }
        Logo(x, 110, 90, 40, teal);
        x.Text(insurer.ToUpperInvariant(), 175, 80, 42, bold: true, color: teal);
        x.Text("Health Coverage Program", 175, 120, 26, color: new SKColor(70, 70, 70));
        x.Text("Member Name", 80, 210, 24, color: new SKColor(70, 70, 70));
        x.Text(member, 80, 250, 34, bold: true);
        x.Text("Member ID", 80, 320, 24, color: new SKColor(70, 70, 70));
        x.Text(id, 80, 362, 38, bold: true);
        x.Text("Date of Birth", 80, 430, 24, color: new SKColor(70, 70, 70));
        x.Text(Us(birth), 80, 468, 30, bold: true);
        x.Text("Card Issued", 520, 430, 24, color: new SKColor(70, 70, 70));
        x.Text(Us(issued), 520, 468, 30, bold: true);
        x.Text("Providers: verify eligibility before each visit.", 80, 580, 22, color: new SKColor(90, 90, 90));
        return new CardTruth
        {
            Name = name, Layout = "medicaid", Photo = photo, Seed = seed, Insurer = insurer, MemberName = member, MemberId = id,
            PlanType = "Medicaid", BirthDate = Iso(birth),
        };
    }
}
