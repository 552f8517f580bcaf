using System.Globalization;
using PatientAccess.Domain.Common;

namespace PatientAccess.Domain.Registrations;

/// <summary>Why a text value is refused before its characters are even compared with a field's set.</summary>
public enum UnsafeCharacter
{
    /// <summary>C0/C1 control characters (NUL, BEL, ESC, DEL, ...), and line or paragraph separators where no line breaks belong.</summary>
    Control,

    /// <summary>Bidirectional controls (U+202A-U+202E, U+2066-U+2069, LRM, RLM, ALM): they reorder what a person reads.</summary>
    DirectionControl,

    /// <summary>Zero-width and other invisible formatting characters (U+200B-U+200D, U+2060, U+FEFF, soft hyphen, ...).</summary>
    Invisible,

    /// <summary>A UTF-16 surrogate without its pair, or a Unicode noncharacter: not text at all.</summary>
    NotText,
}

/// <summary>
/// Finds characters no field may hold, whatever it is for: controls, text-direction overrides and invisible ones.
/// Pure; messages never carry the value.
/// </summary>
public static class TextSafety
{
    /// <summary>The first kind of unsafe character in <paramref name="value"/>, or null when there is none.</summary>
    /// <param name="allowLineBreaks">True for free text (a note): CR, LF and TAB are then allowed.</param>
    public static UnsafeCharacter? Find(string value, bool allowLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) return UnsafeCharacter.NotText;
                var codePoint = char.ConvertToUtf32(c, value[i + 1]);
                if ((codePoint & 0xFFFE) == 0xFFFE) return UnsafeCharacter.NotText;
                if (CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.Format) return UnsafeCharacter.Invisible;
                i++;
                continue;
            }
            if (char.IsLowSurrogate(c) || c is '\uFFFE' or '\uFFFF' || (c >= '\uFDD0' && c <= '\uFDEF')) return UnsafeCharacter.NotText;
            if (c is '\r' or '\n' or '\t')
            {
                if (allowLineBreaks) continue;
                return UnsafeCharacter.Control;
            }
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085') return UnsafeCharacter.Control;
            if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C') return UnsafeCharacter.DirectionControl;
            if (c is '\u034F' or '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u180E' ||
                CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) return UnsafeCharacter.Invisible;
        }
        return null;
    }

    /// <summary>The plain-words reason for a refused character, never quoting it.</summary>
    public static string Describe(UnsafeCharacter kind) => kind switch
    {
        UnsafeCharacter.Control => "contains a control character (such as NUL, BEL or a line break)",
        UnsafeCharacter.DirectionControl => "contains a text-direction control character",
        UnsafeCharacter.Invisible => "contains an invisible (zero-width or formatting) character",
        _ => "contains something that is not text (a broken surrogate pair or a noncharacter)",
    };
}

/// <summary>
/// What one kind of field may hold: a character set, a length range, and whether a letter (or digit) is required.
/// Fields that go into an X12 270/278 allow only a subset of the X12 basic character set (letters, digits, space and
/// a few punctuation marks per field) and never any of the characters trading partners choose as delimiters
/// (<c>~ * : ^ | &gt; &lt; \ ! ? = ;</c> and the rest of the X12 extended set), so whatever passes can be sent as typed.
/// Use the instances in <see cref="FieldRules"/>; a correction endpoint reuses the same ones.
/// </summary>
/// <param name="Allowed">Plain words for the error message, e.g. "letters A-Z, spaces, apostrophes, hyphens and periods".</param>
/// <param name="Punctuation">The characters besides ASCII letters (and digits, with <paramref name="Digits"/>) the field takes.</param>
public sealed record TextRule(string Allowed, int MinLength, int MaxLength, bool Letters, bool Digits, string Punctuation, bool NeedsLetterOrDigit = true)
{
    /// <summary>True when <paramref name="c"/> belongs to the field's character set.</summary>
    public bool Allows(char c) =>
        (Letters && char.IsAsciiLetter(c)) || (Digits && char.IsAsciiDigit(c)) || Punctuation.Contains(c, StringComparison.Ordinal);

    /// <summary>Null when <paramref name="value"/> (already trimmed) fits the rule, else the reason in plain words.</summary>
    public string? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TextSafety.Find(value) is { } unsafeCharacter) return TextSafety.Describe(unsafeCharacter);
        foreach (var c in value)
        {
            if (!Allows(c)) return $"may contain only {Allowed}";
        }
        if (value.Length < MinLength || value.Length > MaxLength)
        {
            return MinLength == MaxLength
                ? $"must be {MaxLength.ToString(CultureInfo.InvariantCulture)} characters"
                : $"must be {MinLength.ToString(CultureInfo.InvariantCulture)} to {MaxLength.ToString(CultureInfo.InvariantCulture)} characters";
        }
        if (NeedsLetterOrDigit && !value.Any(char.IsAsciiLetterOrDigit)) return Letters ? "must contain a letter" : "must contain a digit";
        return null;
    }

    /// <summary>
    /// Validates a required field: trims it, adds an error naming <paramref name="field"/> when it is missing or breaks
    /// the rule, and returns the trimmed value when it is good.
    /// </summary>
    public string? Required(string? value, string field, ICollection<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required"));
            return null;
        }
        return Optional(value, field, errors);
    }

    /// <summary>As <see cref="Required"/>, but a missing or blank value is fine (null comes back).</summary>
    public string? Optional(string? value, string field, ICollection<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (Check(trimmed) is { } problem)
        {
            errors.Add(new(field, problem));
            return null;
        }
        return trimmed;
    }
}

