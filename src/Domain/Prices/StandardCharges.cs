using System.Globalization;
using PatientAccess.Domain.Common;

namespace PatientAccess.Domain.Prices;

/// <summary>Where a standard charge applies (CMS template "setting").</summary>
public enum ChargeSetting
{
    Inpatient,
    Outpatient,
    Both,
}

/// <summary>CMS template "billing_class" (optional).</summary>
public enum BillingClass
{
    Professional,
    Facility,
    Both,
}

/// <summary>CMS template "standard_charge | methodology": how a payer-specific negotiated charge was established.</summary>
public enum ChargeMethodology
{
    CaseRate,
    FeeSchedule,
    PercentOfTotalBilledCharges,
    PerDiem,
    Other,
}

/// <summary>The CMS template's words for each methodology.</summary>
public static class ChargeMethodologies
{
    public static string Describe(ChargeMethodology methodology) => methodology switch
    {
        ChargeMethodology.CaseRate => "case rate",
        ChargeMethodology.FeeSchedule => "fee schedule",
        ChargeMethodology.PercentOfTotalBilledCharges => "percent of total billed charges",
        ChargeMethodology.PerDiem => "per diem",
        _ => "other",
    };
}

/// <summary>
/// A billing code with its CMS template code type (CPT, HCPCS, MS-DRG, RC, NDC...). Codes compare case-insensitively
/// and without surrounding spaces.
/// </summary>
public sealed record BillingCode
{
    /// <summary>The code types the CMS hospital price transparency template v2 accepts.</summary>
    public static readonly IReadOnlyList<string> KnownTypes =
    [
        "CPT", "HCPCS", "ICD", "DRG", "MS-DRG", "R-DRG", "S-DRG", "APS-DRG", "AP-DRG", "APR-DRG", "TRIS-DRG",
        "APC", "NDC", "HIPPS", "LOCAL", "EAPG", "CDT", "RC", "CDM",
    ];

    public BillingCode(string code, string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Code = code.Trim().ToUpperInvariant();
        Type = type.Trim().ToUpperInvariant();
    }

    public string Code { get; }

    public string Type { get; }

    public bool IsDrg => Type.EndsWith("DRG", StringComparison.Ordinal);

    public static bool IsKnownType(string? type) => type is not null && KnownTypes.Contains(type.Trim().ToUpperInvariant());

    /// <summary>
    /// "99213" (CPT), "G0121" (HCPCS), or "TYPE:CODE" for any other type ("MS-DRG:470", "RC:0450"). False for
    /// anything else.
    /// </summary>
    public static bool TryParse(string? text, out BillingCode? code)
    {
        code = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        var colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var type = t[..colon];
            var value = t[(colon + 1)..];
            if (!IsKnownType(type) || string.IsNullOrWhiteSpace(value)) return false;
            code = new BillingCode(value, type);
            return true;
        }
        if (!Registrations.ProcedureCode.TryCreate(t, out var procedure)) return false;
        code = From(procedure);
        return true;
    }

    public static BillingCode From(Registrations.ProcedureCode procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return new BillingCode(procedure.Value, procedure.System == Registrations.ProcedureCodeSystem.Hcpcs ? "HCPCS" : "CPT");
    }

    /// <summary>Same code; CPT and HCPCS count as one family (HCPCS Level I is CPT).</summary>
    public bool Matches(BillingCode other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Code == other.Code && (Type == other.Type || (IsCptOrHcpcs(Type) && IsCptOrHcpcs(other.Type)));
    }

    public override string ToString() => Type is "CPT" or "HCPCS" ? Code : $"{Type}:{Code}";

    private static bool IsCptOrHcpcs(string type) => type is "CPT" or "HCPCS";
}

/// <summary>The general data elements of a standard-charges file (first rows of the CSV, root of the JSON).</summary>
public sealed record HospitalInfo(
    string Name,
    DateOnly LastUpdatedOn,
    string Version,
    IReadOnlyList<string> Locations,
    IReadOnlyList<string> Addresses,
    string? LicenseNumber,
    string? LicenseState,
    bool Affirmed,
    string? FinancialAidPolicy = null);

