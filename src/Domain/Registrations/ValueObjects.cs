using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PatientAccess.Domain.Registrations;

/// <summary>A phone number in E.164 form: '+', country code, up to 15 digits in all.</summary>
public sealed record PhoneNumber
{
    private PhoneNumber(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out PhoneNumber? phone)
    {
        phone = null;
        if (string.IsNullOrEmpty(text) || text.Length < 8 || text.Length > 16 || text[0] != '+' || text[1] == '0') return false;
        for (var i = 1; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return false;
        }
        phone = new PhoneNumber(text);
        return true;
    }

    public override string ToString() => Value;
}

/// <summary>An email address, checked for shape (local@domain.tld) and for characters no text may hold; delivery proves the rest.</summary>
public sealed record EmailAddress
{
    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out EmailAddress? email)
    {
        email = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 254) return false;
        var trimmed = text.Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != trimmed.LastIndexOf('@') || at == trimmed.Length - 1) return false;
        var domain = trimmed[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        if (dot <= 0 || dot == domain.Length - 1 || trimmed.Any(char.IsWhiteSpace)) return false;
        if (TextSafety.Find(trimmed) is not null) return false; // controls, direction overrides, invisible characters
        email = new EmailAddress(trimmed);
        return true;
    }

    public override string ToString() => Value;
}

/// <summary>
/// A National Provider Identifier: 10 digits, the last a Luhn check digit computed over the
/// prefix 80840 and the first nine digits (CMS NPI standard).
/// </summary>
public sealed record Npi
{
    private Npi(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out Npi? npi)
    {
        npi = null;
        if (text is null || text.Length != 10 || !text.All(char.IsAsciiDigit)) return false;
        if (text[0] != '1' && text[0] != '2') return false;
        if (ComputeCheckDigit(text.AsSpan(0, 9)) != text[9] - '0') return false;
        npi = new Npi(text);
        return true;
    }

    /// <summary>The Luhn check digit for nine NPI digits, with the 80840 prefix's constant 24 added.</summary>
    public static int ComputeCheckDigit(ReadOnlySpan<char> nineDigits)
    {
        var sum = 24;
        for (var i = 0; i < nineDigits.Length; i++)
        {
            var digit = nineDigits[nineDigits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
        }
        return (10 - (sum % 10)) % 10;
    }

    public override string ToString() => Value;
}

/// <summary>Which code set a procedure code comes from.</summary>
public enum ProcedureCodeSystem
{
    /// <summary>CPT Category I: five digits.</summary>
    Cpt,
    /// <summary>CPT Category II (four digits + F) or III (four digits + T).</summary>
    CptSupplemental,
    /// <summary>HCPCS Level II: a letter A-V and four digits.</summary>
    Hcpcs,
}

/// <summary>A CPT or HCPCS Level II procedure code, recognised by shape.</summary>
public sealed record ProcedureCode
{
    private ProcedureCode(string value, ProcedureCodeSystem system)
    {
        Value = value;
        System = system;
    }

    public string Value { get; }
    public ProcedureCodeSystem System { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out ProcedureCode? code)
    {
        code = null;
        if (text is null || text.Length != 5) return false;
        var upper = text.ToUpperInvariant();
        if (upper.All(char.IsAsciiDigit))
        {
            code = new ProcedureCode(upper, ProcedureCodeSystem.Cpt);
            return true;
        }
        var firstFourDigits = upper.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') is false;
        if (firstFourDigits && (upper[4] == 'F' || upper[4] == 'T'))
        {
            code = new ProcedureCode(upper, ProcedureCodeSystem.CptSupplemental);
            return true;
        }
        if (upper[0] is >= 'A' and <= 'V' && upper.AsSpan(1).ContainsAnyExceptInRange('0', '9') is false)
        {
            code = new ProcedureCode(upper, ProcedureCodeSystem.Hcpcs);
            return true;
        }
        return false;
    }

    public override string ToString() => Value;
}

/// <summary>Administrative sex as payers' X12 DMG03 knows it.</summary>
public enum AdministrativeSex
{
    Unknown,
    Female,
    Male,
}

/// <summary>A person's legal name as the payer would have it.</summary>
public sealed record PersonName(string Given, string Family, string? Middle = null, string? Suffix = null);

/// <summary>A US postal address.</summary>
public sealed record PostalAddress(string Line1, string? Line2, string City, string State, string PostalCode)
{
    /// <summary>
    /// USPS state codes: the 50 states, DC, the territories (AS, GU, MP, PR, VI, UM), the freely associated states that
    /// use US mail (FM, MH, PW) and the armed forces codes (AA, AE, AP).
    /// </summary>
    public static IReadOnlySet<string> StateCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
        "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
        "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "DC",
        "AS", "GU", "MP", "PR", "VI", "UM",
        "FM", "MH", "PW",
        "AA", "AE", "AP",
    };

    /// <summary>True for a USPS state code, upper case (see <see cref="StateCodes"/>).</summary>
    public static bool IsStateCode(string? state) => state is { Length: 2 } && StateCodes.Contains(state);

    /// <summary>A ZIP code (12345) or ZIP+4 (12345-6789); 00000 is no ZIP code.</summary>
    public static bool IsZip(string? zip) =>
        zip is not null && !zip.StartsWith("00000", StringComparison.Ordinal) &&
        (zip.Length == 5 && zip.All(char.IsAsciiDigit) ||
         zip.Length == 10 && zip[5] == '-' && zip.Remove(5, 1).All(char.IsAsciiDigit));
}
