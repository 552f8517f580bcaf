using System.Globalization;
using System.Text.RegularExpressions;
using PatientAccess.Domain.Cards;

namespace PatientAccess.Integrations.Cards;

/// <summary>
/// Finds card fields in OCR words by meaning: labels from the card vocabulary (<see cref="CardLabels"/>) wherever
/// they stand in a line, and each label's value by geometry (after the label in the same phrase, the next phrase to
/// the right, or the phrase below that lines up with it, as in a table cell), checked against the field's shape.
/// Candidates of all labels compete for words: the best-scoring label gets a value first, so an Rx group is never
/// also the group number. Each field's confidence combines the OCR confidence of its words, how well the label
/// matched, where the value was found and whether its characters are plausible. Pure: no I/O, deterministic.
/// </summary>
public static partial class CardFieldExtractor
{
    private static readonly string[] PlanTypes = ["PPO", "HMO", "EPO", "POS", "HDHP", "PFFS", "HMO-POS"];

    /// <summary>A run of words on one line without a wide gap, starting with a label or not.</summary>
    private sealed record Segment(IReadOnlyList<OcrWord> Words, int Line, LabelHit? Label)
    {
        public int Left => Words[0].Left;
        public int Right => Words[^1].Right;
        public int Top => Words.Min(w => w.Top);
        public int Bottom => Words.Max(w => w.Bottom);
        public double Height => Median(Words.Select(w => (double)w.Height));
        public string Text => string.Join(' ', Words.Select(w => w.Text));
        public int LabelRight => Label is null ? Left : Words[Label.WordCount - 1].Right;
        public IReadOnlyList<OcrWord> Value => Label is null ? Words : [.. Words.Skip(Label.WordCount)];
    }

    private sealed record LabelHit(CardLabel Field, int WordCount, double Score);

    private sealed record Candidate(CardLabel Field, IReadOnlyList<OcrWord> Words, double LabelScore, double Layout)
    {
        public double Score => LabelScore * Layout;
    }

    private sealed class Context(CardEngine engine)
    {
        public CardEngine Engine { get; } = engine;

        public CardField<string> Field(string value, double confidence) => new(value, Math.Round(Math.Clamp(confidence, 0, 1), 3), Engine);

        public CardField<string> Field(IReadOnlyList<OcrWord> words, double labelScore, double layout) =>
            Field(string.Join(' ', words.Select(w => w.Text)).Trim(), Conf(words, labelScore, layout));
    }