/// <summary>One payer-and-plan negotiated charge of a standard charge.</summary>
/// <param name="Percentage">A percentage as the template writes it: 70.5 is 70.5 %.</param>
public sealed record NegotiatedCharge(
    string PayerName,
    string PlanName,
    decimal? Dollar,
    decimal? Percentage,
    string? Algorithm,
    decimal? EstimatedAmount,
    ChargeMethodology? Methodology,
    string? Notes)
{
    /// <summary>
    /// Payer and plan names compare without case, underscores (wide CSV headers) or repeated spaces. Without a plan name
    /// (a 271 that names none, as Original Medicare's) every plan of the payer matches.
    /// </summary>
    public bool IsFor(string? payerName, string? planName) =>
        SameName(PayerName, payerName) && (planName is null || SameName(PlanName, planName));

    public static bool SameName(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string name) =>
        string.Join(' ', name.Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>
/// One item or service of the file with its charges: a CSV row (tall: at most one payer and plan per row; wide: every
/// payer and plan of the header) or a JSON standard charge object.
/// </summary>
/// <param name="Line">The line of the file where this charge starts (CSV row, JSON object), for errors and sources.</param>
public sealed record StandardCharge(
    int Line,
    string Description,
    IReadOnlyList<BillingCode> Codes,
    IReadOnlyList<string> Modifiers,
    ChargeSetting Setting,
    BillingClass? BillingClass,
    decimal? GrossCharge,
    decimal? DiscountedCash,
    decimal? Minimum,
    decimal? Maximum,
    IReadOnlyList<NegotiatedCharge> Negotiated,
    string? Notes = null,
    string? DrugUnit = null,
    string? DrugType = null)
{
    public bool AppliesTo(Estimates.ServiceSetting setting) => Setting switch
    {
        ChargeSetting.Both => true,
        ChargeSetting.Inpatient => setting == Estimates.ServiceSetting.Inpatient,
        _ => setting == Estimates.ServiceSetting.Outpatient,
    };
}

/// <summary>A hospital's standard charges, loaded and checked against the CMS template.</summary>
/// <param name="Source">The file name, as sources name it ("standard-charges.csv line 12").</param>
public sealed record PriceList(string Source, HospitalInfo Hospital, IReadOnlyList<StandardCharge> Charges)
{
    /// <summary>Charges for <paramref name="code"/> in <paramref name="setting"/> without modifiers (modifier rows adjust other rows).</summary>
    public IReadOnlyList<StandardCharge> For(BillingCode code, Estimates.ServiceSetting setting)
    {
        ArgumentNullException.ThrowIfNull(code);
        return [.. Charges.Where(c => c.Modifiers.Count == 0 && c.AppliesTo(setting) && c.Codes.Any(x => x.Matches(code)))];
    }

    /// <summary>True when any charge has a negotiated rate for this payer and plan (the hospital is in that plan's network).</summary>
    public bool HasContract(string? payerName, string? planName) =>
        Charges.Any(c => c.Negotiated.Any(n => n.IsFor(payerName, planName)));

    /// <summary>"standard-charges.csv line 12".</summary>
    public string Where(StandardCharge charge)
    {
        ArgumentNullException.ThrowIfNull(charge);
        return $"{Source} line {charge.Line.ToString(CultureInfo.InvariantCulture)}";
    }
}

/// <summary>One rule of the CMS template a file breaks, with the line it is on.</summary>
/// <param name="Field">The column header (CSV) or JSON path of the element.</param>
public sealed record PriceFileError(int Line, string Field, string Message)
{
    public override string ToString() => $"line {Line.ToString(CultureInfo.InvariantCulture)}: {Field}: {Message}";
}

/// <summary>The standard-charges file breaks the CMS template's rules; every error names its line.</summary>
public sealed class PriceFileException(string fileName, IReadOnlyList<PriceFileError> errors)
    : DomainException($"{fileName} is not a valid CMS standard-charges file: {errors.Count} error(s); first: {(errors.Count > 0 ? errors[0].ToString() : "none")}")
{
    public string FileName { get; } = fileName;

    public IReadOnlyList<PriceFileError> Errors { get; } = errors;
}
