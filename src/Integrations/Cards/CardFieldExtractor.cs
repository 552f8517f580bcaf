using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PatientAccess.Domain.Cards;

namespace PatientAccess.Integrations.Cards;

/// <summary>
/// Finds card fields in OCR words by label and layout: a value follows its label on the same line, or sits just
/// below it, left-aligned. Each field's confidence combines the OCR confidence of its words with how well the
/// label matched and where the value was found. Pure: no I/O, deterministic for the same words.
/// </summary>
public static partial class CardFieldExtractor
{
    private enum Field
    {
        MemberId,
        MedicareId,
        Group,
        Name,
        RxBin,
        RxPcn,
        RxGrp,
        RxId,
        PayerId,
        Effective,
        BirthDate,
        PlanName,
        Employer,
    }

    private static readonly (Field Field, string[] Variants)[] Labels =
    [
        (Field.MemberId, ["MEMBER ID", "MEMBER ID NUMBER", "ID NUMBER", "ID NO", "SUBSCRIBER ID", "IDENTIFICATION NO", "IDENTIFICATION NUMBER", "MEMBER NUMBER", "MEMBER NO", "ID #", "ID"]),
        (Field.MedicareId, ["MEDICARE NUMBER", "MEDICARE CLAIM NUMBER", "MEDICARE ID"]),
        (Field.Group, ["GROUP NO", "GROUP NUMBER", "GROUP #", "GROUP", "GRP", "GRP #", "GROUP ID"]),
        (Field.Name, ["MEMBER NAME", "NAME", "MEMBER", "SUBSCRIBER", "SUBSCRIBER NAME", "ENROLLEE"]),
        (Field.RxBin, ["RXBIN", "RX BIN", "BIN"]),
        (Field.RxPcn, ["RXPCN", "RX PCN", "PCN"]),
        (Field.RxGrp, ["RXGRP", "RX GRP", "RX GROUP", "RXGROUP"]),
        (Field.RxId, ["RXID", "RX ID"]),
        (Field.PayerId, ["PAYER ID", "PAYER", "PAYOR ID", "EDI PAYER ID"]),
        (Field.Effective, ["EFFECTIVE", "EFFECTIVE DATE", "EFF DATE", "EFF", "COVERAGE DATE"]),
        (Field.BirthDate, ["DATE OF BIRTH", "DOB", "BIRTH DATE", "BIRTHDATE"]),
        (Field.PlanName, ["PLAN", "PLAN NAME"]),
        (Field.Employer, ["EMPLOYER"]),
    ];

    private static readonly string[] PlanTypes = ["PPO", "HMO", "EPO", "POS", "HDHP", "PFFS", "HMO-POS"];

    /// <summary>A run of words on one line with no wide gap: a label, a value, or both.</summary>
    private sealed record Phrase(IReadOnlyList<OcrWord> Words, int LineIndex)
    {
        public int Left => Words[0].Left;
        public int Right => Words[^1].Right;
        public int Top => Words.Min(w => w.Top);
        public int Bottom => Words.Max(w => w.Bottom);
        public double Height => Median(Words.Select(w => (double)w.Height));
        public string Text => string.Join(' ', Words.Select(w => w.Text));
    }

    private sealed record LabelMatch(Field Field, int WordCount, double Score);

    private sealed record Candidate(IReadOnlyList<OcrWord> Words, double LabelScore, double LayoutFactor);

