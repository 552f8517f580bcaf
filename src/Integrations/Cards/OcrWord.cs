using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace PatientAccess.Integrations.Cards;

/// <summary>
/// One word Tesseract found: its text, its box in pixels and its confidence (0..100); from hOCR also the horizontal
/// extent of each character (<see cref="Glyphs"/>), which shows a glyph read twice.
/// </summary>
public sealed record OcrWord(string Text, int Left, int Top, int Width, int Height, double Confidence)
{
    /// <summary>One entry per character of <see cref="Text"/>, left to right; null when the OCR output had none.</summary>
    public IReadOnlyList<OcrGlyph>? Glyphs { get; init; }

    public int Right => Left + Width;

    public int Bottom => Top + Height;

    public double CenterY => Top + (Height / 2.0);
}

/// <summary>Parses Tesseract's TSV output (level 5 rows are words).</summary>
public static class TesseractTsv
{
    public static IReadOnlyList<OcrWord> Parse(string tsv)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var words = new List<OcrWord>();
        foreach (var line in tsv.Split('\n'))
        {
            var cols = line.TrimEnd('\r').Split('\t');
            if (cols.Length < 12 || cols[0] != "5") continue;
            var text = cols[11].Trim();
            if (text.Length == 0) continue;
            if (!int.TryParse(cols[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out var left) ||
                !int.TryParse(cols[7], NumberStyles.Integer, CultureInfo.InvariantCulture, out var top) ||
                !int.TryParse(cols[8], NumberStyles.Integer, CultureInfo.InvariantCulture, out var width) ||
                !int.TryParse(cols[9], NumberStyles.Integer, CultureInfo.InvariantCulture, out var height) ||
                !double.TryParse(cols[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var conf) || conf < 0)
            {
                continue;
            }
            words.Add(new OcrWord(text, left, top, width, height, Math.Min(conf, 100)));
        }
        return words;
    }
}

/// <summary>One character of a word: its text and its horizontal extent in pixels.</summary>
public sealed record OcrGlyph(string Text, int Left, int Right)
{
    public int Width => Right - Left;
}

/// <summary>
/// Parses Tesseract's hOCR output written with <c>hocr_char_boxes=1</c>: words (<c>ocrx_word</c>: bbox, x_wconf)
/// with their characters (<c>ocrx_cinfo</c>: x_bboxes).
/// </summary>
public static partial class TesseractHocr
{
    public static IReadOnlyList<OcrWord> Parse(string hocr)
    {
        ArgumentNullException.ThrowIfNull(hocr);
        var words = new List<OcrWord>();
        var starts = WordStart().Matches(hocr);
        for (var i = 0; i < starts.Count; i++)
        {
            var m = starts[i];
            var end = i + 1 < starts.Count ? starts[i + 1].Index : hocr.Length;
            var body = hocr[(m.Index + m.Length)..end];
            int Int(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
            var glyphs = new List<OcrGlyph>();
            foreach (Match c in Glyph().Matches(body))
            {
                glyphs.Add(new OcrGlyph(WebUtility.HtmlDecode(c.Groups[3].Value),
                    int.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(c.Groups[2].Value, CultureInfo.InvariantCulture)));
            }
            var text = glyphs.Count > 0
                ? string.Concat(glyphs.Select(g => g.Text))
                : WebUtility.HtmlDecode(Tags().Replace(body.Split("</span>", 2)[0], ""));
            text = text.Trim();
            if (text.Length == 0) continue;
            var conf = double.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture);
            words.Add(new OcrWord(text, Int(1), Int(2), Int(3) - Int(1), Int(4) - Int(2), Math.Clamp(conf, 0, 100))
            {
                Glyphs = glyphs.Count > 0 && glyphs.All(g => g.Text.Length == 1) ? glyphs : null,
            });
        }
        return words;
    }

    [GeneratedRegex(@"<span class=['""]ocrx_word['""][^>]*?title=['""]bbox (\d+) (\d+) (\d+) (\d+); x_wconf (\d+(?:\.\d+)?)['""][^>]*>")]
    private static partial Regex WordStart();

    [GeneratedRegex(@"<span class=['""]ocrx_cinfo['""] title=['""]x_bboxes (\d+) \d+ (\d+) \d+; x_conf [\d.]+['""]>([^<]*)</span>")]
    private static partial Regex Glyph();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
