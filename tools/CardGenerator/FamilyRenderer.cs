using System.Globalization;
using SkiaSharp;

namespace PatientAccess.CardGenerator;

/// <summary>
/// Draws the fronts of the new layout families (<see cref="LayoutFamily.New"/>) and the backs of every commercial
/// card. Every name, id, phone, address and company is made up.
/// </summary>
internal static class FamilyRenderer
{
    private static readonly string[] Insurers =
    [
        "Fakeland Health Plan", "Placebo Mutual", "Blue Pretend Shield", "Example Care", "Sampleville Health", "Mockingbird Insurance",
        "Harborview Imaginary Health", "Summit Notreal Care", "Pinecrest Mutual", "Aurora Fictional Health",
    ];

    private static readonly string[] States = ["Fakestate", "Nowhere", "Examplia", "Westfiction"];
    private static readonly string[] Cities = ["Springfield", "Riverton", "Lakeview", "Fairhaven", "Oakdale"];
    private static readonly string[] StateCodes = ["ZZ", "XQ", "QX"];

    private sealed record Values(
        string Insurer, string PlanType, string Member, string? Subscriber, IReadOnlyList<string> Dependents, string MemberId,
        string? Prefix, string? Suffix, string? Group, string RxBin, string RxPcn, string RxGrp, string PayerId, string Phone,
        IReadOnlyList<CopayTruth> Copays, decimal DeductibleIndividual, decimal DeductibleFamily, DateOnly Effective);