    public static InsuranceCard Extract(IReadOnlyList<OcrWord> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var clean = words.Where(w => w.Text.Any(char.IsLetterOrDigit)).ToList();
        var lines = GroupLines(clean);
        var phrases = lines.SelectMany((l, i) => SplitPhrases(l, i)).ToList();
        var labels = phrases.Select(MatchLabel).ToList();

        var found = new Dictionary<Field, CardField<string>>();
        foreach (var (field, _) in Labels)
        {
            if (FindValue(field, phrases, labels) is { } value) found[field] = value;
        }

        var allText = string.Join('\n', lines.Select(l => string.Join(' ', l.Select(w => w.Text))));
        var isMedicare = allText.Contains("MEDICARE HEALTH INSURANCE", StringComparison.OrdinalIgnoreCase) || found.ContainsKey(Field.MedicareId);
        if (isMedicare && !found.ContainsKey(Field.MedicareId) && FindMbiAnywhere(clean) is { } anywhere)
        {
            found[Field.MedicareId] = anywhere;
        }
        var medicaidPhrase = phrases.FirstOrDefault(p => p.Text.Contains("MEDICAID", StringComparison.OrdinalIgnoreCase));

        CardField<string>? insurer;
        if (isMedicare)
        {
            var p = phrases.First(p => p.Text.Contains("MEDICARE", StringComparison.OrdinalIgnoreCase));
            insurer = new CardField<string>("Medicare", Conf(p.Words, 1, 0.95), CardEngine.Tesseract);
        }
        else if (medicaidPhrase is not null)
        {
            insurer = MakeField(StripLogoNoise(medicaidPhrase.Words), 1, 0.9);
        }
        else
        {
            insurer = FindInsurer(phrases, labels);
        }

        var planType = phrases.SelectMany(p => p.Words)
            .Where(w => PlanTypes.Contains(w.Text.Trim('.', ',', ':').ToUpperInvariant()))
            .OrderByDescending(w => w.Height)
            .FirstOrDefault();
        CardField<string>? planTypeField = planType is not null
            ? new CardField<string>(planType.Text.Trim('.', ',', ':').ToUpperInvariant(), Conf([planType], 1, 0.9), CardEngine.Tesseract)
            : isMedicare ? new CardField<string>("Medicare", insurer!.Confidence, CardEngine.Tesseract)
            : medicaidPhrase is not null ? new CardField<string>("Medicaid", insurer!.Confidence, CardEngine.Tesseract)
            : null;

        CardIdNumber? idNumber = null;
        if (found.TryGetValue(Field.MemberId, out var memberId))
        {
            var m = AlphaPrefix().Match(memberId.Value);
            idNumber = new CardIdNumber
            {
                Prefix = m.Success ? new CardField<string>(m.Groups[1].Value, memberId.Confidence, CardEngine.Tesseract) : null,
                Number = memberId,
            };
        }

        var partA = DateOnLine(lines, "PART A");
        var partB = DateOnLine(lines, "PART B");
        var medicareInfo = found.TryGetValue(Field.MedicareId, out var mbi) || partA is not null || partB is not null
            ? new CardMedicareMedicaidInfo { Id = mbi, PartAEffectiveDate = partA, PartBEffectiveDate = partB }
            : null;

        var rx = found.ContainsKey(Field.RxBin) || found.ContainsKey(Field.RxPcn) || found.ContainsKey(Field.RxGrp) || found.ContainsKey(Field.RxId)
            ? new CardPrescriptionInfo
            {
                RxBin = found.GetValueOrDefault(Field.RxBin),
                RxPcn = found.GetValueOrDefault(Field.RxPcn),
                RxGrp = found.GetValueOrDefault(Field.RxGrp),
                RxId = found.GetValueOrDefault(Field.RxId),
            }
            : null;

        var phone = FindPhone(lines);
        var payer = found.ContainsKey(Field.PayerId) || phone is not null
            ? new CardPayer { Id = found.GetValueOrDefault(Field.PayerId), PhoneNumber = phone }
            : null;

        var name = found.GetValueOrDefault(Field.Name);
        var birth = ToDate(found.GetValueOrDefault(Field.BirthDate));
        var member = name is not null || birth is not null || found.ContainsKey(Field.Employer)
            ? new CardMember { Name = name, BirthDate = birth, Employer = found.GetValueOrDefault(Field.Employer) }
            : null;

        var planName = found.GetValueOrDefault(Field.PlanName);
        return new InsuranceCard
        {
            Insurer = insurer,
            Member = member,
            IdNumber = idNumber,
            GroupNumber = found.GetValueOrDefault(Field.Group),
            PrescriptionInfo = rx,
            EffectiveDate = ToDate(found.GetValueOrDefault(Field.Effective)),
            Copays = FindCopays(lines),
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

    private static IEnumerable<Phrase> SplitPhrases(List<OcrWord> line, int index)
    {
        var current = new List<OcrWord> { line[0] };
        for (var i = 1; i < line.Count; i++)
        {
            var h = Math.Max(line[i].Height, line[i - 1].Height);
            if (line[i].Left - line[i - 1].Right > h * 1.2)
            {
                yield return new Phrase(current, index);
                current = [];
            }
            current.Add(line[i]);
        }
        yield return new Phrase(current, index);
    }

    private static string LabelKey(string word)
    {
        var slash = word.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0) word = word[..slash]; // bilingual labels: "Name/Nombre"
        var sb = new StringBuilder();
        foreach (var c in word)
        {
            // Labels hold no digits, so a 1, 0 or $ in one is a misread I, O or S ("Subscriber 1D"); I and l look
            // alike, so both sides of a label comparison read L as I ("Subscrlber lD").
            var u = c switch { '1' or 'l' or 'L' or '|' => 'I', '0' => 'O', '$' => 'S', _ => char.ToUpperInvariant(c) };
            if (char.IsAsciiLetter(u) || u == '#') sb.Append(u);
        }
        return sb.ToString();
    }

    private static LabelMatch? MatchLabel(Phrase p)
    {
        LabelMatch? best = null;
        for (var k = 1; k <= Math.Min(4, p.Words.Count); k++)
        {
            // A word with two or more digits is a value, never part of a label ("Payer ID 57252").
            var last = p.Words[k - 1].Text;
            if (last.Count(char.IsAsciiDigit) >= 2 || LabelKey(last).Length == 0) break;
            var key = string.Concat(p.Words.Take(k).Select(w => LabelKey(w.Text)));
            if (key.Length == 0) continue;
            foreach (var (field, variants) in Labels)
            {
                foreach (var v in variants)
                {
                    var vk = string.Concat(v.Split(' ').Select(LabelKey));
                    var score = vk.Length <= 4 ? (key == vk ? 1.0 : 0.0) : Similarity(key, vk);
                    if (score < 0.75) continue;
                    // A longer label that matches well beats a shorter exact one: "Subscriber ID" is not "Subscriber".
                    var rank = score + (score >= 0.85 ? 0.1 * (k - 1) : 0);
                    if (best is null || rank > Rank(best) + 1e-9)
                    {
                        best = new LabelMatch(field, k, score);
                    }
                }
            }
        }
        return best;
    }

    private static double Rank(LabelMatch m) => m.Score + (m.Score >= 0.85 ? 0.1 * (m.WordCount - 1) : 0);

    private static CardField<string>? FindValue(Field field, List<Phrase> phrases, List<LabelMatch?> labels)
    {
        var candidates = new List<Candidate>();
        for (var i = 0; i < phrases.Count; i++)
        {
            if (labels[i] is not { } label || label.Field != field) continue;
            var p = phrases[i];
            // 1. "Label: value" in the same phrase.
            if (p.Words.Count > label.WordCount)
            {
                candidates.Add(new Candidate(p.Words.Skip(label.WordCount).ToList(), label.Score, 1.0));
            }
            // 2. The next phrase to the right on the same line, close by.
            var right = phrases.Where(q => q.LineIndex == p.LineIndex && q.Left >= p.Right && q.Left - p.Right < p.Height * 4)
                .OrderBy(q => q.Left).FirstOrDefault();
            if (right is not null && !IsLabel(right, labels, phrases))
            {
                candidates.Add(new Candidate(right.Words, label.Score, 0.98));
            }
            // 3. Just below, left-aligned (label in small print above the value).
            var below = phrases
                .Where(q => q.Top > p.Top + (p.Height * 0.5) && q.Top - p.Bottom < p.Height * 2.2
                    && Math.Abs(q.Left - p.Left) < Math.Max(p.Height, q.Height) * 1.6)
                .OrderBy(q => q.Top).FirstOrDefault();
            if (below is not null && !IsLabel(below, labels, phrases))
            {
                candidates.Add(new Candidate(below.Words, label.Score, 0.96));
            }
        }
        foreach (var c in candidates.OrderByDescending(c => c.LabelScore * c.LayoutFactor))
        {
            var value = Shape(field, c.Words);
            if (value is not null) return MakeField(value, c.LabelScore, c.LayoutFactor, field);
        }
        return null;
    }

    private static bool IsLabel(Phrase p, List<LabelMatch?> labels, List<Phrase> phrases)
    {
        // A phrase that starts with a label is another field ("GRP 036435"), not this one's value.
        var l = labels[phrases.IndexOf(p)];
        return l is not null && l.Score >= 0.85;
    }

    /// <summary>Keeps the words that form a valid value for the field, or null when they do not.</summary>
    private static List<OcrWord>? Shape(Field field, IReadOnlyList<OcrWord> words)
    {
        if (field is not (Field.Name or Field.Employer or Field.PlanName or Field.Effective or Field.BirthDate or Field.RxBin))
        {
            words = words.Select(DropDoubleRead).ToList();
        }
        var tokens = words.Select(w => w with { Text = w.Text.Trim(':', ',', ';', '|', '.', '*', '(', ')', '[', ']') }).Where(w => w.Text.Length > 0).ToList();
        if (tokens.Count == 0) return null;
        if (field is not (Field.Name or Field.Employer or Field.PlanName or Field.Effective or Field.BirthDate))
        {
            // Ids are upper case and never hold '$' or '§': those are a misread S.
            tokens = tokens.Select(t => t with { Text = t.Text.Replace('$', 'S').Replace('§', 'S').ToUpperInvariant() }).ToList();
        }
        switch (field)
        {
            case Field.MemberId:
            case Field.MedicareId:
            case Field.Group:
            case Field.RxGrp:
            case Field.RxId:
            case Field.RxPcn:
            case Field.PayerId:
            {
                // An id: the first token, plus following tokens that carry digits (ids printed in groups).
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
                    Field.MemberId => id.Length is >= 6 and <= 20 && digits >= 4,
                    Field.MedicareId => id.Length == 11 && digits >= 3,
                    Field.Group => id.Length is >= 3 and <= 15 && digits >= 1,
                    Field.PayerId => id.Length is >= 3 and <= 10 && digits >= 2,
                    _ => id.Length is >= 2 and <= 15,
                };
                if (field == Field.MedicareId && id.Length == 12 && DuplicatedZero(id) is { } single)
                {
                    // Tesseract sometimes emits a 0 twice, once as the letter O ("JV0O2"); an MBI has no O, so the
                    // O beside a 0 is the same glyph read twice. Keep the 0 when that makes a valid MBI.
                    var fixedTokens = taken.Select(t => t with { Text = RemoveDuplicateZero(t.Text), Confidence = t.Confidence * 0.8 }).ToList();
                    if (PayerMemberIdRule.Medicare.Formats[0].Matches(single)) return fixedTokens;
                }
                if (ok && field == Field.MedicareId)
                {
                    // The MBI alphabet has no O or I, so there they can only be 0 and 1 (CMS format; see MemberIdFormat).
                    var corrected = PayerMemberIdRule.Medicare.Formats[0].Correct(id);
                    if (corrected is null) return null;
                    return [.. taken.Select(t => t with { Text = t.Text.Replace('O', '0').Replace('I', '1') })];
                }
                return ok ? taken : null;
            }
            case Field.RxBin:
            {
                // A BIN is six digits by definition (ANSI/NCPDP), so O and I/l can only be 0 and 1 here.
                var t = tokens[0];
                var digits = t.Text.Replace('O', '0').Replace('o', '0').Replace('I', '1').Replace('l', '1');
                return digits.Length == 6 && digits.All(char.IsAsciiDigit) ? [t with { Text = digits }] : null;
            }
            case Field.Name:
            case Field.Employer:
            case Field.PlanName:
            {
                var taken = tokens.TakeWhile(t => t.Text.All(c => char.IsLetter(c) || c is '\'' or '-' or '.')).ToList();
                return taken.Count >= (field == Field.Name ? 2 : 1) && taken.Sum(t => t.Text.Length) >= 4 ? taken : null;
            }
            case Field.Effective:
            case Field.BirthDate:
            {
                var t = tokens.FirstOrDefault(t => DateToken().IsMatch(t.Text));
                return t is null ? null : [t];
            }
            default:
                return null;
        }
    }

