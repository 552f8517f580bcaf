namespace PatientAccess.Domain.PriorAuth;

/// <summary>What a payer's list says about a range of codes.</summary>
public enum RuleRequirement
{
    /// <summary>The payer requires an authorization for these codes (at these places of service).</summary>
    Required,

    /// <summary>The payer says no authorization is needed for these codes (at these places of service).</summary>
    NotRequired,
}

/// <summary>
/// An inclusive range of procedure codes of one shape (five digits, or a letter and four digits), compared as
/// text: 70551-70553, J0000-J9999, or a single code.
/// </summary>
public sealed record CodeRange
{
    public CodeRange(string from, string to)
    {
        if (!IsCode(from) || !IsCode(to)) throw new ArgumentException("A code range holds two CPT/HCPCS-shaped codes.", nameof(from));
        from = from.ToUpperInvariant();
        to = to.ToUpperInvariant();
        if (char.IsAsciiDigit(from[0]) != char.IsAsciiDigit(to[0]) || (!char.IsAsciiDigit(from[0]) && from[0] != to[0]))
        {
            throw new ArgumentException("Both ends of a code range have the same shape (and the same HCPCS letter).", nameof(to));
        }
        if (string.CompareOrdinal(from, to) > 0) throw new ArgumentException("A code range starts at or before its end.", nameof(to));
        From = from;
        To = to;
    }

    public string From { get; }
    public string To { get; }

    public bool Contains(string code) =>
        code.Length == 5 && char.IsAsciiDigit(code[0]) == char.IsAsciiDigit(From[0]) &&
        string.CompareOrdinal(code.ToUpperInvariant(), From) >= 0 && string.CompareOrdinal(code.ToUpperInvariant(), To) <= 0;

    /// <summary>Five characters: all digits (CPT), a letter and four digits (HCPCS), or four digits and a letter (CPT II/III).</summary>
    public static bool IsCode(string? text) =>
        text is { Length: 5 } &&
        (text.All(char.IsAsciiDigit) ||
         (char.IsAsciiLetter(text[0]) && text[1..].All(char.IsAsciiDigit)) ||
         (text[..4].All(char.IsAsciiDigit) && char.IsAsciiLetter(text[4])));

    public override string ToString() => From == To ? From : $"{From}-{To}";
}

/// <summary>One line of a payer's list: codes, optionally only at some places of service, and what is required.</summary>
/// <param name="PlacesOfService">CMS place-of-service codes the rule is limited to; empty means everywhere.</param>
/// <param name="Note">Why, in plain words without patient data (e.g. "advanced imaging").</param>
public sealed record PayerRule(IReadOnlyList<CodeRange> Codes, IReadOnlyList<string> PlacesOfService, RuleRequirement Requirement, string Note)
{
    public bool Matches(ServiceLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Codes.Any(r => r.Contains(line.Code.Value)) && (PlacesOfService.Count == 0 || PlacesOfService.Contains(line.PlaceOfService));
    }
}

/// <summary>
/// A payer's prior-authorization list as the hospital keeps it (shipped as data, edited by the authorization team).
/// Rules are read in order; the first that matches a line decides.
/// </summary>
public sealed record PayerRules(string PayerId, string Version, IReadOnlyList<PayerRule> Rules)
{
    public PayerRule? FirstMatch(ServiceLine line) => Rules.FirstOrDefault(r => r.Matches(line));
}
