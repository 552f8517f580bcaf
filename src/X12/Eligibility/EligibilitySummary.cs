namespace PatientAccess.X12.Eligibility;

/// <summary>Whether the member has coverage according to the 271.</summary>
public enum CoverageStatus
{
    /// <summary>No EB saying active or inactive (and no rejection).</summary>
    Unknown,

    /// <summary>EB01 1-5 for plan coverage (30) or any service.</summary>
    Active,

    /// <summary>EB01 6-8 and no active EB.</summary>
    Inactive,

    /// <summary>The request was rejected (AAA) and no benefits came back.</summary>
    Rejected,
}

/// <summary>EB02 reduced to what an estimate needs.</summary>
public enum BenefitLevel
{
    NotSpecified,
    Individual,
    Family,

    /// <summary>Employee and spouse, spouse only, children only...: the code is in <see cref="BenefitValue.CoverageLevelCode"/>.</summary>
    Other,
}

/// <summary>EB12.</summary>
public enum NetworkScope
{
    NotSpecified,
    InNetwork,
    OutOfNetwork,

    /// <summary>W: applies in and out of network.</summary>
    Both,
    Unknown,
}

/// <summary>Whether an amount is the period's total or what is left of it (EB06 29 remaining, 33 lifetime remaining).</summary>
public enum AmountKind
{
    Total,
    Remaining,
}

/// <summary>Where in the 271 an AAA was found.</summary>
public enum AaaLocation
{
    /// <summary>2000A / 2100A.</summary>
    Payer,

    /// <summary>2000B / 2100B.</summary>
    Provider,

    /// <summary>2000C / 2100C.</summary>
    Subscriber,

    /// <summary>2000D / 2100D.</summary>
    Dependent,

    /// <summary>2110 (with the EB's service types).</summary>
    Benefit,
}

/// <summary>The semantic view of a 271: one entry per member level that the payer answered for, plus every AAA.</summary>
public sealed record EligibilitySummary
{
    public string? PayerName { get; init; }

    public string? PayerId { get; init; }

    public IReadOnlyList<MemberEligibility> Members { get; init; } = [];

    /// <summary>Every AAA in the 271, at every level.</summary>
    public IReadOnlyList<AaaIssue> Issues { get; init; } = [];

    /// <summary>True when any AAA is transient (42, 79, 80): retry with backoff.</summary>
    public bool IsTransientFailure => Issues.Any(i => i.Classification == AaaClassification.Transient);

    /// <summary>True when any AAA is member-not-found style (72, 73, 75, 65, 67...): re-query with alternate identity.</summary>
    public bool IsIdentityMismatch => Issues.Any(i => i.Classification == AaaClassification.IdentityMismatch);

    /// <summary>The patient: the dependent when there is one, else the subscriber.</summary>
    public MemberEligibility? Patient => Members.LastOrDefault(m => m.IsDependent) ?? (Members.Count > 0 ? Members[0] : null);
}

/// <summary>One subscriber or dependent and their benefits.</summary>
public sealed record MemberEligibility
{
    public bool IsDependent { get; init; }

    public string? MemberId { get; init; }

    public string? LastName { get; init; }