    /// <summary>Extracts the fields of one card side from OCR words (Tesseract's or PP-OCR's).</summary>
    public static InsuranceCard Extract(IReadOnlyList<OcrWord> words, CardEngine engine = CardEngine.Tesseract)
    {
        ArgumentNullException.ThrowIfNull(words);
        var ctx = new Context(engine);
        var clean = words.Where(w => w.Text.Any(char.IsLetterOrDigit)).ToList();
        var lines = GroupLines(clean);
        var segments = lines.SelectMany((l, i) => SplitPhrases(l).SelectMany(p => SplitAtLabels(p, i))).ToList();
        RelabelPharmacyBlock(segments);

        var found = Assign(segments, ctx);
        var claimed = found.Values.SelectMany(v => v.Words).ToHashSet();

        var allText = string.Join('\n', lines.Select(l => string.Join(' ', l.Select(w => w.Text))));
        var isMedicare = allText.Contains("MEDICARE HEALTH INSURANCE", StringComparison.OrdinalIgnoreCase) || found.ContainsKey(CardLabel.MedicareId);
        var isMedicareAdvantage = allText.Contains("MEDICARE ADVANTAGE", StringComparison.OrdinalIgnoreCase);
        if (isMedicare && !found.ContainsKey(CardLabel.MedicareId) && FindMbiAnywhere(clean, ctx) is { } anywhere)
        {
            found[CardLabel.MedicareId] = (anywhere, []);
        }
        if (!isMedicare && !found.ContainsKey(CardLabel.MemberId) && FindUnlabelledId(segments, claimed, ctx) is { } unlabelled)
        {
            found[CardLabel.MemberId] = unlabelled;
            claimed.UnionWith(unlabelled.Words);
        }
        var medicaid = segments.FirstOrDefault(p => p.Text.Contains("MEDICAID", StringComparison.OrdinalIgnoreCase));

        CardField<string>? insurer;
        if (isMedicare)
        {
            var p = segments.First(p => p.Text.Contains("MEDICARE", StringComparison.OrdinalIgnoreCase));
            insurer = ctx.Field("Medicare", Conf(p.Words, 1, 0.95));
        }
        else if (medicaid is not null)
        {
            var words2 = StripLogoNoise(medicaid.Words);
            insurer = words2.Count > 0 ? ctx.Field(words2, 1, 0.9) : null;
        }
        else
        {
            insurer = FindInsurer(segments, ctx);
        }

        var planType = segments.SelectMany(p => p.Words)
            .Where(w => PlanTypes.Contains(w.Text.Trim('.', ',', ':').ToUpperInvariant()))
            .OrderByDescending(w => w.Height)
            .FirstOrDefault();
        CardField<string>? planTypeField = planType is not null
            ? ctx.Field(planType.Text.Trim('.', ',', ':').ToUpperInvariant(), Conf([planType], 1, 0.9))
            : isMedicare ? ctx.Field("Medicare", insurer!.Confidence)
            : medicaid is not null && insurer is not null ? ctx.Field("Medicaid", insurer.Confidence)
            : null;

        CardIdNumber? idNumber = null;
        CardField<string>? suffix = null;
        if (found.TryGetValue(CardLabel.MemberId, out var memberId))
        {
            var value = memberId.Field;
            if (isMedicareAdvantage || !isMedicare) value = Plausible(value, ctx);
            var m = AlphaPrefix().Match(value.Value);
            var s = DependentSuffix().Match(value.Value);
            if (s.Success) suffix = ctx.Field(s.Groups[1].Value, value.Confidence);
            idNumber = new CardIdNumber
            {
                Prefix = m.Success ? ctx.Field(m.Groups[1].Value, value.Confidence) : null,
                Number = value,
            };
        }

        var partA = DateOnLine(lines, "PART A", ctx);
        var partB = DateOnLine(lines, "PART B", ctx);
        var mbi = found.TryGetValue(CardLabel.MedicareId, out var medicareId) ? medicareId.Field : null;
        var medicareInfo = mbi is not null || partA is not null || partB is not null
            ? new CardMedicareMedicaidInfo { Id = mbi, PartAEffectiveDate = partA, PartBEffectiveDate = partB }
            : null;

        CardField<string>? Get(CardLabel l) => found.TryGetValue(l, out var f) ? f.Field : null;
        var rx = Get(CardLabel.RxBin) ?? Get(CardLabel.RxPcn) ?? Get(CardLabel.RxGrp) ?? Get(CardLabel.RxId);
        var rxInfo = rx is null ? null : new CardPrescriptionInfo
        {
            RxBin = Get(CardLabel.RxBin),
            RxPcn = Get(CardLabel.RxPcn),
            RxGrp = Get(CardLabel.RxGrp),
            RxId = Get(CardLabel.RxId),
        };

        var memberPhone = Get(CardLabel.MemberPhone) ?? FindPhone(lines, claimed, ctx);
        var address = FindClaimsAddress(segments, ctx);
        var payer = Get(CardLabel.PayerId) is not null || memberPhone is not null || Get(CardLabel.ProviderPhone) is not null || address is not null
            ? new CardPayer { Id = Get(CardLabel.PayerId), PhoneNumber = memberPhone, ProviderPhoneNumber = Get(CardLabel.ProviderPhone), Address = address }
            : null;

        var name = Get(CardLabel.Name);
        var birth = ToDate(Get(CardLabel.BirthDate), ctx);
        var member = name is not null || birth is not null || Get(CardLabel.Employer) is not null || suffix is not null
            ? new CardMember { Name = name, BirthDate = birth, Employer = Get(CardLabel.Employer), IdNumberSuffix = suffix }
            : null;
        if (name is null && Get(CardLabel.Subscriber) is { } only)
        {
            // A card that names only its subscriber: the subscriber holds it.
            member = (member ?? new CardMember()) with { Name = only };
        }

        var planName = Get(CardLabel.PlanName);
        return new InsuranceCard
        {
            Insurer = insurer,
            Member = member,
            Subscriber = Get(CardLabel.Subscriber) is { } subscriber ? new CardSubscriber { Name = subscriber } : null,
            Dependents = FindDependents(segments, ctx),
            IdNumber = idNumber,
            GroupNumber = Get(CardLabel.Group) is { } group ? Plausible(group, ctx) : null,
            PrescriptionInfo = rxInfo,
            EffectiveDate = ToDate(Get(CardLabel.Effective), ctx),
            Copays = FindCopays(lines, ctx),
            Payer = payer,
            Plan = planTypeField is not null || planName is not null ? new CardPlan { Type = planTypeField, Name = planName } : null,
            MedicareMedicaidInfo = medicareInfo,
        };
    }

    /// <summary>Extracts from Tesseract TSV text.</summary>
    public static InsuranceCard ExtractFromTsv(string tsv) => Extract(TesseractTsv.Parse(tsv));

