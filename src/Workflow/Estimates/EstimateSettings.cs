using System.ComponentModel.DataAnnotations;
using PatientAccess.Domain.Estimates;

namespace PatientAccess.Workflow.Estimates;

/// <summary>Settings of the estimate step (section "Estimates").</summary>
public sealed class EstimateSettings
{
    public const string Section = "Estimates";

    /// <summary>An estimate at or above this total (dollars) flags the case for financial counseling.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal CounselingThreshold { get; set; } = 1000m;

    /// <summary>A service with a copay skips the plan-level deductible and coinsurance (see docs/estimates.md).</summary>
    public bool CopayWaivesDeductible { get; set; } = true;

    /// <summary>Count the US federal holidays (observed) as non-business days for Good Faith Estimate deadlines.</summary>
    public bool FederalHolidays { get; set; } = true;

    /// <summary>More days the hospital is closed (yyyy-MM-dd), for Good Faith Estimate deadlines.</summary>
    public List<DateOnly> Holidays { get; init; } = [];

    /// <summary>The hospital as Good Faith Estimates name it.</summary>
    [Required]
    public FacilitySettings Facility { get; set; } = new();

    public BusinessCalendar Calendar(int year) =>
        FederalHolidays ? BusinessCalendar.UsFederal(year, year + 1, Holidays) : new BusinessCalendar(Holidays);
}

/// <summary>The convening facility of a Good Faith Estimate: name, NPI, TIN, address and state (45 CFR 149.610(c)(1)(v)).</summary>
public sealed class FacilitySettings
{
    [Required]
    public string Name { get; set; } = "PatientAccess Hospital";

    [Required]
    [RegularExpression("^[0-9]{10}$")]
    public string Npi { get; set; } = "1234567893";

    public string? TaxId { get; set; }

    [Required]
    public string Address { get; set; } = "1 Main St, Springfield, IL 62701";

    [Required]
    [RegularExpression("^[A-Z]{2}$")]
    public string State { get; set; } = "IL";

    public string? Phone { get; set; }

    /// <summary>Clinicians' names by NPI, for the rendering provider on a Good Faith Estimate.</summary>
    public Dictionary<string, string> Clinicians { get; init; } = [];

    public FacilityProfile Profile() => new(Name, Npi, TaxId, Address, State, Phone, Clinicians);
}
