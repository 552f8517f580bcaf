using System.Globalization;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Prices;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Estimates;

/// <summary>Whether a service is part of an inpatient admission (Medicare Part A, DRG rates) or an outpatient visit.</summary>
public enum ServiceSetting
{
    Outpatient,
    Inpatient,
}

/// <summary>Whether the hospital is in the patient's plan's network.</summary>
public enum NetworkStatus
{
    /// <summary>In network when the price file has negotiated rates for the payer and plan (or there is no price file).</summary>
    FromPriceList,
    InNetwork,
    OutOfNetwork,
}

/// <summary>One service to estimate.</summary>
/// <param name="ServiceType">EB03 service type to read benefits for; derived from the code when null (99213 → 98, 70551 → 62).</param>
public sealed record ServiceLine(
    BillingCode Code,
    int Units = 1,
    ServiceSetting Setting = ServiceSetting.Outpatient,
    string? ServiceType = null,
    string? Description = null);

/// <summary>An allowed amount someone gave for a code (the CLI's --allowed CODE=AMOUNT, a counselor's quote).</summary>
public sealed record AllowedOverride(BillingCode Code, decimal Amount, string GivenBy);

/// <summary>The payer and plan as the 271 names them; price file rows are matched on these names.</summary>
public sealed record EstimatePayer(string? PayerId, string? PayerName, string? PlanName);

/// <summary>Choices an estimate makes where the 271 is silent. Defaults are what a financial counselor would assume.</summary>
/// <param name="CopayWaivesDeductible">A service with a copay is not subject to the plan-level deductible and coinsurance
/// (only to ones the payer sent for that service type itself).</param>
/// <param name="MedicarePartBCoinsurance">Part B coinsurance when the 271 sends none (20 %, 42 CFR 410.152).</param>
public sealed record EstimateOptions(bool CopayWaivesDeductible = true, decimal MedicarePartBCoinsurance = 0.20m)
{
    public static EstimateOptions Default { get; } = new();
}

/// <summary>What an estimate is asked: the services, the date, who pays (null: self-pay) with the 271's benefits, the prices.</summary>
public sealed record EstimateRequest(
    IReadOnlyList<ServiceLine> Lines,
    DateOnly ServiceDate,
    EstimatePayer? Payer,
    PatientBenefits? Benefits,
    PriceList? Prices,
    IReadOnlyList<AllowedOverride>? Allowed = null,
    NetworkStatus Network = NetworkStatus.FromPriceList,
    EstimateOptions? Options = null);

/// <summary>How the patient's part is worked out.</summary>
public enum EstimateKind
{
    /// <summary>Commercial plan: copay, deductible, coinsurance, out-of-pocket maximum.</summary>
    Insured,

    /// <summary>Original Medicare: Part B 20 % after its deductible, Part A deductible for an inpatient stay.</summary>
    Medicare,

    /// <summary>Medicaid: nominal copays only.</summary>
    Medicaid,

    /// <summary>Uninsured or not using insurance: the expected charge (discounted cash price), a Good Faith Estimate.</summary>
    SelfPay,
}

public enum EstimateStatus
{
    /// <summary>Every line has a patient amount.</summary>
    Complete,

    /// <summary>At least one line lacks an input (allowed amount, benefits); <see cref="PatientEstimate.Missing"/> says which.</summary>
    NotEnoughInformation,
}

/// <summary>What a step of a line's estimate is.</summary>
public enum StepKind
{
    Allowed,
    NonCovered,
    Copay,
    Deductible,
    Coinsurance,

    /// <summary>How much the remaining out-of-pocket maximum took off the patient's part (a negative amount).</summary>
    OutOfPocketMaximum,
    SelfPay,
}

/// <summary>Where a number came from.</summary>
public enum SourceKind
{
    /// <summary>An EB loop of the 271.</summary>
    Eligibility,

    /// <summary>A row of the hospital's standard-charges file.</summary>
    PriceFile,

    /// <summary>Given by a person (CLI --allowed).</summary>
    Operator,

    /// <summary>A rule of the program (Medicare Part B 20 %, Medicaid nominal copays) or of this estimator.</summary>
    Rule,
}

public sealed record EstimateSource(SourceKind Kind, string Reference)
{
    public static EstimateSource Of(Benefit benefit)
    {
        ArgumentNullException.ThrowIfNull(benefit);
        return new(SourceKind.Eligibility, benefit.Source.ToString());
    }

    public override string ToString() => Reference;
}

/// <summary>One number of a line (amounts in dollars, rounded to cents) with how it was reached and from what.</summary>
public sealed record EstimateStep(StepKind Kind, decimal Amount, string Explanation, IReadOnlyList<EstimateSource> Sources);

/// <summary>The estimate of one service line.</summary>
/// <param name="Allowed">What the plan allows (or the self-pay expected charge); null when unknown.</param>
/// <param name="Basis">Which link of the fallback chain gave <paramref name="Allowed"/>.</param>
/// <param name="PatientPays">Copay + deductible + coinsurance after the out-of-pocket cap, the allowed amount for a
/// non-covered service, the expected charge for self-pay; null when not enough information.</param>
public sealed record LineEstimate(
    int Number,
    BillingCode Code,
    int Units,
    ServiceSetting Setting,
    string? ServiceType,
    string? Description,
    NetworkTier Network,
    bool Covered,
    decimal? Allowed,
    AllowedBasis? Basis,
    decimal? PatientPays,
    decimal? PlanPays,
    IReadOnlyList<EstimateStep> Steps,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Assumptions)
{
    /// <summary>The sum of this line's steps of one kind (0.00 when it has none).</summary>
    public decimal Part(StepKind kind) => Steps.Where(s => s.Kind == kind).Sum(s => s.Amount) + 0.00m;
}

/// <summary>A deductible or out-of-pocket balance before and after this estimate's lines used it.</summary>
public sealed record AccumulatorUse(string Name, decimal RemainingBefore, decimal RemainingAfter, IReadOnlyList<EstimateSource> Sources);

/// <summary>
/// The estimate kept on the registration, by the clearance step that computed it (a retried step finds it and
/// changes nothing). Self-pay estimates carry their Good Faith Estimate when one could be built.
/// </summary>
public sealed record EstimateRecord(string StepKey, string EstimateId, DateTimeOffset ComputedAt, PatientEstimate Estimate, GoodFaithEstimate? GoodFaithEstimate);

/// <summary>
/// What the patient is expected to owe, line by line, with every number's sources and the assumptions made.
/// "Not enough information" is an answer: <see cref="Status"/> says so and <see cref="Missing"/> says what is missing.
/// </summary>
public sealed record PatientEstimate(
    EstimateKind Kind,
    EstimateStatus Status,
    DateOnly ServiceDate,
    string? PayerName,
    string? PlanName,
    IReadOnlyList<LineEstimate> Lines,
    decimal? Total,
    IReadOnlyList<AccumulatorUse> Accumulators,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Assumptions,
    string Rounding = PatientEstimate.RoundingRule)
{
    /// <summary>How amounts are rounded, stated on every estimate.</summary>
    public const string RoundingRule = "Amounts are rounded to the cent, half away from zero, at each step of each line; the total is the sum of the rounded lines.";

    /// <summary>The sum of the lines that have an amount (the whole total when <see cref="Status"/> is Complete).</summary>
    public decimal KnownTotal() => Lines.Sum(l => l.PatientPays ?? 0m);
}

/// <summary>Money arithmetic of the estimate: cents, half away from zero.</summary>
public static class Money
{
    /// <summary>To the cent, half away from zero; always with two decimals (150.00, not 150) so amounts print as money.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;

    public static string Format(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
