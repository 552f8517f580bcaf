using System.Globalization;
using System.Text;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Eligibility;

/// <summary>EB01 as an estimate reads it; the code as sent stays in <see cref="Benefit.InformationCode"/>.</summary>
public enum BenefitKind
{
    /// <summary>1-5: active coverage (capitated and pending investigation included).</summary>
    ActiveCoverage,

    /// <summary>6-8: inactive.</summary>
    InactiveCoverage,

    /// <summary>A: co-insurance (EB08).</summary>
    Coinsurance,

    /// <summary>B: co-payment (EB07).</summary>
    Copay,

    /// <summary>C: deductible (EB07 with EB06 saying total, remaining or met so far).</summary>
    Deductible,

    /// <summary>G: out-of-pocket (stop loss) maximum.</summary>
    OutOfPocket,

    /// <summary>F: limitations (visits, days, dollars).</summary>
    Limitation,

    /// <summary>I: non-covered.</summary>
    NonCovered,

    /// <summary>L: primary care provider.</summary>
    PrimaryCareProvider,

    /// <summary>Anything else (R other payer, U contact, V cannot process, CB, D, E...).</summary>
    Other,
}

/// <summary>EB02 coverage level.</summary>
public enum CoverageLevel
{
    NotSpecified,
    Individual,
    Family,
    EmployeeOnly,
    EmployeeAndSpouse,
    EmployeeAndChildren,
    SpouseAndChildren,
    SpouseOnly,
    ChildrenOnly,
    DependentsOnly,
}

/// <summary>EB06 time period qualifier; the code as sent stays in <see cref="Benefit.TimePeriodCode"/>.</summary>
public enum BenefitPeriod
{
    NotSpecified,
    Hour,
    Day,
    TwentyFourHours,
    Years,
    ServiceYear,
    CalendarYear,

    /// <summary>24: the amount is what was met so far this year (remaining = total − met).</summary>
    YearToDate,
    Contract,

    /// <summary>26: per episode, e.g. Medicare Part A's benefit period.</summary>
    Episode,
    Visit,
    Outlier,

    /// <summary>29: what is left of the period's amount.</summary>
    Remaining,
    Exceeded,
    NotExceeded,
    Lifetime,

    /// <summary>33: what is left of the lifetime amount.</summary>
    LifetimeRemaining,
    Month,
    Week,
    Admission,
    Other,
}

/// <summary>Where in the 271 a benefit came from: loop 2110C (subscriber) or 2110D (dependent) and the EB's number in it.</summary>
/// <param name="Loop">"2110C" or "2110D".</param>
/// <param name="Sequence">1 for the member's first EB, 2 for the second...</param>
/// <param name="Segment">The EB as an X12 segment (EB01..EB13), so a specialist can find it in the 271.</param>
public sealed record BenefitSource(string Loop, int Sequence, string Segment)
{
    public override string ToString() => $"271 {Loop} EB #{Sequence.ToString(CultureInfo.InvariantCulture)} ({Segment})";
}

