using System.Net;
using System.Text;

namespace PatientAccess.Integrations.Estimates;

/// <summary>
/// A <see cref="DocumentOutline"/> as one self-contained, printable HTML page: inline styles, no scripts, no
/// external fonts, images or stylesheets (nothing loaded from a CDN), every text HTML-encoded.
/// </summary>
public static class HtmlRenderer
{
    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #111; margin: 2rem auto; max-width: 52rem; line-height: 1.4; font-size: 11pt; }
        h1 { font-size: 18pt; margin: 0; } .subtitle { color: #444; margin: 0 0 1.5rem; }
        h2 { font-size: 13pt; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #999; }
        table { border-collapse: collapse; width: 100%; margin: .25rem 0 1rem; }
        th, td { border: 1px solid #bbb; padding: .3rem .45rem; text-align: left; vertical-align: top; }
        th { background: #eee; } td.n, th.n { text-align: right; white-space: nowrap; } tfoot td { font-weight: bold; }
        dl { display: grid; grid-template-columns: 12rem 1fr; gap: .2rem 1rem; } dt { font-weight: bold; } dd { margin: 0; }
        p.em { font-weight: bold; font-size: 12pt; }
        @media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; } table { break-inside: auto; } tr { break-inside: avoid; } }
        """;

    public static string Render(DocumentOutline outline)
    {
        ArgumentNullException.ThrowIfNull(outline);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(outline.Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(outline.Title)).Append("</h1>\n<p class=\"subtitle\">").Append(E(outline.Subtitle)).Append("</p>\n");
        foreach (var block in outline.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    html.Append("<h2>").Append(E(h.Text)).Append("</h2>\n");
                    break;
                case ParagraphBlock p:
                    html.Append(p.Emphasis ? "<p class=\"em\">" : "<p>").Append(E(p.Text)).Append("</p>\n");
                    break;
                case FieldsBlock f:
                    html.Append("<dl>\n");
                    foreach (var (label, value) in f.Fields) html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");
                    html.Append("</dl>\n");
                    break;
                case TableBlock t:
                    html.Append("<table>\n<thead><tr>");
                    for (var i = 0; i < t.Headers.Count; i++) html.Append(Cell("th", t.Headers[i], t.NumericColumns.Contains(i)));
                    html.Append("</tr></thead>\n<tbody>\n");
                    foreach (var row in t.Rows) Row(html, row, t);
                    html.Append("</tbody>\n");
                    if (t.Footer.Count > 0)
                    {
                        html.Append("<tfoot>\n");
                        foreach (var row in t.Footer) Row(html, row, t);
                        html.Append("</tfoot>\n");
                    }
                    html.Append("</table>\n");
                    break;
            }
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Row(StringBuilder html, IReadOnlyList<string> row, TableBlock t)
    {
        html.Append("<tr>");
        for (var i = 0; i < row.Count; i++) html.Append(Cell("td", row[i], t.NumericColumns.Contains(i)));
        html.Append("</tr>\n");
    }

    private static string Cell(string tag, string text, bool numeric) => $"<{tag}{(numeric ? " class=\"n\"" : string.Empty)}>{E(text)}</{tag}>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
