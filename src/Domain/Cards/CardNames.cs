using System.Text;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Cards;

/// <summary>
/// Compares a name printed on a card with a person's name as registered or typed. Cards print names in upper case,
/// often "GIVEN M FAMILY" or "FAMILY, GIVEN", with middle initials, suffixes and nicknames ("ALEX" for "Alexander")
/// and sometimes cut short; OCR adds a wrong letter now and then. Two names are the same person when the family
/// names agree and the given names agree or one begins the other (at least three letters), each allowing one
/// character in five to differ. Pure.
/// </summary>
public static class CardNames
{
    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal) { "JR", "SR", "II", "III", "IV", "MD", "PHD", "MR", "MRS", "MS" };

    public static bool SamePerson(string printed, PersonName person)
    {
        ArgumentNullException.ThrowIfNull(printed);
        ArgumentNullException.ThrowIfNull(person);
        return SamePerson(Tokens(printed, commaMeansFamilyFirst: true), Tokens(person.Given, false), Tokens(person.Family, false));
    }

    /// <summary>A printed name against a typed full name ("Jordan Q Testperson").</summary>
    public static bool SamePerson(string printed, string typedFullName)
    {
        ArgumentNullException.ThrowIfNull(printed);
        ArgumentNullException.ThrowIfNull(typedFullName);
        var typed = Tokens(typedFullName, commaMeansFamilyFirst: true);
        if (typed.Count < 2) return false;
        return SamePerson(Tokens(printed, commaMeansFamilyFirst: true), [typed[0]], [typed[^1]]);
    }

    private static bool SamePerson(List<string> printed, List<string> given, List<string> family)
    {
        if (printed.Count < 2 || given.Count == 0 || family.Count == 0) return false;
        // The family name is the printed name's last word (after reordering "FAMILY, GIVEN"); compound family
        // names ("GARCIA LOPEZ") match when every typed family word is printed.
        var familyOk = family.All(f => printed.Skip(1).Any(p => Close(p, f)));
        if (!familyOk) return false;
        var firstGiven = given[0];
        var printedGiven = printed[0];
        return Close(printedGiven, firstGiven)
            || (Math.Min(printedGiven.Length, firstGiven.Length) >= 3 && (printedGiven.StartsWith(firstGiven, StringComparison.Ordinal) || firstGiven.StartsWith(printedGiven, StringComparison.Ordinal)));
    }

    /// <summary>Upper-case words of letters (accents removed), initials and suffixes dropped; "FAMILY, GIVEN" becomes "GIVEN FAMILY".</summary>
    private static List<string> Tokens(string name, bool commaMeansFamilyFirst)
    {
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (commaMeansFamilyFirst && comma > 0) name = name[(comma + 1)..] + " " + name[..comma];
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (char.IsAsciiLetter(c)) sb.Append(char.ToUpperInvariant(c));
            else if (c is ' ' or '-' or '.' or '\'') sb.Append(c == '\'' ? "" : " ");
        }
        return [.. sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length > 1 && !Suffixes.Contains(t))];
    }

    /// <summary>Equal, or at most one character in five different (an OCR slip).</summary>
    private static bool Close(string a, string b)
    {
        if (a == b) return true;
        var allowed = Math.Max(a.Length, b.Length) / 5;
        return allowed > 0 && EditDistance.Between(a, b) <= allowed;
    }
}