/// <summary>
/// The rules for every text field a client can write, by the X12 element it ends up in (5010 maximum lengths):
/// NM103/NM104/NM105/NM107 names, NM109 member and payer ids, REF02 group number, N301/N302 address lines, N401 city.
/// </summary>
public static class FieldRules
{
    private const string NamePunctuation = " '-.";
    private const string NameWords = "letters A-Z, spaces, apostrophes, hyphens and periods";

    /// <summary>NM103, the patient's last name.</summary>
    public static TextRule FamilyName { get; } = new(NameWords, 1, 60, Letters: true, Digits: false, NamePunctuation);

    /// <summary>NM104, the first name.</summary>
    public static TextRule GivenName { get; } = new(NameWords, 1, 35, Letters: true, Digits: false, NamePunctuation);

    /// <summary>NM105, the middle name or initial.</summary>
    public static TextRule MiddleName { get; } = new(NameWords, 1, 25, Letters: true, Digits: false, NamePunctuation);

    /// <summary>NM107, e.g. "Jr", "III".</summary>
    public static TextRule NameSuffix { get; } = new("letters A-Z, spaces and periods", 1, 10, Letters: true, Digits: false, " .");

    /// <summary>NM109 of the subscriber: the payer's member id as printed on the card.</summary>
    public static TextRule MemberId { get; } = new("letters A-Z, digits and hyphens", 2, 30, Letters: true, Digits: true, "-");

    /// <summary>The subscriber's whole name as the patient typed it (NM103/NM104 of the 2100C loop when the patient is a dependent).</summary>
    public static TextRule SubscriberName { get; } = new(NameWords, 1, 120, Letters: true, Digits: false, NamePunctuation);

    /// <summary>REF*6P, the group number.</summary>
    public static TextRule GroupNumber { get; } = new("letters A-Z, digits and hyphens", 1, 30, Letters: true, Digits: true, "-");

    /// <summary>NM109 of the payer (PI): the clearinghouse's payer id.</summary>
    public static TextRule PayerId { get; } = new("letters A-Z and digits", 2, 20, Letters: true, Digits: true, "");

    /// <summary>NM103 of the payer.</summary>
    public static TextRule PayerName { get; } = new("letters A-Z, digits, spaces and ' - . , & ( ) /", 1, 60, Letters: true, Digits: true, " '-.,&()/");

    /// <summary>N301/N302.</summary>
    public static TextRule AddressLine { get; } = new("letters A-Z, digits, spaces and ' - . , # /", 1, 55, Letters: true, Digits: true, " '-.,#/");

    /// <summary>N401.</summary>
    public static TextRule City { get; } = new(NameWords, 2, 30, Letters: true, Digits: false, NamePunctuation);

    /// <summary>The facility's id in our scheduling systems (may become a 278 service provider reference).</summary>
    public static TextRule FacilityId { get; } = new("letters A-Z, digits, hyphens and periods", 1, 40, Letters: true, Digits: true, "-.");

    /// <summary>Short labels we keep but never send to a payer, e.g. the version of the terms the patient accepted.</summary>
    public static TextRule Label { get; } = new("letters A-Z, digits and - . _", 1, 20, Letters: true, Digits: true, "-._");

    /// <summary>An IANA time zone id (checked against the system's zone database after this shape check).</summary>
    public static TextRule TimeZoneId { get; } = new("an IANA time zone id such as America/Chicago", 1, 64, Letters: true, Digits: true, "/_-+");

    /// <summary>A work item id as the clearance writes them: {registrationId}-{step}.</summary>
    public static TextRule WorkItemId { get; } = new("letters, digits and hyphens", 1, 200, Letters: true, Digits: true, "-");

    /// <summary>
    /// Free text a person writes for other people (a specialist's note): any printable characters and line breaks, no
    /// controls, direction overrides or invisible characters. Null when fine, else the reason.
    /// </summary>
    public static string? CheckFreeText(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TextSafety.Find(value, allowLineBreaks: true) is { } unsafeCharacter) return TextSafety.Describe(unsafeCharacter);
        return value.Length > maxLength ? $"must be at most {maxLength.ToString(CultureInfo.InvariantCulture)} characters" : null;
    }
}