    public static CardTruth Front(CardRenderer.Ctx x, LayoutFamily family, string name, int seed, string rendering, CardValues? given)
    {
        var v = Choose(x, family, given);
        var palette = x.Pick(new[] { new SKColor(0, 84, 166), new SKColor(0, 122, 94), new SKColor(112, 48, 160), new SKColor(170, 40, 60), new SKColor(0, 102, 153), new SKColor(30, 40, 70) });
        var dark = family.Face == Face.Dark;
        var ink = dark ? new SKColor(245, 245, 245) : new SKColor(20, 20, 20);
        var labelInk = dark ? new SKColor(190, 200, 215) : new SKColor(85, 85, 90);
        var c = x.Canvas;
        PaintFace(x, family.Face, palette);

        // Header: logo and insurer (and plan type).
        var headerInk = family.Face is Face.Band or Face.Dark ? SKColors.White : palette;
        var logoAt = x.Rng.Next(2) == 0;
        CardRenderer.Logo(x, logoAt ? 70 : CardRenderer.CardWidth - 80, 62, 34, headerInk);
        var insurerX = logoAt ? 122f : 40f;
        x.Text(v.Insurer, insurerX, 78, family.Condensed ? 36 : 42, bold: true, color: headerInk);
        var planTypeText = family.Kind == CardKind.MedicareAdvantage ? "Medicare Advantage " + v.PlanType : v.PlanType;
        if (family.Kind != CardKind.Medicaid)
        {
            x.Text(planTypeText, logoAt ? CardRenderer.CardWidth - 40 : CardRenderer.CardWidth - 140, family.Kind == CardKind.MedicareAdvantage ? 112 : 80,
                family.Kind == CardKind.MedicareAdvantage ? 24 : 40, bold: true, color: headerInk, align: SKTextAlign.Right);
        }
        else
        {
            x.Text("Health Coverage Program", insurerX, 112, 24, color: headerInk);
        }

        string L(IReadOnlyList<string> labels) => labels.Count == 0 ? "" : x.Pick(labels);
        var fields = new List<(string Label, string Value)>();
        if (family.Arrangement != Arrangement.UnlabelledId)
        {
            fields.Add((L(family.NameLabels), v.Member));
            fields.Add((L(family.IdLabels), v.MemberId));
        }
        if (v.Group is not null) fields.Add((L(family.GroupLabels), v.Group));
        if (family.Kind == CardKind.Medicaid)
        {
            fields.Add(("Date of Birth", Us(x.Date(1950, 2015))));
        }
        else if (x.Rng.Next(2) == 0)
        {
            fields.Add(("Effective", Us(v.Effective)));
        }

        var rightColumn = family.Rx != RxStyle.None ? 600f : CardRenderer.CardWidth - 40f;
        float y = family.Kind == CardKind.MedicareAdvantage ? 175 : 165;
        var valueSize = family.Condensed ? 28f : 32f;
        var labelSize = family.Condensed ? 20f : 22f;
        var idBlock = family.Face == Face.DarkIdBlock;
        switch (family.Arrangement)
        {
            case Arrangement.Above:
                foreach (var (label, value) in fields)
                {
                    x.Text(family.Condensed ? label : label.ToUpperInvariant(), 45, y, labelSize, color: labelInk);
                    x.Text(value, 45, y + valueSize + 4, valueSize, bold: true, color: ink);
                    y += valueSize + labelSize + 24;
                }
                break;
            case Arrangement.Inline:
            case Arrangement.UnlabelledId:
                if (family.Arrangement == Arrangement.UnlabelledId)
                {
                    x.Text(v.Member, 45, y + 10, 34, bold: true, color: ink);
                    x.Text(v.MemberId, 45, y + 62, 40, bold: true, color: ink);
                    y += 110;
                }
                foreach (var (label, value) in fields)
                {
                    var isKey = value == v.MemberId || value == v.Group;
                    if (idBlock && isKey)
                    {
                        using var block = new SKPaint { Color = palette };
                        c.DrawRect(30, y - 8, rightColumn - 50, valueSize + 26, block);
                    }
                    var sep = label.EndsWith('#') || label.EndsWith('.') ? "" : x.Pick(new[] { ":", "", ":" });
                    var w = x.Text(label + sep, 45, y + 24, labelSize + 4, color: idBlock && isKey ? new SKColor(220, 225, 235) : labelInk);
                    x.Text(value, 45 + w + 14, y + 24, valueSize, bold: true, color: idBlock && isKey ? SKColors.White : ink);
                    y += valueSize + 26;
                }
                break;
            case Arrangement.RightAligned:
                foreach (var (label, value) in fields)
                {
                    x.Text(label, 45, y + 24, labelSize + 2, color: labelInk);
                    x.Text(value, rightColumn - 30, y + 24, valueSize, bold: true, color: ink, align: SKTextAlign.Right);
                    using (var rule = new SKPaint { Color = labelInk.WithAlpha(70), StrokeWidth = 1 })
                    {
                        c.DrawLine(45, y + 36, rightColumn - 30, y + 36, rule);
                    }
                    y += valueSize + 26;
                }
                break;
            case Arrangement.Table:
            {
                // Name on its own line, then one table row of headers and values.
                x.Text(fields[0].Label, 45, y + 20, labelSize, color: labelInk);
                x.Text(fields[0].Value, 45, y + 58, valueSize, bold: true, color: ink);
                y += 90;
                var cells = fields.Skip(1).ToList();
                var cellW = (rightColumn - 60) / Math.Max(1, cells.Count);
                using var grid = new SKPaint { Color = labelInk.WithAlpha(140), Style = SKPaintStyle.Stroke, StrokeWidth = 2 };
                using var head = new SKPaint { Color = palette.WithAlpha(40) };
                for (var i = 0; i < cells.Count; i++)
                {
                    var cx = 40 + (i * cellW);
                    c.DrawRect(cx, y, cellW, 40, head);
                    c.DrawRect(cx, y, cellW, 40, grid);
                    c.DrawRect(cx, y + 40, cellW, 52, grid);
                    x.Text(cells[i].Label, cx + 10, y + 28, labelSize - 2, color: labelInk);
                    x.Text(cells[i].Value, cx + 10, y + 78, valueSize - 4, bold: true, color: ink);
                }
                y += 110;
                break;
            }
            case Arrangement.Boxes:
            {
                using var border = new SKPaint { Color = palette, Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
                var col = 0;
                var boxW = (rightColumn - 70) / 2;
                foreach (var (label, value) in fields)
                {
                    var bx = 40 + (col * (boxW + 12));
                    c.DrawRoundRect(bx, y, boxW, 82, 8, 8, border);
                    x.Text(label, bx + 10, y + 26, labelSize - 2, color: labelInk);
                    x.Text(value, bx + 10, y + 66, valueSize - 4, bold: true, color: ink);
                    col++;
                    if (col == 2)
                    {
                        col = 0;
                        y += 94;
                    }
                }
                if (col != 0) y += 94;
                break;
            }
        }

        if (family.Dependents && v.Dependents.Count > 0)
        {
            x.Text("Dependents:", 45, y + 22, labelSize, color: labelInk);
            var dx = 45 + x.Text("Dependents:", 45, -100, labelSize) + 12;
            foreach (var d in v.Dependents)
            {
                dx += x.Text(d, dx, y + 22, labelSize, color: ink) + 22;
            }
        }

        switch (family.Rx)
        {
            case RxStyle.Column:
            {
                float rx = rightColumn + 20, ry = 160;
                using (var box = new SKPaint { Color = (dark ? SKColors.White : palette).WithAlpha(28) })
                {
                    c.DrawRoundRect(rx - 14, ry - 8, CardRenderer.CardWidth - rx - 12, 200, 10, 10, box);
                }
                var labels = x.Pick(new[] { new[] { "RxBIN", "RxPCN", "RxGrp" }, new[] { "Rx BIN", "Rx PCN", "Rx Group" }, new[] { "BIN", "PCN", "RxGRP" } });
                var values = new[] { v.RxBin, v.RxPcn, v.RxGrp };
                for (var i = 0; i < 3; i++)
                {
                    x.Text(labels[i], rx, ry + 32 + (i * 46), labelSize + 2, color: labelInk);
                    x.Text(values[i], rx + 128, ry + 32 + (i * 46), valueSize - 4, bold: true, color: ink);
                }
                if (family.Kind != CardKind.Medicaid) x.Text("Payer ID " + v.PayerId, rx, ry + 176, labelSize, color: labelInk);
                break;
            }
            case RxStyle.OneLine:
            {
                var line = $"BIN {v.RxBin}   PCN {v.RxPcn}   GRP {v.RxGrp}";
                var ly = family.Copays == CopayStyle.DenseGrid ? 430f : 470f;
                x.Text(line, 45, Math.Max(ly, y + 30), labelSize + 2, color: ink);
                x.Text("Payer ID " + v.PayerId, rightColumn + 20, 200, labelSize + 2, color: labelInk);
                break;
            }
        }

        switch (family.Copays)
        {
            case CopayStyle.Strip:
            {
                float cy = 565;
                using (var strip = new SKPaint { Color = (dark ? SKColors.White : palette).WithAlpha(38) })
                {
                    c.DrawRect(0, cy - 42, CardRenderer.CardWidth, 66, strip);
                }
                var cx = 30f;
                foreach (var cp in v.Copays) cx += x.Text($"{cp.Benefit} ${cp.Amount:0}", cx, cy, 23, color: ink) + 30;
                break;
            }
            case CopayStyle.DenseGrid:
            {
                float gy = 478, gx = 30;
                using var rule = new SKPaint { Color = labelInk.WithAlpha(120), StrokeWidth = 1 };
                var cellW = (CardRenderer.CardWidth - 60) / 4f;
                var items = v.Copays.Select(cp => $"{cp.Benefit} ${cp.Amount:0}").ToList();
                items.Add(string.Create(CultureInfo.InvariantCulture, $"Deductible ${v.DeductibleIndividual:#,0}/${v.DeductibleFamily:#,0}"));
                items.Add(string.Create(CultureInfo.InvariantCulture, $"OOP Max ${v.DeductibleIndividual * 4:#,0}/${v.DeductibleFamily * 4:#,0}"));
                for (var i = 0; i < items.Count; i++)
                {
                    var col = i % 4;
                    var row = i / 4;
                    var span = items[i].StartsWith("Deductible", StringComparison.Ordinal) || items[i].StartsWith("OOP", StringComparison.Ordinal) ? 2 : 1;
                    if (span == 2 && col % 2 == 1) { col++; }
                    x.Text(items[i], gx + (col * cellW) + 6, gy + 30 + (row * 40), 19, color: ink);
                    c.DrawLine(gx, gy + 40 + (row * 40), CardRenderer.CardWidth - 30, gy + 40 + (row * 40), rule);
                }
                break;
            }
        }
        x.Text("Customer Service " + v.Phone, 30, 620, 19, color: labelInk);

        return new CardTruth
        {
            Name = name, Layout = family.Name, Family = family.Name, Rendering = rendering, Photo = rendering != "clean", Side = "front", Seed = seed,
            Insurer = v.Insurer, MemberName = v.Member, MemberId = v.MemberId, IdPrefix = v.Prefix, IdSuffix = v.Suffix,
            SubscriberName = v.Subscriber, Dependents = v.Dependents, GroupNumber = v.Group,
            PlanType = family.Kind == CardKind.Medicaid ? "Medicaid" : v.PlanType,
            RxBin = family.Rx != RxStyle.None ? v.RxBin : null, RxPcn = family.Rx != RxStyle.None ? v.RxPcn : null,
            RxGrp = family.Rx != RxStyle.None ? v.RxGrp : null, PayerId = family.Rx != RxStyle.None ? v.PayerId : null,
            PhoneNumber = v.Phone, Copays = family.Copays == CopayStyle.None ? [] : v.Copays,
            DeductibleIndividual = family.Copays == CopayStyle.DenseGrid ? v.DeductibleIndividual : null,
            DeductibleFamily = family.Copays == CopayStyle.DenseGrid ? v.DeductibleFamily : null,
        };
    }

    private static Values Choose(CardRenderer.Ctx x, LayoutFamily family, CardValues? given)
    {
        var rng = x.Rng;
        var insurer = given?.Insurer ?? (family.Kind == CardKind.Medicaid ? x.Pick(States) + " Medicaid" : x.Pick(Insurers));
        var planType = given?.PlanType ?? x.Pick(new[] { "PPO", "HMO", "EPO", "POS" });
        var subscriber = x.Person();
        var dependents = family.Dependents ? Enumerable.Range(0, 1 + rng.Next(2)).Select(_ => x.Person()).ToList() : [];
        string? prefix = null, suffix = null;
        string memberId;
        if (family.Kind == CardKind.Medicaid)
        {
            memberId = rng.Next(2) == 0 ? x.Digits(12) : x.Letters(2) + x.Digits(5) + x.Letters(1);
        }
        else if (family.Kind == CardKind.MedicareAdvantage)
        {
            memberId = rng.Next(2) == 0 ? "H" + x.Digits(8) : x.Digits(9) + "0" + rng.Next(1, 4);
        }
        else if (family.Dependents)
        {
            suffix = "0" + rng.Next(1, 4);
            memberId = x.Pick(new[] { $"{x.Digits(9)}-{suffix}", $"{x.Letters(3)}{x.Digits(9)} {suffix}", $"W{x.Digits(9)}-{suffix}" });
            if (char.IsAsciiLetter(memberId[0]) && char.IsAsciiLetter(memberId[1])) prefix = memberId[..3];
        }
        else
        {
            switch (rng.Next(6))
            {
                case 0: prefix = "Z" + x.Letters(2); memberId = prefix + x.Digits(9); break;
                case 1: memberId = "W" + x.Digits(9); break;
                case 2: suffix = "0" + rng.Next(1, 4); memberId = x.Digits(9) + "-" + suffix; break;
                case 3: prefix = x.Letters(3); memberId = $"{prefix} {x.Digits(4)} {x.Digits(4)}"; break;
                case 4: memberId = x.Digits(11); break;
                default: memberId = "U" + x.Digits(8) + " 0" + rng.Next(1, 4); suffix = memberId[^2..]; break;
            }
        }
        string? group = family.Kind == CardKind.Medicaid ? null : rng.Next(5) switch
        {
            0 => x.Digits(6),
            1 => "G" + x.Digits(7),
            2 => x.Digits(5) + "-" + x.Digits(3),
            3 => x.Digits(4) + x.Letters(3),
            _ => x.Letters(1) + x.Digits(5),
        };
        if (given?.MemberId is { } id)
        {
            memberId = id;
            prefix = given.IdPrefix;
            suffix = null;
        }
        group = given?.GroupNumber ?? group;
        var member = given?.MemberName ?? (family.Dependents && dependents.Count > 0 && rng.Next(2) == 0 ? dependents[0] : subscriber);
        var copays = new List<CopayTruth>
        {
            new("Office Visit", x.Pick(new[] { 15m, 20m, 25m, 30m })),
            new("Specialist", x.Pick(new[] { 40m, 50m, 60m })),
            new("ER", x.Pick(new[] { 150m, 250m, 300m })),
            new("Urgent Care", x.Pick(new[] { 50m, 75m })),
        };
        if (family.Copays == CopayStyle.DenseGrid)
        {
            copays.Add(new("Generic Rx", x.Pick(new[] { 5m, 10m, 15m })));
            copays.Add(new("Brand Rx", x.Pick(new[] { 35m, 45m, 60m })));
        }
        var deductible = x.Pick(new[] { 500m, 1000m, 1500m, 2500m, 3000m });
        return new Values(insurer, planType, member, member == subscriber ? null : subscriber, dependents, memberId, prefix, suffix, group,
            "9" + x.Digits(5), x.Pick(new[] { "FAKERX", "ZZPCN", "DEMO" + x.Digits(2), "MOCKADV", "PCN" + x.Digits(3) }),
            "RX" + x.Letters(1) + x.Digits(4), given?.PayerId ?? x.Digits(5), $"1-800-555-{x.Digits(4)}", copays, deductible, deductible * 2,
            x.Date(2024, 2026));
    }

    private static void PaintFace(CardRenderer.Ctx x, Face face, SKColor palette)
    {
        var c = x.Canvas;
        const int w = CardRenderer.CardWidth, h = CardRenderer.CardHeight;
        switch (face)
        {
            case Face.Band:
            case Face.DarkIdBlock:
            {
                CardRenderer.Background(c, SKColors.White, x.Pick(new[] { new SKColor(235, 242, 250), new SKColor(246, 246, 240), SKColors.White }));
                using var band = new SKPaint { Color = palette };
                c.DrawRect(0, 0, w, face == Face.Band ? 128 : 10, band);
                break;
            }
            case Face.Dark:
            {
                var top = x.Pick(new[] { new SKColor(18, 32, 64), new SKColor(34, 34, 38), new SKColor(20, 60, 60) });
                CardRenderer.Background(c, top, new SKColor((byte)(top.Red + 25), (byte)(top.Green + 25), (byte)(top.Blue + 30)));
                break;
            }
            case Face.Gradient:
            {
                using var paint = new SKPaint
                {
                    Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(w, h),
                        [palette.WithAlpha(110), palette.WithAlpha(30), SKColors.White.WithAlpha(0)], SKShaderTileMode.Clamp),
                };
                c.Clear(SKColors.White);
                c.DrawRect(0, 0, w, h, paint);
                break;
            }
            case Face.Stripe:
            {
                c.Clear(new SKColor(248, 247, 242));
                using var stripe = new SKPaint { Color = palette };
                c.DrawRect(0, 0, 22, h, stripe);
                break;
            }
        }
    }

