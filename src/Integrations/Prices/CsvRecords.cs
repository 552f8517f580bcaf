using System.Text;

namespace PatientAccess.Integrations.Prices;

/// <summary>One CSV record: its fields and the physical line it starts on (1-based; quoted newlines make records span lines).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    public string this[int index] => index < Fields.Count ? Fields[index] : string.Empty;

    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// RFC 4180 records: comma-separated, fields optionally in double quotes (a quote inside is doubled), CRLF or LF line
/// ends, a UTF-8 byte order mark ignored. An unclosed quote is reported with the line it opened on.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(string text, Action<int, string> error)
    {
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        var atFieldStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                if (c == '\n') line++;
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    quoteLine = line;
                    atFieldStart = false;
                    i++;
                    continue;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    i++;
                    continue;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    continue;
                case '\n' or '\r':
                    fields.Add(field.ToString());
                    yield return new CsvRecord(recordLine, fields);
                    fields = [];
                    field.Clear();
                    atFieldStart = true;
                    line++;
                    recordLine = line;
                    i++;
                    continue;
                default:
                    if (c == '"') error(line, "a double quote inside an unquoted field (quote the whole field and double the quote)");
                    field.Append(c);
                    atFieldStart = false;
                    i++;
                    continue;
            }
        }
        if (quoted) error(quoteLine, "a quoted field is not closed");
        if (fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields);
        }
    }
}