    private static CardField<string> MakeField(IReadOnlyList<OcrWord> words, double labelScore, double layout, Field? field = null)
    {
        _ = field;
        var text = string.Join(' ', words.Select(w => w.Text)).Trim();
        return new CardField<string>(text, Conf(words, labelScore, layout), CardEngine.Tesseract);
    }

    private static double Conf(IReadOnlyList<OcrWord> words, double labelScore, double layout)
    {
        var ocr = words.Count == 0 ? 0 : words.Min(w => w.Confidence) / 100.0;
        return Math.Round(Math.Clamp(ocr * (0.7 + (0.3 * labelScore)) * layout, 0, 1), 3);
    }

    private static CardField<string>? FindInsurer(List<Phrase> phrases, List<LabelMatch?> labels)
    {
        if (phrases.Count == 0) return null;
        var top = phrases.Min(p => p.Top);
        var bottom = phrases.Max(p => p.Bottom);
        var limit = top + ((bottom - top) * 0.3);
        var best = phrases
            .Where(p => p.Top <= limit && labels[phrases.IndexOf(p)] is null)
            .Select(p => (Phrase: p, Words: StripLogoNoise(p.Words)))
            .Where(x => x.Words.Count > 0 && x.Words.Sum(w => w.Text.Count(char.IsLetter)) >= 4
                && !x.Words.All(w => PlanTypes.Contains(w.Text.ToUpperInvariant())))
            .OrderByDescending(x => x.Phrase.Height)
            .FirstOrDefault();
        if (best.Phrase is null) return null;
        var words = best.Words.Where(w => !PlanTypes.Contains(w.Text.ToUpperInvariant())).ToList();
        return words.Count == 0 ? null : MakeField(words, 1, 0.85);
    }