    /// <summary>The back of a commercial card: claims payer id, phones, claims address and the pharmacy block.</summary>
    public static CardTruth Back(CardRenderer.Ctx x, CardTruth front, int style)
    {
        var c = x.Canvas;
        CardRenderer.Background(c, SKColors.White, new SKColor(244, 244, 244));
        var ink = new SKColor(25, 25, 25);
        var labelInk = new SKColor(80, 80, 85);
        var memberPhone = $"1-8{x.Digits(2)}-555-{x.Digits(4)}";
        var providerPhone = $"1-8{x.Digits(2)}-555-{x.Digits(4)}";
        var payerId = x.Pick(new[] { x.Digits(5), x.Letters(2) + x.Digits(3), x.Digits(5) });
        var box = $"PO Box {x.Digits(5)}";
        var address = $"{box}, {x.Pick(Cities)}, {x.Pick(StateCodes)} {x.Digits(5)}";
        var hasRx = front.RxBin is not null;
        float y = 60;
        if (style % 3 == 1)
        {
            using var head = new SKPaint { Color = new SKColor(30, 50, 90) };
            c.DrawRect(0, 0, CardRenderer.CardWidth, 70, head);
            x.Text("Important Information", 40, 48, 30, bold: true, color: SKColors.White);
            y = 120;
        }
        var memberLabel = x.Pick(new[] { "Member Services:", "Customer Service:", "Members call:" });
        var providerLabel = x.Pick(new[] { "Provider Services:", "Providers:", "Provider Inquiries:" });
        var claimsLabel = x.Pick(new[] { "Submit claims to:", "Send claims to:", "Medical Claims:" });
        var payerLabel = x.Pick(new[] { "EDI Payer ID:", "Payer ID:", "Electronic Payer ID:" });
        void Line(string label, string value)
        {
            var wl = x.Text(label, 40, y, 24, color: labelInk);
            x.Text(value, 40 + wl + 12, y, 26, bold: true, color: ink);
            y += 50;
        }
        Line(memberLabel, memberPhone);
        Line(providerLabel, providerPhone);
        Line(payerLabel, payerId);
        x.Text(claimsLabel, 40, y, 24, color: labelInk);
        y += 38;
        x.Text(front.Insurer, 40, y, 24, color: ink);
        y += 34;
        x.Text(address, 40, y, 24, color: ink);
        y += 56;
        if (hasRx && style % 2 == 0)
        {
            x.Text($"Pharmacists: RxBIN {front.RxBin}  RxPCN {front.RxPcn}  RxGrp {front.RxGrp}", 40, y, 22, color: ink);
            y += 44;
        }
        x.Text("This card does not guarantee coverage. Misuse may be fraud.", 40, Math.Min(y + 20, 610), 19, color: labelInk);
        return front with
        {
            Side = "back", ClaimsPayerId = payerId, CustomerServicePhone = memberPhone, ProviderPhone = providerPhone, ClaimsAddress = address,
            RxBin = hasRx && style % 2 == 0 ? front.RxBin : null, RxPcn = hasRx && style % 2 == 0 ? front.RxPcn : null,
            RxGrp = hasRx && style % 2 == 0 ? front.RxGrp : null, MemberId = "", GroupNumber = null, PayerId = null, Copays = [], PhoneNumber = null,
            DeductibleIndividual = null, DeductibleFamily = null,
        };
    }

    private static string Us(DateOnly d) => d.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
}
