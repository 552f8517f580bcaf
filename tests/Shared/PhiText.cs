using System.Text.RegularExpressions;

namespace PatientAccess.Tests.Common;

/// <summary>
/// Whether a text (a log line, a message, an orchestration's history) holds a patient's value. Words and identifiers are
/// looked for anywhere, ignoring case; a short number such as a birth year only as a whole number, so a timing like
/// "4.1985ms" or a timestamp's fraction is not taken for the patient's year, while "born 1985" or "1985-03-14" are.
/// </summary>
public static class PhiText
{
    private const int WholeNumberLength = 4;

    public static bool Contains(string text, string value) =>
        value.Length <= WholeNumberLength && value.All(char.IsAsciiDigit)
            ? Regex.IsMatch(text, $@"(?<!\d)(?<!\d\.){value}(?!\d)", RegexOptions.CultureInvariant)
            : text.Contains(value, StringComparison.OrdinalIgnoreCase);

    /// <summary>The first of the values the text holds, or null; for an assertion's message.</summary>
    public static string? FirstIn(string text, IEnumerable<string> values) => values.FirstOrDefault(value => Contains(text, value));
}