    public string? FirstName { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    /// <summary>TRN02 values (our trace echoed back as type 2).</summary>
    public IReadOnlyList<string> TraceNumbers { get; init; } = [];

    public CoverageStatus Status { get; init; }

    /// <summary>From DTP 346/356/307/291 (begin) and 347/357/307/291 (end) on the member or the plan-level EB.</summary>
    public DateOnly? CoverageStart { get; init; }

    public DateOnly? CoverageEnd { get; init; }

    /// <summary>EB05 of the active plan EB, or REF*18 description.</summary>
    public string? PlanName { get; init; }

    /// <summary>REF*18 plan number.</summary>
    public string? PlanNumber { get; init; }

    /// <summary>REF*6P group number (or 1L group/policy).</summary>
    public string? GroupNumber { get; init; }

    /// <summary>REF*6P / 1L description: the group name.</summary>
    public string? GroupName { get; init; }

    /// <summary>EB04 of the active plan EB (HM HMO, PR PPO, MB Medicare B...).</summary>
    public string? InsuranceTypeCode { get; init; }

    /// <summary>Benefits per EB03 service type, in the order first seen.</summary>
    public IReadOnlyList<ServiceBenefits> Services { get; init; } = [];

    /// <summary>AAA on this member's level and its benefits.</summary>
    public IReadOnlyList<AaaIssue> Issues { get; init; } = [];

    /// <summary>Primary care provider named in an EB L loop (2120), if any.</summary>
    public string? PrimaryCareProvider { get; init; }

    public ServiceBenefits? Service(string serviceTypeCode) =>
        Services.FirstOrDefault(s => string.Equals(s.ServiceTypeCode, serviceTypeCode, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Benefits for one service type (EB03). An EB without EB03 counts as plan level (30).</summary>
public sealed record ServiceBenefits
{
    public required string ServiceTypeCode { get; init; }

    public string? ServiceTypeName { get; init; }

    /// <summary>True for EB01 1-5, false for 6-8 or I (non-covered), null when neither was sent.</summary>
    public bool? Covered { get; init; }

    /// <summary>EB11 across this service's EBs: true if any says Y, false if any says N and none Y.</summary>
    public bool? AuthorizationRequired { get; init; }

    /// <summary>EB01 B.</summary>
    public IReadOnlyList<BenefitValue> Copays { get; init; } = [];

    /// <summary>EB01 A (values are fractions: 0.2 is 20%).</summary>
    public IReadOnlyList<BenefitValue> Coinsurance { get; init; } = [];

    /// <summary>EB01 C.</summary>
    public IReadOnlyList<BenefitValue> Deductibles { get; init; } = [];

    /// <summary>EB01 G.</summary>
    public IReadOnlyList<BenefitValue> OutOfPocket { get; init; } = [];

    /// <summary>EB01 F (visits, days, dollars).</summary>
    public IReadOnlyList<BenefitValue> Limitations { get; init; } = [];

    /// <summary>MSG texts of this service's EBs.</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>EB01 codes seen that are not summarised above (kept, never dropped).</summary>
    public IReadOnlyList<string> OtherInformationCodes { get; init; } = [];

    /// <summary>The first value matching level, network and kind (NotSpecified network matches any).</summary>
    public static BenefitValue? Find(IReadOnlyList<BenefitValue> values, BenefitLevel level, NetworkScope network, AmountKind kind)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.FirstOrDefault(v => v.Level == level && v.Kind == kind && v.Network == network)
            ?? values.FirstOrDefault(v => v.Level == level && v.Kind == kind && v.Network is NetworkScope.NotSpecified or NetworkScope.Both);
    }

    public BenefitValue? Deductible(BenefitLevel level, NetworkScope network, AmountKind kind) => Find(Deductibles, level, network, kind);

    public BenefitValue? OutOfPocketValue(BenefitLevel level, NetworkScope network, AmountKind kind) => Find(OutOfPocket, level, network, kind);

    public BenefitValue? Copay(NetworkScope network) =>
        Copays.FirstOrDefault(v => v.Network == network) ?? Copays.FirstOrDefault(v => v.Network is NetworkScope.NotSpecified or NetworkScope.Both);

    public BenefitValue? CoinsuranceValue(NetworkScope network) =>
        Coinsurance.FirstOrDefault(v => v.Network == network) ?? Coinsurance.FirstOrDefault(v => v.Network is NetworkScope.NotSpecified or NetworkScope.Both);
}

/// <summary>One amount, percent or quantity from an EB, with its qualifiers decoded.</summary>
public sealed record BenefitValue
{
    /// <summary>EB07.</summary>
    public decimal? Amount { get; init; }

    /// <summary>EB08 as a fraction.</summary>
    public decimal? Percent { get; init; }

    /// <summary>EB10 with EB09 qualifier.</summary>
    public decimal? Quantity { get; init; }

    public string? QuantityQualifier { get; init; }

    public BenefitLevel Level { get; init; }

    public string? CoverageLevelCode { get; init; }

    public NetworkScope Network { get; init; }

    public AmountKind Kind { get; init; }

    /// <summary>EB06 code and its meaning.</summary>
    public string? TimePeriodCode { get; init; }

    public string? TimePeriod { get; init; }

    /// <summary>EB05 plan coverage description.</summary>
    public string? Description { get; init; }

    /// <summary>EB11 of this EB.</summary>
    public bool? AuthorizationRequired { get; init; }

    public IReadOnlyList<string> Messages { get; init; } = [];
}

/// <summary>An AAA with its meaning, classification and what to do, in plain words.</summary>
public sealed record AaaIssue
{
    public AaaLocation Location { get; init; }

    /// <summary>AAA01: false when the payer says the request was invalid.</summary>
    public bool ValidRequest { get; init; }

    public required string ReasonCode { get; init; }

    public required string Reason { get; init; }

    public string? FollowUpCode { get; init; }

    public required string FollowUp { get; init; }

    public AaaClassification Classification { get; init; }

    /// <summary>Plain-words remediation for a person.</summary>
    public required string Remediation { get; init; }

    /// <summary>EB03 service types when the AAA is in a 2110 loop.</summary>
    public IReadOnlyList<string> ServiceTypeCodes { get; init; } = [];
}
