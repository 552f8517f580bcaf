using PatientAccess.X12.Core;

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

    /// <summary>Envelope mismatches around the 271 (wrong SE01/SE02/GE/IEA): reported, the answer read all the same.</summary>
    public IReadOnlyList<X12EnvelopeError> EnvelopeErrors { get; init; } = [];

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

    /// <summary>
    /// Every coverage EB (EB01 1-8) typed: active or inactive, for which insurance type (Medicare Part A and Part B
    /// apart), which service types, and its DTP dates and range. Nothing here is merged into another entry.
    /// </summary>
    public IReadOnlyList<CoveragePeriod> Coverages { get; init; } = [];

    /// <summary>EB01 6-8 entries with their dates: periods without coverage (a Medicare 271's EB*6 with DTP*307 RD8).</summary>
    public IEnumerable<CoveragePeriod> InactivePeriods => Coverages.Where(c => !c.Active);

    /// <summary>The first active coverage for a Medicare part (EB*1 with EB04 MA or MB), if any.</summary>
    public CoveragePeriod? MedicareCoverage(MedicarePart part) => Coverages.FirstOrDefault(c => c.Active && c.MedicarePart == part);

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

    /// <summary>
    /// The first value matching level, network and kind (NotSpecified network matches any). Values that apply to one
    /// procedure only (EB13) are not the service's value and are skipped; find them by <see cref="BenefitValue.Procedure"/>.
    /// </summary>
    public static BenefitValue? Find(IReadOnlyList<BenefitValue> values, BenefitLevel level, NetworkScope network, AmountKind kind) =>
        Find(values, level, network, kind, null);

    /// <summary>As <see cref="Find(IReadOnlyList{BenefitValue}, BenefitLevel, NetworkScope, AmountKind)"/>, only values of one Medicare part (null: any).</summary>
    public static BenefitValue? Find(IReadOnlyList<BenefitValue> values, BenefitLevel level, NetworkScope network, AmountKind kind, MedicarePart? part)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.FirstOrDefault(v => v.Procedure is null && (part is null || v.MedicarePart == part) && v.Level == level && v.Kind == kind && v.Network == network)
            ?? values.FirstOrDefault(v => v.Procedure is null && (part is null || v.MedicarePart == part) && v.Level == level && v.Kind == kind && v.Network is NetworkScope.NotSpecified or NetworkScope.Both);
    }

    public BenefitValue? Deductible(BenefitLevel level, NetworkScope network, AmountKind kind) => Find(Deductibles, level, network, kind);

    /// <summary>A Medicare Part A or Part B deductible (EB04 MA/MB), never the other part's.</summary>
    public BenefitValue? Deductible(BenefitLevel level, NetworkScope network, AmountKind kind, MedicarePart part) => Find(Deductibles, level, network, kind, part);

    public BenefitValue? OutOfPocketValue(BenefitLevel level, NetworkScope network, AmountKind kind) => Find(OutOfPocket, level, network, kind);

    /// <summary>The service's copay (not a procedure-specific one) for a network.</summary>
    public BenefitValue? Copay(NetworkScope network) =>
        Copays.FirstOrDefault(v => v.Procedure is null && v.Network == network) ?? Copays.FirstOrDefault(v => v.Procedure is null && v.Network is NetworkScope.NotSpecified or NetworkScope.Both);

    public BenefitValue? CoinsuranceValue(NetworkScope network) =>
        Coinsurance.FirstOrDefault(v => v.Procedure is null && v.Network == network) ?? Coinsurance.FirstOrDefault(v => v.Procedure is null && v.Network is NetworkScope.NotSpecified or NetworkScope.Both);

    /// <summary>Every value (copay, coinsurance, deductible, out of pocket, limitation) that applies to one procedure (EB13).</summary>
    public IEnumerable<BenefitValue> ProcedureValues =>
        Copays.Concat(Coinsurance).Concat(Deductibles).Concat(OutOfPocket).Concat(Limitations).Where(v => v.Procedure is not null);
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

    /// <summary>EB04 insurance type as sent (MA Medicare Part A, MB Part B, HM HMO...).</summary>
    public string? InsuranceTypeCode { get; init; }

    /// <summary>EB04 MA or MB: a Medicare Part A deductible is not a Part B one.</summary>
    public MedicarePart MedicarePart { get; init; }

    /// <summary>EB13: the value applies to this procedure only, not to the whole service type.</summary>
    public ProcedureCode? Procedure { get; init; }

    /// <summary>HSD segments of the EB (visits, days, units per period).</summary>
    public IReadOnlyList<ServiceDelivery> Deliveries { get; init; } = [];

    /// <summary>
    /// The days the value applies to, from HSD: one HSD*DY with a range (21-100), or two HSD*DY segments (first and
    /// last day). Null when the EB gives no day range (a single HSD*DY count is in <see cref="Deliveries"/>).
    /// </summary>
    public DayRange? Days { get; init; }

    /// <summary>DTP of the EB (292 benefit period, 435 admission, 348/349 benefit begin/end...), with their ranges.</summary>
    public IReadOnlyList<DateReference> Dates { get; init; } = [];
}

/// <summary>A range of days (Medicare: copay for days 61-90 of a benefit period).</summary>
public sealed record DayRange(decimal From, decimal To);

/// <summary>One coverage EB (EB01 1-8): active or not, for which insurance type and services, over which dates.</summary>
public sealed record CoveragePeriod
{
    /// <summary>EB01 as sent.</summary>
    public required string InformationCode { get; init; }

    /// <summary>EB01 1-5.</summary>
    public bool Active { get; init; }

    public string? InsuranceTypeCode { get; init; }

    public MedicarePart MedicarePart { get; init; }

    /// <summary>EB03; empty when the EB names no service type.</summary>
    public IReadOnlyList<string> ServiceTypeCodes { get; init; } = [];

    /// <summary>EB05.</summary>
    public string? Description { get; init; }

    /// <summary>Start of the first DTP of the EB (307 eligibility, 291 plan, 356 eligibility begin...).</summary>
    public DateOnly? Start { get; init; }

    /// <summary>End of that DTP when it is a range (RD8), or of a 357/349 end date.</summary>
    public DateOnly? End { get; init; }

    public IReadOnlyList<DateReference> Dates { get; init; } = [];
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
