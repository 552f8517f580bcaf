using System.Text;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Eligibility;

/// <summary>
/// The one automatic re-query after a member-not-found style rejection: the same question with the identity data
/// payers most often hold differently from what the patient or the card gave us.
/// <list type="bullet">
/// <item>Name: the first given name only (no middle name), no suffix, and no suffix typed into the family name ("Smith Jr").</item>
/// <item>Member id: without a separator-delimited person-code suffix ("-01", " 02", "*01") and without a three-letter alpha prefix before digits ("XYZ123456789").</item>
/// <item>Role: a patient asked about as a dependent is asked about as the subscriber, with their own name and birth date.</item>
/// </list>
/// </summary>
public static class AlternateIdentity
{
    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase) { "JR", "SR", "II", "III", "IV", "V", "2ND", "3RD" };

    /// <summary>The alternate question, or null when it would ask exactly the same thing again.</summary>
    public static AlternateQuery? For(EligibilityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var changes = new List<string>();
        EligibilityPerson subscriber;
        if (request.Dependent is { } dependent)
        {
            // Many payers give dependents their own member id (often the subscriber's id and a person code).
            subscriber = new EligibilityPerson(SimplifyName(dependent.Name), dependent.BirthDate, dependent.Sex, SimplifyMemberId(request.Subscriber.MemberId));
            changes.Add("patient asked about as the subscriber instead of a dependent");
        }
        else
        {
            var s = request.Subscriber;
            subscriber = s with { Name = SimplifyName(s.Name), MemberId = SimplifyMemberId(s.MemberId) };
        }

        var patientName = request.Patient.Name;
        if (patientName is not null && subscriber.Name is not null && subscriber.Name != patientName)
        {
            changes.Add("name without middle name or suffix");
        }
        if (!string.Equals(subscriber.MemberId, request.Subscriber.MemberId, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add("member id without prefix or suffix");
        }
        if (changes.Count == 0)
        {
            return null;
        }
        return new AlternateQuery(request with { Subscriber = subscriber, Dependent = null }, changes);
    }

    /// <summary>First given name only, no middle name, no suffix (also when typed into the family name).</summary>
    public static PersonName? SimplifyName(PersonName? name)
    {
        if (name is null) return null;
        var given = name.Given.Trim();
        var space = given.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0) given = given[..space];
        var familyTokens = name.Family.Replace(",", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (familyTokens.Count > 1 && Suffixes.Contains(familyTokens[^1].TrimEnd('.')))
        {
            familyTokens.RemoveAt(familyTokens.Count - 1);
        }
        return new PersonName(given, string.Join(' ', familyTokens));
    }

    /// <summary>Upper case, no person-code suffix after a separator, no three-letter alpha prefix, letters and digits only.</summary>
    public static string? SimplifyMemberId(string? memberId)
    {
        if (string.IsNullOrWhiteSpace(memberId)) return memberId;
        var id = memberId.Trim().ToUpperInvariant();
        var last = id.Length - 1;
        var digits = 0;
        while (last - digits >= 0 && char.IsAsciiDigit(id[last - digits])) digits++;
        if (digits is 1 or 2 && last - digits > 0 && id[last - digits] is '-' or ' ' or '*' or '/' or '.')
        {
            id = id[..(last - digits)];
        }
        var plain = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            if (char.IsAsciiLetterOrDigit(c)) plain.Append(c);
        }
        id = plain.ToString();
        if (id.Length >= 9 && char.IsAsciiLetter(id[0]) && char.IsAsciiLetter(id[1]) && char.IsAsciiLetter(id[2]) && char.IsAsciiDigit(id[3]))
        {
            id = id[3..];
        }
        return id;
    }
}

/// <summary>The alternate question and what was changed, in words without values.</summary>
public sealed record AlternateQuery(EligibilityRequest Request, IReadOnlyList<string> Changes);