    /// <summary>Drops leading marks that a logo shape reads as (a lone "O", "@", "©").</summary>
    private static List<OcrWord> StripLogoNoise(IReadOnlyList<OcrWord> words) =>
        words.SkipWhile(w => w.Text.Length <= 2 || !w.Text.Any(char.IsLetter)).ToList();

    /// <summary>
    /// On a Medicare card the MBI is distinctive enough to find without its label: 11 characters in the CMS layout,
    /// printed as one to three words that follow each other on the page.
    /// </summary>
    private static CardField<string>? FindMbiAnywhere(List<OcrWord> words)
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
                return new CardField<string>(printed, Conf(group, 0.8, 0.9), CardEngine.Tesseract);
            }
        }
        return null;
    }

    /// <summary>
    /// Removes a character Tesseract read twice from one glyph: a narrow character (under 0.6 of the word's median
    /// character width) whose box lies 40% or more inside its neighbour's. Bold glyphs that nearly touch ("1Z")
    /// come out as "12Z" that way: the LSTM emits a second, overlapping character for ink it already read.
    /// Characters of an id never share ink, so the narrow overlapping one is the echo. Needs character boxes (hOCR).
    /// LSTM character boxes are approximate, so only a word Tesseract itself doubted (confidence under
    /// <see cref="DoubtedWordConfidence"/>) is repaired.
    /// </summary>
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

    private static CardField<DateOnly>? ToDate(CardField<string>? f)
    {
        if (f is null) return null;
        var m = DateToken().Match(f.Value);
        if (!m.Success) return null;
        var year = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (year < 100) year += year > 50 ? 1900 : 2000;
        var month = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new CardField<DateOnly>(new DateOnly(year, month, day), f.Confidence, CardEngine.Tesseract);
    }

    private static CardField<DateOnly>? DateOnLine(List<List<OcrWord>> lines, string marker)
    {
        foreach (var line in lines)
        {
            var text = string.Join(' ', line.Select(w => w.Text));
            if (!text.Contains(marker, StringComparison.OrdinalIgnoreCase)) continue;
            var dateWord = line.LastOrDefault(w => DateToken().IsMatch(w.Text));
            if (dateWord is not null) return ToDate(new CardField<string>(dateWord.Text, Conf([dateWord], 1, 0.95), CardEngine.Tesseract));
        }
        return null;
    }

    private static CardField<string>? FindPhone(List<List<OcrWord>> lines)
    {
        foreach (var line in lines)
        {
            foreach (var w in line)
            {
                var m = Phone().Match(w.Text);
                if (m.Success) return new CardField<string>(m.Value, Conf([w], 1, 0.9), CardEngine.Tesseract);
            }
        }
        return null;
    }

    private static List<CardCopay> FindCopays(List<List<OcrWord>> lines)
    {
        var copays = new List<CardCopay>();
        foreach (var line in lines)
        {
            var text = string.Join(' ', line.Select(w => w.Text));
            foreach (Match m in Copay().Matches(text))
            {
                var benefit = m.Groups[1].Value.Trim();
                if (!decimal.TryParse(m.Groups[2].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)) continue;
                var conf = Conf(line.Where(w => m.Value.Contains(w.Text, StringComparison.Ordinal)).ToList() is { Count: > 0 } ws ? ws : line, 1, 0.9);
                copays.Add(new CardCopay
                {
                    Benefit = new CardField<string>(benefit, conf, CardEngine.Tesseract),
                    Amount = new CardField<decimal>(amount, conf, CardEngine.Tesseract),
                });
            }
        }
        return copays;
    }

    private static double Similarity(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }
        return 1.0 - ((double)d[a.Length, b.Length] / Math.Max(a.Length, b.Length));
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? 0 : v[v.Length / 2];
    }

    [GeneratedRegex(@"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")]
    private static partial Regex DateToken();

    [GeneratedRegex(@"^(?:1-)?\(?\d{3}\)?[-.]\d{3}[-.]\d{4}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"([A-Za-z][A-Za-z /]{1,24}?)\s*\$\s?(\d{1,4}(?:\.\d{2})?)")]
    private static partial Regex Copay();

    [GeneratedRegex(@"^([A-Z]{3})\s?\d")]
    private static partial Regex AlphaPrefix();
}
