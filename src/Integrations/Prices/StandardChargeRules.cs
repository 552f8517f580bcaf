using System.Globalization;
using PatientAccess.Domain.Prices;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Integrations.Prices;

/// <summary>
/// The valid values and the conditional requirements of the CMS hospital price transparency template v2 (data
/// dictionary v2.2, "Conditional Requirements" 1-10), shared by the CSV and JSON readers. Element names in errors are
/// the format's own (a CSV header, a JSON path), through <see cref="FieldName"/>.
/// </summary>
internal static class StandardChargeRules
{
    public const string AffirmationText =
        "To the best of its knowledge and belief, the hospital has included all applicable standard charge information in accordance with the requirements of 45 CFR 180.50, and the information encoded is true, accurate, and complete as of the date indicated.";

    public static readonly IReadOnlyList<string> DrugTypes = ["GR", "ME", "ML", "UN", "F2", "EA", "GM"];

    /// <summary>The template's license states: the USPS codes without the armed forces (AA, AE, AP) and minor outlying islands (UM).</summary>
    public static readonly IReadOnlySet<string> States =
        PostalAddress.StateCodes.Where(s => s is not ("AA" or "AE" or "AP" or "UM")).ToHashSet(StringComparer.Ordinal);

    /// <summary>A template element, named the same way in every format's error messages (mapped to the format's field names).</summary>
    public enum Element
    {
        Description,
        Code,
        Setting,
        DrugUnit,
        DrugType,
        Gross,
        DiscountedCash,
        Minimum,
        Maximum,
        Modifiers,
        PayerName,
        PlanName,
        Dollar,
        Percentage,
        Algorithm,
        EstimatedAmount,
        Methodology,
        Notes,
    }

    /// <summary>Maps an element (of a payer's rate, for payer-specific ones) to the format's field name.</summary>
    public delegate string FieldName(Element element, NegotiatedCharge? rate);

    public static ChargeSetting? Setting(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "INPATIENT" => ChargeSetting.Inpatient,
        "OUTPATIENT" => ChargeSetting.Outpatient,
        "BOTH" => ChargeSetting.Both,
        _ => null,
    };

    public static BillingClass? Billing(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "PROFESSIONAL" => BillingClass.Professional,
        "FACILITY" => BillingClass.Facility,
        "BOTH" => BillingClass.Both,
        _ => null,
    };

    public static ChargeMethodology? Methodology(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "CASE RATE" => ChargeMethodology.CaseRate,
        "FEE SCHEDULE" => ChargeMethodology.FeeSchedule,
        "PERCENT OF TOTAL BILLED CHARGES" => ChargeMethodology.PercentOfTotalBilledCharges,
        "PER DIEM" => ChargeMethodology.PerDiem,
        "OTHER" => ChargeMethodology.Other,
        _ => null,
    };

    /// <summary>A CSV numeric cell: blank is null; otherwise a plain positive number (no currency sign, no thousands separator).</summary>
    public static decimal? Number(string? text, Action<string> error)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            if (value > 0) return value;
            error("must be a positive number (0 and negative numbers are not valid)");
            return null;
        }
        error("must be a plain number (no currency sign, thousands separator or text)");
        return null;
    }

    /// <summary>ISO 8601 (YYYY-MM-DD); CSV also takes M/D/YYYY and MM/DD/YYYY.</summary>
    public static DateOnly? Date(string? text, bool allowUsFormat) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? iso
        : allowUsFormat && DateOnly.TryParseExact(text?.Trim(), ["M/d/yyyy", "MM/dd/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var us) ? us
        : null;

    /// <summary>The conditional requirements on one parsed standard charge; <paramref name="hasNotes"/> says whether a rate has its explanation.</summary>
    public static void Check(StandardCharge c, FieldName name, Func<NegotiatedCharge, bool> hasNotes, Action<string, string> error)
    {
        var rates = c.Negotiated;
        bool Encoded(NegotiatedCharge n) => n.Dollar is not null || n.Percentage is not null || !string.IsNullOrWhiteSpace(n.Algorithm);

        if (string.IsNullOrWhiteSpace(c.Description)) error(name(Element.Description, null), "is required");
        if (c.Codes.Count == 0 && c.Modifiers.Count > 0)
        {
            // A modifier without an item or service has its own minimum (rule 9) instead of rules 1-7.
            if (!rates.Any(n => Encoded(n) || hasNotes(n)) && string.IsNullOrWhiteSpace(c.Notes))
            {
                error(name(Element.Modifiers, null), "a modifier without an item or service needs a negotiated charge or a note (rule 9)");
            }
            return;
        }
        if (c.Codes.Count == 0)
        {
            error(name(Element.Code, null), "a standard charge needs at least one code with its code type (rule 2)");
        }
        if (c.Codes.Count > 0 && c.GrossCharge is null && c.DiscountedCash is null && !rates.Any(Encoded))
        {
            error(name(Element.Gross, null), "at least one of gross charge, discounted cash price or a payer-specific negotiated charge is required (rule 5)");
        }
        foreach (var n in rates.Where(Encoded))
        {
            if (string.IsNullOrWhiteSpace(n.PayerName)) error(name(Element.PayerName, n), "is required with a payer-specific negotiated charge (rule 1)");
            if (string.IsNullOrWhiteSpace(n.PlanName)) error(name(Element.PlanName, n), "is required with a payer-specific negotiated charge (rule 1)");
            if (n.Methodology is null) error(name(Element.Methodology, n), "is required with a payer-specific negotiated charge (rule 1)");
            if (n.Dollar is null && n.EstimatedAmount is null) error(name(Element.EstimatedAmount, n), "is required when the negotiated charge is only a percentage or an algorithm (rule 7)");
        }
        foreach (var n in rates.Where(n => n.Methodology == ChargeMethodology.Other && !hasNotes(n)))
        {
            error(name(Element.Notes, n), "must explain the contracting arrangement when the methodology is 'other' (rule 4)");
        }
        if (rates.Any(n => n.Dollar is not null) && (c.Minimum is null || c.Maximum is null))
        {
            error(name(c.Minimum is null ? Element.Minimum : Element.Maximum, null), "the de-identified minimum and maximum are required with a negotiated dollar amount (rule 6)");
        }
        if (c.Codes.Any(x => x.Type == "NDC") && (c.DrugUnit is null || c.DrugType is null))
        {
            error(name(c.DrugUnit is null ? Element.DrugUnit : Element.DrugType, null), "is required for an NDC code (rule 8)");
        }
        else if ((c.DrugUnit is null) != (c.DrugType is null))
        {
            error(name(c.DrugUnit is null ? Element.DrugUnit : Element.DrugType, null), "the drug unit and drug type of measurement go together (rule 10)");
        }
        if (c.Minimum is { } min && c.Maximum is { } max && min > max)
        {
            error(name(Element.Minimum, null), "the de-identified minimum is above the maximum");
        }
    }
}
