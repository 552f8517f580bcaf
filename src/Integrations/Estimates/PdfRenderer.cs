using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace PatientAccess.Integrations.Estimates;

/// <summary>
/// A <see cref="DocumentOutline"/> as a Letter-size PDF (PDFsharp 6, no MigraDoc): wrapped paragraphs, label/value
/// fields and bordered tables whose header repeats on a new page. Fonts come from <see cref="DejaVuFonts"/>.
/// </summary>
public sealed class PdfRenderer
{
    private const double Margin = 54;
    private const double BodySize = 9.5;
    private const double Padding = 3;
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _heading;
    private readonly XFont _title;

    public PdfRenderer(DejaVuFonts fonts)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        fonts.Register();
        // Unicode encoding: names outside Windows-1252 (Nguyễn, Łukasz) keep their letters, and the text stays searchable.
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _body = new XFont(DejaVuFonts.Family, BodySize, XFontStyleEx.Regular, unicode);
        _bold = new XFont(DejaVuFonts.Family, BodySize, XFontStyleEx.Bold, unicode);
        _heading = new XFont(DejaVuFonts.Family, 12, XFontStyleEx.Bold, unicode);
        _title = new XFont(DejaVuFonts.Family, 18, XFontStyleEx.Bold, unicode);
    }

    /// <param name="created">The document's creation date (the estimate's issue date), so the same estimate gives the same PDF.</param>
    public byte[] Render(DocumentOutline outline, DateTime created)
    {
        ArgumentNullException.ThrowIfNull(outline);
        using var document = new PdfSharp.Pdf.PdfDocument();
        document.Info.Title = outline.Title;
        document.Info.Subject = outline.Subtitle;
        document.Info.Creator = "PatientAccess";
        document.Info.CreationDate = created;
        document.Info.ModificationDate = created;
        var page = new Pager(document);
        page.Text(outline.Title, _title, 0, page.Width, XBrushes.Black);
        page.Gap(4);
        page.Text(outline.Subtitle, _body, 0, page.Width, XBrushes.DimGray);
        page.Gap(10);
        foreach (var block in outline.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    page.Need(40);
                    page.Gap(6);
                    page.Text(h.Text, _heading, 0, page.Width, XBrushes.Black);
                    page.Rule();
                    page.Gap(4);
                    break;
                case ParagraphBlock p:
                    page.Text(p.Text, p.Emphasis ? _bold : _body, 0, page.Width, XBrushes.Black);
                    page.Gap(5);
                    break;
                case FieldsBlock f:
                    foreach (var (label, value) in f.Fields)
                    {
                        var height = Math.Max(page.Height(label, _bold, 130), page.Height(value, _body, page.Width - 140));
                        page.Need(height);
                        page.Draw(label, _bold, 0, 130);
                        page.Draw(value, _body, 140, page.Width - 140);
                        page.Advance(height + 2);
                    }
                    page.Gap(4);
                    break;
                case TableBlock t:
                    Table(page, t);
                    break;
            }
        }
        page.Close();
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private void Table(Pager page, TableBlock t)
    {
        var widths = ColumnWidths(page, t);
        void Row(IReadOnlyList<string> cells, XFont font, bool shaded)
        {
            var height = cells.Select((c, i) => page.Height(c, font, widths[i] - (2 * Padding))).Max() + (2 * Padding);
            if (page.Need(height))
            {
                Row(t.Headers, _bold, true);
            }
            var x = 0d;
            for (var i = 0; i < cells.Count; i++)
            {
                page.Box(x, widths[i], height, shaded);
                page.Draw(cells[i], font, x + Padding, widths[i] - (2 * Padding), Padding, t.NumericColumns.Contains(i));
                x += widths[i];
            }
            page.Advance(height);
        }
        page.Need(60);
        Row(t.Headers, _bold, true);
        foreach (var row in t.Rows) Row(row, _body, false);
        foreach (var row in t.Footer) Row(row, _bold, false);
        page.Gap(8);
    }

    /// <summary>Column widths in proportion to their longest word-wrapped content, each at least its header's longest word.</summary>
    private double[] ColumnWidths(Pager page, TableBlock t)
    {
        var count = t.Headers.Count;
        var natural = new double[count];
        var minimum = new double[count];
        for (var i = 0; i < count; i++)
        {
            var texts = t.Rows.Concat(t.Footer).Select(r => i < r.Count ? r[i] : string.Empty).Append(t.Headers[i]).ToList();
            natural[i] = texts.Max(s => page.Measure(s, _body)) + (2 * Padding) + 2;
            minimum[i] = texts.SelectMany(s => s.Split(' ')).Max(w => page.Measure(w, _bold)) + (2 * Padding) + 2;
        }
        var total = natural.Sum();
        if (total <= page.Width) return [.. natural.Select(n => n * page.Width / total)];
        var spare = page.Width - minimum.Sum();
        var extra = natural.Select((n, i) => Math.Max(0, n - minimum[i])).ToArray();
        var extraTotal = extra.Sum();
        return [.. minimum.Select((m, i) => m + (spare > 0 && extraTotal > 0 ? spare * extra[i] / extraTotal : 0))];
    }

    /// <summary>Pages, the cursor and text drawing with word wrap.</summary>
    private sealed class Pager(PdfSharp.Pdf.PdfDocument document)
    {
        private PdfPage? _page;
        private XGraphics? _gfx;
        private double _y;

        private const double Bottom = 792 - Margin;

        public double Width { get; } = 612 - (2 * Margin);

        private XGraphics Gfx
        {
            get
            {
                if (_gfx is null) NewPage();
                return _gfx!;
            }
        }

        public double Measure(string text, XFont font) => Gfx.MeasureString(text, font).Width;

        public double Height(string text, XFont font, double width) => Lines(text, font, width).Count * font.GetHeight();

        /// <summary>Starts a new page when <paramref name="height"/> does not fit; true when it did.</summary>
        public bool Need(double height)
        {
            _ = Gfx;
            if (_y + height <= Bottom) return false;
            NewPage();
            return true;
        }

        public void Gap(double points) => _y += points;

        public void Advance(double points) => _y += points;

        public void Rule()
        {
            Gfx.DrawLine(XPens.Gray, Margin, _y + 1, Margin + Width, _y + 1);
            _y += 3;
        }

        public void Box(double x, double width, double height, bool shaded)
        {
            if (shaded) Gfx.DrawRectangle(XBrushes.Gainsboro, Margin + x, _y, width, height);
            Gfx.DrawRectangle(XPens.DarkGray, Margin + x, _y, width, height);
        }

        /// <summary>Wrapped text at the cursor, moving it down, breaking pages between lines.</summary>
        public void Text(string text, XFont font, double x, double width, XBrush brush)
        {
            foreach (var line in Lines(text, font, width))
            {
                Need(font.GetHeight());
                Gfx.DrawString(line, font, brush, new XRect(Margin + x, _y, width, font.GetHeight()), XStringFormats.TopLeft);
                _y += font.GetHeight();
            }
        }

        /// <summary>Wrapped text at the cursor (plus <paramref name="top"/>), without moving it.</summary>
        public void Draw(string text, XFont font, double x, double width, double top = 0, bool right = false)
        {
            var y = _y + top;
            foreach (var line in Lines(text, font, width))
            {
                Gfx.DrawString(line, font, XBrushes.Black, new XRect(Margin + x, y, width, font.GetHeight()), right ? XStringFormats.TopRight : XStringFormats.TopLeft);
                y += font.GetHeight();
            }
        }

        public void Close()
        {
            _gfx?.Dispose();
            _gfx = null;
        }

        private List<string> Lines(string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var line = string.Empty;
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (Measure(candidate, font) <= width)
                    {
                        line = candidate;
                        continue;
                    }
                    if (line.Length > 0) lines.Add(line);
                    line = word;
                    while (Measure(line, font) > width && line.Length > 1)
                    {
                        var cut = line.Length - 1;
                        while (cut > 1 && Measure(line[..cut], font) > width) cut--;
                        lines.Add(line[..cut]);
                        line = line[cut..];
                    }
                }
                lines.Add(line);
            }
            return lines;
        }

        private void NewPage()
        {
            _gfx?.Dispose();
            _page = document.AddPage();
            _page.Width = XUnit.FromPoint(612);
            _page.Height = XUnit.FromPoint(792);
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }
    }
}

/// <summary>
/// The DejaVu Sans fonts PDFs are drawn with, read from a directory (Debian's fonts-dejavu-core puts them in
/// /usr/share/fonts/truetype/dejavu; scripts/prereqs.sh installs it). PDFsharp keeps one font resolver per process:
/// <see cref="Register"/> sets it once.
/// </summary>
public sealed class DejaVuFonts(string directory) : IFontResolver
{
    public const string Family = "DejaVu Sans";
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();

    public string Directory { get; } = directory;

    public void Register()
    {
        foreach (var face in new[] { Regular, Bold })
        {
            var path = Path.Combine(Directory, face + ".ttf");
            if (!File.Exists(path)) throw new FileNotFoundException($"The PDF font {face}.ttf is not in {Directory} (install fonts-dejavu-core, or set Estimates:FontDirectory).", path);
        }
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = this;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(Path.Combine(Directory, faceName + ".ttf"));
}
