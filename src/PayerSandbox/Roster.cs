using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PatientAccess.PayerSandbox;

/// <summary>The scenario members the sandbox answers for, read from roster.json. Synthetic people only.</summary>
public sealed class Roster
{
    public List<RosterPayer> Payers { get; init; } = [];

    /// <summary>Named benefit lists that members refer to by <see cref="RosterMember.Profile"/>.</summary>
    public Dictionary<string, List<RosterBenefit>> BenefitProfiles { get; init; } = [];

    public List<RosterMember> Members { get; init; } = [];

    /// <summary>How the sandbox's payers decide prior-authorization requests, per service code.</summary>
    public RosterAuthorizations Authorizations { get; init; } = new();

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Roster Load(string path)
    {
        using var stream = File.OpenRead(path);
        var roster = JsonSerializer.Deserialize<Roster>(stream, JsonOptions) ?? throw new InvalidDataException("The roster file is empty.");
        roster.Validate();
        return roster;
    }

    public RosterPayer? Payer(string? payerId) =>
        Payers.Find(p => string.Equals(p.Id, payerId?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The subscriber with this member id at this payer.</summary>
    public RosterMember? Subscriber(string payerId, string? memberId) =>
        Members.Find(m => string.Equals(m.PayerId, payerId, StringComparison.OrdinalIgnoreCase) && string.Equals(m.MemberId, memberId?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A dependent that has its own member id at this payer, with their subscriber.</summary>
    public (RosterMember Subscriber, RosterDependent Dependent)? DependentById(string payerId, string? memberId)
    {
        foreach (var m in Members.Where(m => string.Equals(m.PayerId, payerId, StringComparison.OrdinalIgnoreCase)))
        {
            var d = m.Dependents.Find(d => d.MemberId is not null && string.Equals(d.MemberId, memberId?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (d is not null) return (m, d);
        }
        return null;
    }

    private void Validate()
    {
        foreach (var m in Members)
        {
            if (Payer(m.PayerId) is null) throw new InvalidDataException($"Roster member {m.MemberId} names unknown payer {m.PayerId}.");
            if (m.Profile is not null && !BenefitProfiles.ContainsKey(m.Profile)) throw new InvalidDataException($"Roster member {m.MemberId} names unknown profile {m.Profile}.");
        }
    }
}

public sealed class RosterPayer
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Member ids that do not match are answered with AAA 72 (invalid member id).</summary>
    public string? MemberIdPattern { get; init; }

    public bool AcceptsMemberIdFormat(string? memberId) =>
        MemberIdPattern is null || (memberId is not null && Regex.IsMatch(memberId.Trim(), MemberIdPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
}

public sealed class RosterMember
{
    /// <summary>What this member demonstrates (active, inactive, dependent, unavailable, slow...). Shown by /sandbox/roster.</summary>
    public required string Scenario { get; init; }

    public required string PayerId { get; init; }

    public required string MemberId { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public string? MiddleName { get; init; }

    public DateOnly DateOfBirth { get; init; }

    /// <summary>M, F or U.</summary>
    public string Gender { get; init; } = "U";

    public string? GroupNumber { get; init; }

    public string? GroupName { get; init; }

    public string? PlanName { get; init; }

    /// <summary>EB04 insurance type (PR PPO, HM HMO...).</summary>
    public string? InsuranceType { get; init; }

    /// <summary>"active" or "inactive".</summary>
    public string Status { get; init; } = "active";

    public DateOnly? PlanBegin { get; init; }

    public DateOnly? PlanEnd { get; init; }

    public string? Profile { get; init; }

    public List<RosterDependent> Dependents { get; init; } = [];

    /// <summary>An AAA this member always gets (e.g. 72 invalid member id).</summary>
    public RosterRejection? Reject { get; init; }

    /// <summary>The first N inquiries for this member are answered AAA 42 (payer unavailable); then it recovers.</summary>
    public int UnavailableTimes { get; init; }

    /// <summary>The first <see cref="FailTimes"/> inquiries are answered with this HTTP status (e.g. 500).</summary>
    public int? FailWithStatus { get; init; }

    public int FailTimes { get; init; }

    /// <summary>How long to wait before answering.</summary>
    public int DelayMs { get; init; }

    /// <summary>Primary care provider on file (HMO): answered as EB*L with a 2120 loop.</summary>
    public RosterProvider? PrimaryCareProvider { get; init; }
}

public sealed class RosterDependent
{
    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public DateOnly DateOfBirth { get; init; }

    public string Gender { get; init; } = "U";

    /// <summary>INS02: 01 spouse, 19 child, 34 other adult.</summary>
    public string Relationship { get; init; } = "19";

    /// <summary>Set when the payer gives this dependent their own member id (then they can be asked about as a subscriber).</summary>
    public string? MemberId { get; init; }
}

public sealed class RosterRejection
{
    public required string Code { get; init; }

    public string FollowUp { get; init; } = "C";

    /// <summary>"payer", "provider", "subscriber" (default) or "dependent".</summary>
    public string Loop { get; init; } = "subscriber";
}

public sealed class RosterProvider
{
    public string? FirstName { get; init; }

    public required string LastName { get; init; }

    public required string Npi { get; init; }
}

/// <summary>One EB line of a benefit profile.</summary>
public sealed class RosterBenefit
{
    /// <summary>EB01: A coinsurance, B copay, C deductible, G out of pocket, F limitation, I non-covered...</summary>
    public required string Code { get; init; }

    public string? Level { get; init; }

    public List<string> ServiceTypes { get; init; } = [];

    /// <summary>EB06: 23 calendar year, 29 remaining, 27 visit.</summary>
    public string? Period { get; init; }

    public decimal? Amount { get; init; }

    /// <summary>EB08 as a fraction (0.2 is 20%).</summary>
    public decimal? Percent { get; init; }

    /// <summary>EB11 Y/N.</summary>
    public string? Auth { get; init; }

    /// <summary>EB12 Y in, N out, W both.</summary>
    public string? Network { get; init; }

    public List<string> Messages { get; init; } = [];

    /// <summary>EB04, when this line belongs to one part of the insurance (MA Medicare Part A, MB Part B).</summary>
    public string? InsuranceType { get; init; }

    /// <summary>EB09 (VS visits, DY days...) with <see cref="Quantity"/> (EB10).</summary>
    public string? QuantityQualifier { get; init; }

    public decimal? Quantity { get; init; }

    /// <summary>EB13 as "HC:70551" (qualifier, code, modifiers separated by colons).</summary>
    public string? Procedure { get; init; }

    /// <summary>DTP segments of the EB loop: qualifier (348 benefit begin, 349 benefit end, 292 benefit...) and date(s) yyyy-MM-dd.</summary>
    public List<RosterDate> Dates { get; init; } = [];

    /// <summary>HSD segments of the EB loop.</summary>
    public List<RosterDelivery> Deliveries { get; init; } = [];
}

/// <summary>One DTP: a date, or a range when <see cref="End"/> is set.</summary>
public sealed class RosterDate
{
    public required string Qualifier { get; init; }

    public DateOnly Start { get; init; }

    public DateOnly? End { get; init; }
}

/// <summary>One HSD: e.g. 20 visits (VS) per calendar year (period 23), or 1 per 3 months (period 34, periods 3).</summary>
public sealed class RosterDelivery
{
    public required string QuantityQualifier { get; init; }

    public decimal Quantity { get; init; }

    public string? Period { get; init; }

    public int? Periods { get; init; }
}

/// <summary>Scripted prior-authorization answers: a scenario per service code, a default for the rest.</summary>
public sealed class RosterAuthorizations
{
    /// <summary>Scenario for codes not listed: approve, pend-approve, pend-deny, modify-units, deny, silent, fail-then-approve, no-action.</summary>
    public string Default { get; init; } = "approve";

    /// <summary>How long a pended request waits before the payer decides (pend-approve, pend-deny).</summary>
    public int PendDelayMs { get; init; } = 3000;

    public Dictionary<string, RosterServiceScenario> Services { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class RosterServiceScenario
{
    public required string Scenario { get; init; }

    /// <summary>fail-then-approve: how many requests answer 503 first.</summary>
    public int FailTimes { get; init; } = 2;

    /// <summary>Overrides <see cref="RosterAuthorizations.PendDelayMs"/> for this service.</summary>
    public int? PendDelayMs { get; init; }
}
