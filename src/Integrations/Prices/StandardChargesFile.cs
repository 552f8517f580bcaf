using System.Text;
using PatientAccess.Domain.Prices;

namespace PatientAccess.Integrations.Prices;

/// <summary>
/// Loads a hospital's standard-charges file in the CMS hospital price transparency template v2 — CSV (tall or wide)
/// or JSON — and checks it against the template's rules (valid values, the ten conditional requirements). Every
/// problem is reported with the line it is on; a file with any error is refused as a whole.
/// </summary>
public static class StandardChargesFile
{
    /// <summary>The parsed list, or null and every error found.</summary>
    public static (PriceList? Prices, IReadOnlyList<PriceFileError> Errors) Validate(string fileName, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var errors = new List<PriceFileError>();
        var list = IsJson(fileName, content)
            ? StandardChargesJson.Read(Path.GetFileName(fileName), content, errors)
            : StandardChargesCsv.Read(Path.GetFileName(fileName), Encoding.UTF8.GetString(content), errors);
        var ordered = errors.OrderBy(e => e.Line).ToList();
        return (ordered.Count == 0 ? list : null, ordered);
    }

    /// <exception cref="PriceFileException">The file breaks the template's rules.</exception>
    public static PriceList Parse(string fileName, ReadOnlySpan<byte> content)
    {
        var (prices, errors) = Validate(fileName, content);
        return prices ?? throw new PriceFileException(Path.GetFileName(fileName), errors);
    }

    /// <exception cref="PriceFileException">The file breaks the template's rules.</exception>
    public static PriceList Load(string path) => Parse(path, File.ReadAllBytes(path));

    private static bool IsJson(string fileName, ReadOnlySpan<byte> content)
    {
        if (fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return true;
        if (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return false;
        var start = content.StartsWith("\uFEFF"u8) ? content[3..] : content;
        var trimmed = start.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }
}
