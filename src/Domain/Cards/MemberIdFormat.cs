using System.Text;

namespace PatientAccess.Domain.Cards;

/// <summary>
/// A payer's member id layout as a mask, one character per position: 'N' a digit, 'A' a letter, 'X' either,
/// 'C' a digit 1-9, 'M' a letter other than S, L, O, I, B, Z (the Medicare MBI alphabet), 'W' an MBI letter or a
/// digit; any other character must appear as written. Only where a mask says a position is a digit (or a letter)
/// may an O/0 or I/1 read be corrected, because only there is the other reading impossible.
/// </summary>
public sealed record MemberIdFormat(string Name, string Mask)
{
    private const string MbiExcluded = "SLOIBZ";

    public bool Matches(string normalizedId) => Fit(normalizedId, correct: false) is not null;

    /// <summary>The id with O/0 and I/1 confusions corrected where this mask allows exactly one reading; null when it does not fit.</summary>
    public string? Correct(string normalizedId) => Fit(normalizedId, correct: true);

    private string? Fit(string id, bool correct)
    {
        if (id.Length != Mask.Length) return null;
        var sb = new StringBuilder(id.Length);
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            var m = Mask[i];
            var fixedChar = m switch
            {
                'N' => Digit(c, correct, allowZero: true),
                'C' => Digit(c, correct, allowZero: false),
                'A' => Letter(c, correct, mbi: false),
                'M' => Letter(c, correct, mbi: true),
                'X' => char.IsAsciiLetterOrDigit(c) ? c : (char?)null,
                'W' => char.IsAsciiDigit(c) ? c
                    : char.IsAsciiLetter(c) && !MbiExcluded.Contains(c, StringComparison.Ordinal) ? c
                    : correct ? Swap(c) is { } d && char.IsAsciiDigit(d) ? d : null : null,
                _ => c == m ? c : null,
            };
            if (fixedChar is null) return null;
            sb.Append(fixedChar.Value);
        }
        return sb.ToString();
    }

    private static char? Digit(char c, bool correct, bool allowZero)
    {
        var d = char.IsAsciiDigit(c) ? c : correct && Swap(c) is { } s && char.IsAsciiDigit(s) ? s : (char?)null;
        return d is null || (!allowZero && d == '0') ? null : d;
    }

    private static char? Letter(char c, bool correct, bool mbi)
    {
        var l = char.IsAsciiLetter(c) ? c : correct && Swap(c) is { } s && char.IsAsciiLetter(s) ? s : (char?)null;
        return l is null || (mbi && MbiExcluded.Contains(l.Value, StringComparison.Ordinal)) ? null : l;
    }

    private static char? Swap(char c) => c switch
    {
        'O' => '0',
        '0' => 'O',
        'I' => '1',
        '1' => 'I',
        _ => null,
    };

    /// <summary>Upper case, letters and digits only (spaces, dashes, dots and slashes dropped).</summary>
    public static string Normalize(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sb = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }
}

/// <summary>
/// Which member id formats a payer uses, found by payer id or by a word in the payer's name.
/// </summary>
public sealed record PayerMemberIdRule(string PayerKey, IReadOnlyList<string> PayerIds, IReadOnlyList<string> NameWords, IReadOnlyList<MemberIdFormat> Formats)
{
    public bool AppliesTo(string? payerId, string? payerName)
    {
        if (payerId is not null && PayerIds.Any(p => string.Equals(p, MemberIdFormat.Normalize(payerId), StringComparison.Ordinal)))
        {
            return true;
        }
        if (payerName is null) return false;
        var words = NameTokens(payerName);
        return NameWords.Any(w => words.Contains(w.ToUpperInvariant()));
    }

    internal static HashSet<string> NameTokens(string name) =>
        name.ToUpperInvariant()
            .Split([' ', '-', '.', ',', '/', '&', '(', ')', '\''], StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The Medicare Beneficiary Identifier (CMS): 11 characters, C M W N M W N M M N N. Its letters never include
    /// S, L, O, I, B or Z, so an O or I read in it is always a 0 or 1.
    /// </summary>
    public static PayerMemberIdRule Medicare { get; } = new(
        "medicare", ["CMS", "MEDICARE"], ["MEDICARE"], [new MemberIdFormat("MBI", "CMWNMWNMMNN")]);
}