    private static List<List<OcrWord>> GroupLines(List<OcrWord> words)
    {
        var lines = new List<List<OcrWord>>();
        foreach (var w in words.OrderBy(w => w.CenterY))
        {
            var line = lines.LastOrDefault(l =>
            {
                var cy = l.Average(x => x.CenterY);
                var h = Math.Min(Median(l.Select(x => (double)x.Height)), w.Height);
                return Math.Abs(cy - w.CenterY) < h * 0.55;
            });
            if (line is null) lines.Add([w]);
            else line.Add(w);
        }
        foreach (var l in lines) l.Sort((a, b) => a.Left.CompareTo(b.Left));
        return lines;
    }

    private static IEnumerable<List<OcrWord>> SplitPhrases(List<OcrWord> line)
    {
        var current = new List<OcrWord> { line[0] };
        for (var i = 1; i < line.Count; i++)
        {
            var h = Math.Max(line[i].Height, line[i - 1].Height);
            if (line[i].Left - line[i - 1].Right > h * 1.2)
            {
                yield return current;
                current = [];
            }
            current.Add(line[i]);
        }
        yield return current;
    }

    /// <summary>
    /// Splits a phrase where a label starts: "Member ID W123 Group 4567" is two labelled segments. A bilingual
    /// label ("Miembro / Member ID") stays one label.
    /// </summary>
    private static IEnumerable<Segment> SplitAtLabels(List<OcrWord> phrase, int line)
    {
        var start = 0;
        LabelHit? startLabel = null;
        var i = 0;
        while (i < phrase.Count)
        {
            var hit = MatchLabel(phrase, i, strict: i > start);
            if (hit is null)
            {
                i++;
                continue;
            }
            var count = hit.WordCount;
            // "Miembro / Member ID", "Grupo / Group": the second language's label belongs to the first.
            while (i + count + 1 < phrase.Count && phrase[i + count].Text is "/" or "|" && MatchLabel(phrase, i + count + 1, strict: false) is { } second)
            {
                count += 1 + second.WordCount;
            }
            while (i + count < phrase.Count && phrase[i + count - 1].Text.EndsWith('/') && MatchLabel(phrase, i + count, strict: false) is { } tail)
            {
                count += tail.WordCount;
            }
            hit = hit with { WordCount = count };
            if (i > start || startLabel is not null)
            {
                yield return new Segment(phrase[start..i], line, startLabel);
            }
            start = i;
            startLabel = hit;
            i += count;
        }
        if (start < phrase.Count) yield return new Segment(phrase[start..], line, startLabel);
    }

    private static LabelHit? MatchLabel(List<OcrWord> words, int at, bool strict)
    {
        LabelHit? best = null;
        var keys = new List<string>();
        for (var k = 1; k <= Math.Min(5, words.Count - at); k++)
        {
            // A word with two or more digits is a value, never part of a label ("Payer ID 57252").
            var text = words[at + k - 1].Text;
            if (text.Count(char.IsAsciiDigit) >= 2) break;
            var wordKey = CardTextKeys.LabelKey(text);
            if (wordKey.Length == 0) break;
            keys.Add(wordKey);
            var key = string.Concat(keys);
            foreach (var (field, vk, _) in CardLabels.Keys)
            {
                var score = vk.Length <= 4 || key.Length <= 4 ? (key == vk ? 1.0 : 0.0) : Similarity(key, vk);
                if (score < (strict ? 0.99 : 0.75)) continue;
                // A longer label that matches well beats a shorter exact one: "Subscriber ID" is not "Subscriber".
                var rank = Rank(score, k);
                if (best is null || rank > Rank(best.Score, best.WordCount) + 1e-9) best = new LabelHit(field, k, score);
            }
        }
        // Inside a phrase only a label that ends in ':' or '#', or that names an id, starts a new segment: words of a
        // name or an insurer ("Member Health Group") are not labels there.
        if (strict && best is not null)
        {
            var last = words[at + best.WordCount - 1].Text;
            var strong = last.EndsWith(':') || last.EndsWith('#') || best.Field is not (CardLabel.Name or CardLabel.Other or CardLabel.PlanName or CardLabel.Employer or CardLabel.Dependents or CardLabel.Subscriber);
            if (!strong) return null;
        }
        return best;
    }

    private static double Rank(double score, int words) => score + (score >= 0.85 ? 0.1 * (words - 1) : 0);

