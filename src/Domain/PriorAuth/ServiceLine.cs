using System.Globalization;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.PriorAuth;

/// <summary>
/// One service line of a visit that may need a prior authorization: the CPT/HCPCS code, how many units, where
/// (CMS place-of-service code, e.g. "11" office, "22" outpatient hospital) and the dates of service.
/// <see cref="LineKey"/> is the line's 1-based position on the appointment ("1", "2"...): it names the line in
/// instance ids, work items and logs without saying what the service is.
/// </summary>
public sealed record ServiceLine
{
    public ServiceLine(string lineKey, ProcedureCode code, int units, string placeOfService, DateOnly from, DateOnly to)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineKey);
        ArgumentNullException.ThrowIfNull(code);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        if (!PlacesOfService.IsValid(placeOfService))
        {
            throw new ArgumentException("A place of service is a two-digit CMS code.", nameof(placeOfService));
        }
        if (to < from) throw new ArgumentException("The service period ends before it starts.", nameof(to));
        if (!IsValidKey(lineKey)) throw new ArgumentException("A line key is 1 to 8 letters, digits or dashes.", nameof(lineKey));
        LineKey = lineKey;
        Code = code;
        Units = units;
        PlaceOfService = placeOfService;
        From = from;
        To = to;
    }

    public string LineKey { get; }
    public ProcedureCode Code { get; }
    public int Units { get; }
    public string PlaceOfService { get; }
    public DateOnly From { get; }
    public DateOnly To { get; }

    /// <summary>The X12 service type of the code (EQ01/EB03), "30" when only plan coverage applies.</summary>
    public string ServiceTypeCode => EligibilityServiceTypes.ForProcedure(Code) ?? EligibilityServiceTypes.PlanCoverage;

    /// <summary>Keys are short and plain so they fit instance ids, work item ids and X12 trace numbers.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: >= 1 and <= 8 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>One line per service code of the appointment, one unit each, on the visit's date at <paramref name="placeOfService"/>.</summary>
    public static IReadOnlyList<ServiceLine> FromAppointment(Appointment appointment, string placeOfService)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var date = EligibilityRequestFactory.DateOfService(appointment);
        return [.. appointment.ServiceCodes.Select((code, i) =>
            new ServiceLine((i + 1).ToString(CultureInfo.InvariantCulture), code, 1, placeOfService, date, date))];
    }

    public override string ToString() => $"ServiceLine {{ LineKey = {LineKey} }}";
}

/// <summary>CMS place-of-service codes (two digits).</summary>
public static class PlacesOfService
{
    public const string Office = "11";
    public const string InpatientHospital = "21";
    public const string OutpatientHospital = "22";
    public const string AmbulatorySurgicalCenter = "24";
    public const string IndependentLaboratory = "81";

    public static bool IsValid(string? code) => code is { Length: 2 } && char.IsAsciiDigit(code[0]) && char.IsAsciiDigit(code[1]);
}