/// <summary>EB13: the procedure a benefit is limited to (qualifier HC for CPT/HCPCS, AD for ADA, N4 for NDC...).</summary>
public sealed record BenefitProcedure(string Qualifier, string Code, IReadOnlyList<string> Modifiers)
{
    public bool Matches(string code) => string.Equals(Code.Trim(), code.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>A DTP of the EB loop: qualifier (291 plan, 292 benefit, 348 benefit begin, 349 benefit end, 304 latest visit...) and its date or range.</summary>
public sealed record BenefitDate(string Qualifier, DateOnly Start, DateOnly? End = null)
{
    /// <summary>DTP qualifiers that bound when a benefit applies.</summary>
    public bool LimitsValidity => Qualifier is "292" or "348" or "349" or "346" or "347" or "291" or "307" or "356" or "357";

    /// <summary>False when this date says the benefit does not apply on <paramref name="date"/>.</summary>
    public bool Allows(DateOnly date) => Qualifier switch
    {
        "348" or "346" or "356" => date >= Start,
        "349" or "347" or "357" => date <= (End ?? Start),
        "292" or "291" or "307" => End is null ? true : date >= Start && date <= End.Value,
        _ => true,
    };
}

/// <summary>
/// HSD: how much of a service may be delivered, e.g. 30 visits (VS) per calendar year, or 1 per 3 months. Codes as
/// sent (HSD01 quantity qualifier, HSD03 unit, HSD05 period qualifier, HSD07 frequency, HSD08 pattern).
/// </summary>
public sealed record ServiceDeliveryLimit(
    string? QuantityQualifier,
    decimal? Quantity,
    string? UnitQualifier = null,
    decimal? SampleSelectionModulus = null,
    string? PeriodQualifier = null,
    int? PeriodCount = null,
    string? FrequencyCode = null,
    string? PatternTimeCode = null)
{
    public override string ToString()
    {
        var text = new StringBuilder("HSD");
        foreach (var part in new[]
        {
            QuantityQualifier, Quantity?.ToString(CultureInfo.InvariantCulture), UnitQualifier,
            SampleSelectionModulus?.ToString(CultureInfo.InvariantCulture), PeriodQualifier,
            PeriodCount?.ToString(CultureInfo.InvariantCulture), FrequencyCode, PatternTimeCode,
        })
        {
            text.Append('*').Append(part);
        }
        return text.ToString().TrimEnd('*');
    }
}

/// <summary>
/// One EB loop of a 271 with every qualifier an estimate needs, typed: what kind of benefit (EB01), for whom
/// (EB02), which services (EB03, EB13), which part of the insurance (EB04: Medicare Part A "MA" and Part B "MB"
/// have different deductibles), over which period (EB06), how much (EB07 amount, EB08 percent, EB09/EB10 quantity),
/// in or out of network (EB12), when (DTP) and how often (HSD). Build it with <see cref="FromCodes"/>.
/// </summary>
/// <param name="Percent">EB08 as a fraction, as X12 sends it: 0.2 is 20 %.</param>
public sealed record Benefit(
    BenefitKind Kind,
    string InformationCode,
    CoverageLevel Level,
    IReadOnlyList<string> ServiceTypes,
    string? InsuranceType,
    string? PlanCoverage,
    BenefitPeriod Period,
    string? TimePeriodCode,
    decimal? Amount,
    decimal? Percent,
    string? QuantityQualifier,
    decimal? Quantity,
    bool? AuthorizationRequired,
    NetworkTier Network,
    BenefitProcedure? Procedure,
    IReadOnlyList<BenefitDate> Dates,
    IReadOnlyList<ServiceDeliveryLimit> Limits,
    IReadOnlyList<string> Messages,
    BenefitSource Source)
{
    /// <summary>Service types an EB without EB03 covers: plan level.</summary>
    public static readonly IReadOnlyList<string> PlanLevel = [EligibilityServiceTypes.PlanCoverage];

    /// <summary>The typed benefit for an EB's codes; unknown codes map to Other / NotSpecified and stay as sent.</summary>
    public static Benefit FromCodes(
        BenefitSource source,
        string informationCode,
        string? coverageLevelCode = null,
        IReadOnlyList<string>? serviceTypes = null,
        string? insuranceType = null,
        string? planCoverage = null,
        string? timePeriodCode = null,
        decimal? amount = null,
        decimal? percent = null,
        string? quantityQualifier = null,
        decimal? quantity = null,
        string? authorizationRequired = null,
        string? inPlanNetwork = null,
        BenefitProcedure? procedure = null,
        IReadOnlyList<BenefitDate>? dates = null,
        IReadOnlyList<ServiceDeliveryLimit>? limits = null,
        IReadOnlyList<string>? messages = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(informationCode);
        var code = informationCode.Trim().ToUpperInvariant();
        return new Benefit(
            KindOf(code),
            code,
            LevelOf(coverageLevelCode),
            serviceTypes is { Count: > 0 } ? [.. serviceTypes.Select(s => s.Trim().ToUpperInvariant())] : PlanLevel,
            Blank(insuranceType)?.ToUpperInvariant(),
            Blank(planCoverage),
            PeriodOf(timePeriodCode),
            Blank(timePeriodCode),
            amount,
            percent,
            Blank(quantityQualifier)?.ToUpperInvariant(),
            quantity,
            Blank(authorizationRequired)?.ToUpperInvariant() switch { "Y" => true, "N" => false, _ => null },
            NetworkOf(inPlanNetwork),
            procedure,
            dates ?? [],
            limits ?? [],
            messages ?? [],
            source);
    }

    // Methods rather than computed properties: benefits are stored on the registration, and properties would be written too.

    /// <summary>True when the amount is what is left (EB06 29 remaining, 33 lifetime remaining).</summary>
    public bool IsRemaining() => Period is BenefitPeriod.Remaining or BenefitPeriod.LifetimeRemaining;

    /// <summary>True when the amount is what was met so far (EB06 24 year to date).</summary>
    public bool IsMetSoFar() => Period == BenefitPeriod.YearToDate;

    /// <summary>True for family-level amounts (EB02 FAM); employee-and-spouse and the like count as family accumulators too.</summary>
    public bool IsFamily() => Level is CoverageLevel.Family or CoverageLevel.EmployeeAndSpouse or CoverageLevel.EmployeeAndChildren or CoverageLevel.SpouseAndChildren;

    /// <summary>True when EB03 names <paramref name="serviceType"/> (an EB without EB03 names plan coverage, 30).</summary>
    public bool Covers(string serviceType) => ServiceTypes.Contains(serviceType, StringComparer.OrdinalIgnoreCase);

    /// <summary>False when a DTP of this EB says it does not apply on <paramref name="date"/>.</summary>
    public bool AppliesOn(DateOnly date) => Dates.Where(d => d.LimitsValidity).All(d => d.Allows(date));

    public override string ToString() => Source.ToString();

    public static BenefitKind KindOf(string code) => code switch
    {
        "1" or "2" or "3" or "4" or "5" => BenefitKind.ActiveCoverage,
        "6" or "7" or "8" => BenefitKind.InactiveCoverage,
        "A" => BenefitKind.Coinsurance,
        "B" => BenefitKind.Copay,
        "C" => BenefitKind.Deductible,
        "G" => BenefitKind.OutOfPocket,
        "F" => BenefitKind.Limitation,
        "I" => BenefitKind.NonCovered,
        "L" => BenefitKind.PrimaryCareProvider,
        _ => BenefitKind.Other,
    };

    public static CoverageLevel LevelOf(string? code) => Blank(code)?.ToUpperInvariant() switch
    {
        "IND" => CoverageLevel.Individual,
        "FAM" => CoverageLevel.Family,
        "EMP" => CoverageLevel.EmployeeOnly,
        "ESP" => CoverageLevel.EmployeeAndSpouse,
        "ECH" => CoverageLevel.EmployeeAndChildren,
        "SPC" => CoverageLevel.SpouseAndChildren,
        "SPO" => CoverageLevel.SpouseOnly,
        "CHD" => CoverageLevel.ChildrenOnly,
        "DEP" => CoverageLevel.DependentsOnly,
        _ => CoverageLevel.NotSpecified,
    };

    public static string? LevelCode(CoverageLevel level) => level switch
    {
        CoverageLevel.Individual => "IND",
        CoverageLevel.Family => "FAM",
        CoverageLevel.EmployeeOnly => "EMP",
        CoverageLevel.EmployeeAndSpouse => "ESP",
        CoverageLevel.EmployeeAndChildren => "ECH",
        CoverageLevel.SpouseAndChildren => "SPC",
        CoverageLevel.SpouseOnly => "SPO",
        CoverageLevel.ChildrenOnly => "CHD",
        CoverageLevel.DependentsOnly => "DEP",
        _ => null,
    };

    public static BenefitPeriod PeriodOf(string? code) => Blank(code) switch
    {
        null => BenefitPeriod.NotSpecified,
        "6" => BenefitPeriod.Hour,
        "7" => BenefitPeriod.Day,
        "13" => BenefitPeriod.TwentyFourHours,
        "21" => BenefitPeriod.Years,
        "22" => BenefitPeriod.ServiceYear,
        "23" => BenefitPeriod.CalendarYear,
        "24" => BenefitPeriod.YearToDate,
        "25" => BenefitPeriod.Contract,
        "26" => BenefitPeriod.Episode,
        "27" => BenefitPeriod.Visit,
        "28" => BenefitPeriod.Outlier,
        "29" => BenefitPeriod.Remaining,
        "30" => BenefitPeriod.Exceeded,
        "31" => BenefitPeriod.NotExceeded,
        "32" => BenefitPeriod.Lifetime,
        "33" => BenefitPeriod.LifetimeRemaining,
        "34" => BenefitPeriod.Month,
        "35" => BenefitPeriod.Week,
        "36" => BenefitPeriod.Admission,
        _ => BenefitPeriod.Other,
    };

    /// <summary>EB12: Y in network, N out of network, W both (not applicable), U or absent: unknown / both.</summary>
    public static NetworkTier NetworkOf(string? code) => Blank(code)?.ToUpperInvariant() switch
    {
        "Y" => NetworkTier.InNetwork,
        "N" => NetworkTier.OutOfNetwork,
        "U" => NetworkTier.Unknown,
        _ => NetworkTier.NotApplicable,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// The typed benefits of one 271 for the patient: the patient's own EB loops (2110C when the patient is the
/// subscriber, 2110D when a dependent) and, for a dependent, the subscriber's EB loops too (some payers put the
/// family accumulators there).
/// </summary>
/// <param name="InsuranceType">EB04 of the active plan-level EB: MA/MB Medicare Part A/B, MC Medicaid, PR PPO, HM HMO, PP personal payment...</param>
public sealed record PatientBenefits(
    bool PatientIsDependent,
    string? InsuranceType,
    IReadOnlyList<Benefit> Patient,
    IReadOnlyList<Benefit> Subscriber)
{
    public static PatientBenefits None { get; } = new(false, null, [], []);

    /// <summary>Every benefit an estimate may use: the patient's, then (for a dependent) the subscriber's family-level ones.</summary>
    public IEnumerable<Benefit> All() => PatientIsDependent ? Patient.Concat(Subscriber) : Patient;
}

/// <summary>EB04 insurance type codes an estimate treats differently.</summary>
public static class InsuranceTypes
{
    public const string MedicarePartA = "MA";
    public const string MedicarePartB = "MB";
    public const string MedicarePrimary = "MP";
    public const string Medicaid = "MC";
    public const string PersonalPayment = "PP";

    public static bool IsMedicare(string? code) => code?.Trim().ToUpperInvariant() is MedicarePartA or MedicarePartB or MedicarePrimary;

    public static bool IsMedicaid(string? code) => string.Equals(code?.Trim(), Medicaid, StringComparison.OrdinalIgnoreCase);
}