    /// <summary>
    /// In the pharmacy block a plain "Group" or "GRP" is the Rx group and "ID" the Rx id (NCPDP card standard): a
    /// group label right after an Rx BIN or PCN label on its line, or lined up under one, is relabelled.
    /// </summary>
    private static void RelabelPharmacyBlock(List<Segment> segments)
    {
        var rxLabels = segments.Where(s => s.Label?.Field is CardLabel.RxBin or CardLabel.RxPcn).ToList();
        if (rxLabels.Count == 0) return;
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.Label?.Field is not (CardLabel.Group or CardLabel.MemberId)) continue;
            if (s.Label.Field == CardLabel.MemberId && CardTextKeys.LabelKey(string.Concat(s.Words.Take(s.Label.WordCount).Select(w => w.Text))) != "ID") continue;
            var h = Math.Max(s.Height, 1);
            var inRx = rxLabels.Any(r =>
                (r.Line == s.Line && r.Left < s.Left && s.Left - r.Right < h * 14)
                || (r.Line < s.Line && s.Line - r.Line <= 3 && Math.Abs(r.Left - s.Left) < Math.Max(r.Height, h) * 1.5));
            if (inRx)
            {
                segments[i] = s with { Label = s.Label with { Field = s.Label.Field == CardLabel.Group ? CardLabel.RxGrp : CardLabel.RxId } };
            }
        }
    }

    /// <summary>Every label's candidates compete: the best-scoring candidate whose words are free and fit its field's shape wins.</summary>
    private static Dictionary<CardLabel, (CardField<string> Field, IReadOnlyList<OcrWord> Words)> Assign(List<Segment> segments, Context ctx)
    {
        var candidates = new List<Candidate>();
        foreach (var s in segments)
        {
            if (s.Label is not { } label || label.Field is CardLabel.Other or CardLabel.ClaimsAddress or CardLabel.Dependents) continue;
            if (s.Value.Count > 0) candidates.Add(new Candidate(label.Field, s.Value, label.Score, 1.0));
            // The next segment to the right on the same line; far away only in a right-aligned column.
            var right = segments.Where(q => q.Line == s.Line && q.Left >= s.Right - 2).OrderBy(q => q.Left).FirstOrDefault();
            if (right is not null && right.Label is null)
            {
                var gap = right.Left - s.Right;
                candidates.Add(new Candidate(label.Field, right.Words, label.Score, gap < s.Height * 4 ? 0.98 : 0.94));
            }
            // Below: the nearest segment under the label that lines up with it (small caps above, table cells).
            var h = s.Height;
            var below = segments
                .Where(q => q.Line > s.Line && q.Top > s.Top + (h * 0.5) && q.Top - s.Bottom < Math.Max(h, q.Height) * 2.2
                    && (Math.Abs(q.Left - s.Left) < Math.Max(h, q.Height) * 1.6 || (q.Left >= s.Left - h && q.Left < s.LabelRight)))
                .OrderBy(q => q.Top).ThenBy(q => Math.Abs(q.Left - s.Left)).FirstOrDefault();
            if (below is not null && (below.Label is null || below.Label.Score < 0.85))
            {
                candidates.Add(new Candidate(label.Field, below.Words, label.Score, 0.96));
            }
        }

        var found = new Dictionary<CardLabel, (CardField<string> Field, IReadOnlyList<OcrWord> Words)>();
        var claimed = new HashSet<OcrWord>();
        foreach (var c in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Field))
        {
            if (found.ContainsKey(c.Field)) continue;
            var value = Shape(c.Field, c.Words);
            if (value is null) continue;
            var original = c.Words.Where(w => value.Any(v => v.Left == w.Left && v.Top == w.Top)).ToList();
            if (original.Any(claimed.Contains)) continue;
            found[c.Field] = (ctx.Field(value, c.LabelScore, c.Layout), original);
            claimed.UnionWith(original);
        }
        return found;
    }

    /// <summary>Keeps the words that form a valid value for the field, or null when they do not.</summary>
    private static List<OcrWord>? Shape(CardLabel field, IReadOnlyList<OcrWord> words)
    {
        var textual = field is CardLabel.Name or CardLabel.Subscriber or CardLabel.Employer or CardLabel.PlanName or CardLabel.Effective or CardLabel.BirthDate;
        if (!textual && field is not (CardLabel.RxBin or CardLabel.MemberPhone or CardLabel.ProviderPhone))
        {
            words = words.Select(DropDoubleRead).ToList();
        }
        var tokens = words.Select(w => w with { Text = w.Text.Trim(':', ',', ';', '|', '.', '*', '(', ')', '[', ']') }).Where(w => w.Text.Length > 0).ToList();
        if (tokens.Count == 0) return null;
        if (!textual)
        {
            // Ids are upper case and never hold '$' or '§': those are a misread S.
            tokens = tokens.Select(t => t with { Text = t.Text.Replace('$', 'S').Replace('§', 'S').ToUpperInvariant() }).ToList();
        }
        switch (field)
        {
            case CardLabel.MemberId:
            case CardLabel.MedicareId:
            case CardLabel.Group:
            case CardLabel.RxGrp:
            case CardLabel.RxId:
            case CardLabel.RxPcn:
            case CardLabel.PayerId:
                return IdShape(field, tokens);
            case CardLabel.RxBin:
            {
                // A BIN is six digits by definition (ANSI/NCPDP), so O and I/l can only be 0 and 1 here.
                var t = tokens[0];
                var digits = t.Text.Replace('O', '0').Replace('o', '0').Replace('I', '1').Replace('l', '1');
                return digits.Length == 6 && digits.All(char.IsAsciiDigit) ? [t with { Text = digits }] : null;
            }
            case CardLabel.MemberPhone:
            case CardLabel.ProviderPhone:
            {
                var t = tokens.FirstOrDefault(t => Phone().IsMatch(t.Text));
                return t is null ? null : [t];
            }
            case CardLabel.Name:
            case CardLabel.Subscriber:
            case CardLabel.Employer:
            case CardLabel.PlanName:
            {
                var taken = tokens.TakeWhile(t => t.Text.All(c => char.IsLetter(c) || c is '\'' or '-' or '.')).ToList();
                var min = field is CardLabel.Name or CardLabel.Subscriber ? 2 : 1;
                return taken.Count >= min && taken.Sum(t => t.Text.Length) >= 4 ? taken : null;
            }
            case CardLabel.Effective:
            case CardLabel.BirthDate:
            {
                var t = tokens.FirstOrDefault(t => DateToken().IsMatch(t.Text));
                return t is null ? null : [t];
            }
            default:
                return null;
        }
    }

    private static List<OcrWord>? IdShape(CardLabel field, List<OcrWord> tokens)
    {
        // An id: the first token, plus following tokens that carry digits (ids printed in groups, a dependent suffix).
        var taken = new List<OcrWord> { tokens[0] };
        foreach (var t in tokens.Skip(1))
        {
            if (!t.Text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || !t.Text.Any(char.IsAsciiDigit)) break;
            taken.Add(t);
        }
        var id = string.Concat(taken.Select(t => t.Text)).Replace("-", "", StringComparison.Ordinal);
        if (!id.All(char.IsAsciiLetterOrDigit)) return null;
        var digits = id.Count(char.IsAsciiDigit);
        var ok = field switch
        {
            CardLabel.MemberId => id.Length is >= 6 and <= 20 && digits >= 4,
            CardLabel.MedicareId => id.Length == 11 && digits >= 3,
            CardLabel.Group => id.Length is >= 3 and <= 15 && digits >= 1,
            CardLabel.PayerId => id.Length is >= 3 and <= 10 && digits >= 2,
            _ => id.Length is >= 2 and <= 15,
        };
        if (field == CardLabel.MedicareId && id.Length == 12 && DuplicatedZero(id) is { } single)
        {
            // Tesseract sometimes emits a 0 twice, once as the letter O ("JV0O2"); an MBI has no O, so the
            // O beside a 0 is the same glyph read twice. Keep the 0 when that makes a valid MBI.
            var fixedTokens = taken.Select(t => t with { Text = RemoveDuplicateZero(t.Text), Confidence = t.Confidence * 0.8 }).ToList();
            if (PayerMemberIdRule.Medicare.Formats[0].Matches(single)) return fixedTokens;
        }
        if (ok && field == CardLabel.MedicareId)
        {
            // The MBI alphabet has no O or I, so there they can only be 0 and 1 (CMS format; see MemberIdFormat).
            var corrected = PayerMemberIdRule.Medicare.Formats[0].Correct(id);
            if (corrected is null) return null;
            return [.. taken.Select(t => t with { Text = t.Text.Replace('O', '0').Replace('I', '1') })];
        }
        return ok ? taken : null;
    }

    /// <summary>Characters OCR confuses with a character of the other kind: a digit among letters or a letter among digits may be either.</summary>
    private const string Confusable = "0O D Q 1 I L T 2 Z 5 S 8 B 6 G";

    /// <summary>
    /// Lowers the confidence of an id whose characters are implausible: a confusable letter between digits
    /// ("123S67") or a confusable digit between letters ("X2Q"). Ids are letters then digits, or digits only,
    /// with rare exceptions; where one character breaks that the read may be a confusion, so it is not trusted alone.
    /// </summary>
    private static CardField<string> Plausible(CardField<string> field, Context ctx)
    {
        var id = MemberIdFormat.Normalize(field.Value);
        var suspicious = 0;
        for (var i = 1; i + 1 < id.Length; i++)
        {
            var c = id[i];
            if (!Confusable.Contains(c, StringComparison.Ordinal)) continue;
            var letterAmongDigits = char.IsAsciiLetter(c) && char.IsAsciiDigit(id[i - 1]) && char.IsAsciiDigit(id[i + 1]);
            var digitAmongLetters = char.IsAsciiDigit(c) && char.IsAsciiLetter(id[i - 1]) && char.IsAsciiLetter(id[i + 1]);
            if (letterAmongDigits || digitAmongLetters) suspicious++;
        }
        return suspicious == 0 ? field : ctx.Field(field.Value, field.Confidence * 0.6);
    }

    private static double Conf(IReadOnlyList<OcrWord> words, double labelScore, double layout)
    {
        var ocr = words.Count == 0 ? 0 : words.Min(w => w.Confidence) / 100.0;
        return Math.Round(Math.Clamp(ocr * (0.7 + (0.3 * labelScore)) * layout, 0, 1), 3);
    }

    private static CardField<string>? FindInsurer(List<Segment> segments, Context ctx)
    {
        if (segments.Count == 0) return null;
        var top = segments.Min(p => p.Top);
        var bottom = segments.Max(p => p.Bottom);
        var limit = top + ((bottom - top) * 0.3);
        var best = segments
            .Where(p => p.Top <= limit && p.Label is null)
            .Select(p => (Phrase: p, Words: StripLogoNoise(p.Words)))
            .Where(x => x.Words.Count > 0 && x.Words.Sum(w => w.Text.Count(char.IsLetter)) >= 4
                && !x.Words.All(w => PlanTypes.Contains(w.Text.ToUpperInvariant())))
            .OrderByDescending(x => x.Phrase.Height)
            .FirstOrDefault();
        if (best.Phrase is null) return null;
        var words = best.Words.Where(w => !PlanTypes.Contains(w.Text.ToUpperInvariant())).ToList();
        return words.Count == 0 ? null : ctx.Field(words, 1, 0.85);
    }

    /// <summary>Drops leading marks that a logo shape reads as (a lone "O", "@", "©").</summary>
    private static List<OcrWord> StripLogoNoise(IReadOnlyList<OcrWord> words) =>
        words.SkipWhile(w => w.Text.Length <= 2 || !w.Text.Any(char.IsLetter)).ToList();

    /// <summary>
    /// On a Medicare card the MBI is distinctive enough to find without its label: 11 characters in the CMS layout,
    /// printed as one to three words that follow each other on the page.
    /// </summary>
    private static CardField<string>? FindMbiAnywhere(List<OcrWord> words, Context ctx)
    {
        var format = PayerMemberIdRule.Medicare.Formats[0];
        var ordered = words.OrderBy(w => w.Top).ThenBy(w => w.Left).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            for (var n = 1; n <= 3 && i + n <= ordered.Count; n++)
            {
                var group = ordered.Skip(i).Take(n).ToList();
                var raw = string.Concat(group.Select(g => g.Text)).Replace('$', 'S').ToUpperInvariant();
                var id = new string(raw.Where(c => c != '-').ToArray());
                if (!id.All(char.IsAsciiLetterOrDigit) || format.Correct(id) is not { } mbi) continue;
                var printed = $"{mbi[..4]}-{mbi[4..7]}-{mbi[7..]}";
                return ctx.Field(printed, Conf(group, 0.8, 0.9));
            }
        }
        return null;
    }

    /// <summary>Confidence factor of a member id found without any label: never enough to be trusted alone.</summary>
    private const double UnlabelledFactor = 0.7;

    /// <summary>
    /// A member id printed without a label: taken only when exactly one unlabelled token on the card has an id's
    /// form (6-20 letters and digits, at least 6 digits, not a phone, date, amount or another field's value).
    /// </summary>
    private static (CardField<string> Field, IReadOnlyList<OcrWord> Words)? FindUnlabelledId(List<Segment> segments, HashSet<OcrWord> claimed, Context ctx)
    {
        var found = new List<List<OcrWord>>();
        foreach (var s in segments.Where(s => s.Label is null))
        {
            var words = s.Words.Where(w => !claimed.Contains(w)).ToList();
            for (var i = 0; i < words.Count; i++)
            {
                if (!IsIdPart(words[i].Text) || !words[i].Text.Any(char.IsAsciiDigit)) continue;
                var group = new List<OcrWord> { words[i] };
                while (i + 1 < words.Count && IsIdPart(words[i + 1].Text) && words[i + 1].Text.Any(char.IsAsciiDigit)) group.Add(words[++i]);
                var id = MemberIdFormat.Normalize(string.Concat(group.Select(g => g.Text)));
                if (id.Length is >= 6 and <= 20 && id.Count(char.IsAsciiDigit) >= 6) found.Add(group);
            }
        }
        if (found.Count != 1) return null;
        var value = found[0].Select(w => w with { Text = w.Text.ToUpperInvariant() }).ToList();
        return (ctx.Field(value, 0.8, UnlabelledFactor), found[0]);

        static bool IsIdPart(string t) =>
            t.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && !Phone().IsMatch(t) && !DateToken().IsMatch(t) && !t.StartsWith('-');
    }

    /// <summary>Names after a "Dependents" label: on its line, or listed under it (until the next label).</summary>
    private static List<CardDependent> FindDependents(List<Segment> segments, Context ctx)
    {
        var label = segments.FirstOrDefault(s => s.Label?.Field == CardLabel.Dependents);
        if (label is null) return [];
        var words = segments.Where(s => s.Line == label.Line && s.Left >= label.Left).OrderBy(s => s.Left).SelectMany(s => s.Value).ToList();
        if (words.Count == 0)
        {
            foreach (var s in segments.Where(s => s.Line > label.Line && s.Line <= label.Line + 6 && Math.Abs(s.Left - label.Left) < label.Height * 1.5).OrderBy(s => s.Line))
            {
                if (s.Label is not null) break;
                words.AddRange(s.Words.Select((w, i) => i == s.Words.Count - 1 ? w with { Text = w.Text + "," } : w));
            }
        }
        var result = new List<CardDependent>();
        var current = new List<OcrWord>();
        void Flush()
        {
            if (current.Count >= 2) result.Add(new CardDependent { Name = ctx.Field(current, label.Label!.Score, 0.9) });
            current.Clear();
        }
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (!w.Text.TrimEnd(',', ';').All(c => char.IsLetter(c) || c is '\'' or '-' or '.'))
            {
                Flush();
                continue;
            }
            if (current.Count > 0 && w.Left - current[^1].Right > w.Height * 0.6) Flush();
            current.Add(w with { Text = w.Text.TrimEnd(',', ';') });
            if (w.Text.EndsWith(',') || w.Text.EndsWith(';')) Flush();
        }
        Flush();
        return result;
    }

    /// <summary>The claims address: the lines after a claims label up to one that ends in a ZIP code.</summary>
    private static CardField<string>? FindClaimsAddress(List<Segment> segments, Context ctx)
    {
        var label = segments.FirstOrDefault(s => s.Label?.Field == CardLabel.ClaimsAddress);
        if (label is null) return null;
        var words = new List<OcrWord>(label.Value);
        foreach (var s in segments.Where(s => s.Line > label.Line && s.Line <= label.Line + 3 && s.Left >= label.Left - (label.Height * 2)).OrderBy(s => s.Line).ThenBy(s => s.Left))
        {
            if (s.Label is not null) break;
            words.AddRange(s.Words);
            if (Zip().IsMatch(s.Words[^1].Text)) break;
        }
        var text = string.Join(' ', words.Select(w => w.Text));
        var box = text.IndexOf("PO Box", StringComparison.OrdinalIgnoreCase);
        var start = box >= 0 ? box : StreetNumber().Match(text) is { Success: true } m ? m.Index : -1;
        if (start < 0 || !Zip().IsMatch(words[^1].Text)) return null;
        return ctx.Field(text[start..].Trim(), Conf(words, label.Label!.Score, 0.9));
    }

    /// <summary>Removes a character Tesseract read twice from one glyph (see docs/cards.md); only in a word it doubted.</summary>
    internal static OcrWord DropDoubleRead(OcrWord word)
    {
        if (word.Confidence >= DoubtedWordConfidence || word.Glyphs is not { Count: >= 3 } glyphs || glyphs.Count != word.Text.Length) return word;
        var median = Median(glyphs.Select(g => (double)g.Width));
        var kept = new List<OcrGlyph>();
        for (var i = 0; i < glyphs.Count; i++)
        {
            var g = glyphs[i];
            static int Overlap(OcrGlyph a, OcrGlyph b) => Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left));
            var echo = g.Width > 0 && g.Width < median * 0.6 && char.IsLetterOrDigit(g.Text[0])
                && ((kept.Count > 0 && Overlap(kept[^1], g) >= g.Width * 0.4) || (i + 1 < glyphs.Count && Overlap(g, glyphs[i + 1]) >= g.Width * 0.4));
            if (!echo) kept.Add(g);
        }
        return kept.Count == glyphs.Count ? word : word with { Text = string.Concat(kept.Select(g => g.Text)), Glyphs = kept };
    }

    /// <summary>Tesseract word confidence (0..100) below which a word may hold a character read twice.</summary>
    private const double DoubtedWordConfidence = 80;

    private static string? DuplicatedZero(string id)
    {
        var fixedId = RemoveDuplicateZero(id);
        return fixedId.Length == id.Length - 1 ? fixedId : null;
    }

    private static string RemoveDuplicateZero(string text)
    {
        var at = text.IndexOf("0O", StringComparison.Ordinal);
        if (at < 0) at = text.IndexOf("O0", StringComparison.Ordinal);
        return at < 0 ? text : text.Remove(text[at] == 'O' ? at : at + 1, 1);
    }

    private static CardField<DateOnly>? ToDate(CardField<string>? f, Context ctx)
    {
        if (f is null) return null;
        var m = DateToken().Match(f.Value);
        if (!m.Success) return null;
        var year = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (year < 100) year += year > 50 ? 1900 : 2000;
        var month = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new CardField<DateOnly>(new DateOnly(year, month, day), f.Confidence, ctx.Engine);
    }

    private static CardField<DateOnly>? DateOnLine(List<List<OcrWord>> lines, string marker, Context ctx)
    {
        foreach (var line in lines)
        {
            var text = string.Join(' ', line.Select(w => w.Text));
            if (!text.Contains(marker, StringComparison.OrdinalIgnoreCase)) continue;
            var dateWord = line.LastOrDefault(w => DateToken().IsMatch(w.Text));
            if (dateWord is not null) return ToDate(ctx.Field(dateWord.Text, Conf([dateWord], 1, 0.95)), ctx);
        }
        return null;
    }

    /// <summary>The first phone number on the card that no label claimed (customer service on most fronts).</summary>
    private static CardField<string>? FindPhone(List<List<OcrWord>> lines, HashSet<OcrWord> claimed, Context ctx)
    {
        foreach (var w in lines.SelectMany(l => l).Where(w => !claimed.Contains(w)))
        {
            var m = PhoneInText().Match(w.Text);
            if (m.Success) return ctx.Field(m.Value, Conf([w], 1, 0.9));
        }
        return null;
    }

    /// <summary>
    /// Copays ("Specialist $50") and amounts given as individual/family ("Deductible $1,500/$3,000": two lines,
    /// "Deductible Individual" 1500 and "Deductible Family" 3000).
    /// </summary>
    private static List<CardCopay> FindCopays(List<List<OcrWord>> lines, Context ctx)
    {
        var copays = new List<CardCopay>();
        foreach (var line in lines)
        {
            var text = string.Join(' ', line.Select(w => w.Text));
            foreach (Match m in Copay().Matches(text))
            {
                var benefit = m.Groups[1].Value.Trim();
                if (!decimal.TryParse(m.Groups[2].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)) continue;
                var ws = line.Where(w => m.Value.Contains(w.Text, StringComparison.Ordinal)).ToList();
                var conf = Conf(ws.Count > 0 ? ws : line, 1, 0.9);
                if (m.Groups[3].Success && decimal.TryParse(m.Groups[3].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var family))
                {
                    copays.Add(Line(benefit + " Individual", amount, conf));
                    copays.Add(Line(benefit + " Family", family, conf));
                }
                else
                {
                    copays.Add(Line(benefit, amount, conf));
                }
            }
        }
        return copays;

        CardCopay Line(string benefit, decimal amount, double conf) => new()
        {
            Benefit = ctx.Field(benefit, conf),
            Amount = new CardField<decimal>(amount, conf, ctx.Engine),
        };
    }

    private static double Similarity(string a, string b) =>
        1.0 - ((double)Domain.Common.EditDistance.Between(a, b) / Math.Max(a.Length, b.Length));

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? 0 : v[v.Length / 2];
    }

    [GeneratedRegex(@"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")]
    private static partial Regex DateToken();

    [GeneratedRegex(@"^(?:1-)?\(?\d{3}\)?[-.]\d{3}[-.]\d{4}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?:1-)?\(?\d{3}\)?[-.]\d{3}[-.]\d{4}")]
    private static partial Regex PhoneInText();

    [GeneratedRegex(@"([A-Za-z][A-Za-z /]{1,24}?)\s*\$\s?(\d{1,2},\d{3}|\d{1,5}(?:\.\d{2})?)(?:\s?/\s?\$\s?(\d{1,2},\d{3}|\d{1,5}(?:\.\d{2})?))?")]
    private static partial Regex Copay();

    [GeneratedRegex(@"^([A-Z]{3})\s?\d")]
    private static partial Regex AlphaPrefix();

    /// <summary>A dependent suffix after the id: "123456789-01", "XYZ123456789 02".</summary>
    [GeneratedRegex(@"\d[\s*-](\d{2})$")]
    private static partial Regex DependentSuffix();

    [GeneratedRegex(@"^\d{5}(?:-\d{4})?$")]
    private static partial Regex Zip();

    [GeneratedRegex(@"\b\d{2,6}\s+[A-Za-z]")]
    private static partial Regex StreetNumber();
}
