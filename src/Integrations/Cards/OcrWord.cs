using System.Globalization;

namespace PatientAccess.Integrations.Cards;

/// <summary>One word Tesseract found: its text, its box in pixels and its confidence (0..100).</summary>
public sealed record OcrWord(string Text, int Left, int Top, int Width, int Height, double Confidence)
{
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
