using System.Globalization;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Prices;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Estimates;

/// <summary>What an estimate of a registration is asked, from the registration itself. Pure.</summary>
public static class RegistrationEstimates
{
    /// <summary>
    /// True when the patient is self-pay: no insurance typed and none settled from a card. (A patient whose coverage
    /// turns out inactive is estimated as self-pay by <see cref="PatientEstimator"/> from the 271.)
    /// </summary>
    public static bool IsSelfPay(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return registration.Coverage is null && (registration.TypedInsurance is null || registration.TypedInsurance.IsEmpty);
    }

    /// <summary>The estimate request: the appointment's codes (described from the price file), its date in the clinic's zone, the payer and plan of the 271.</summary>
    public static EstimateRequest Request(Registration registration, PatientBenefits? benefits, PriceList? prices, EstimateOptions options)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var lines = registration.Appointment.ServiceCodes
            .Select(c => BillingCode.From(c))
            .Select(code => new ServiceLine(code, Description: prices?.For(code, ServiceSetting.Outpatient) is { Count: > 0 } rows ? rows[0].Description : null))
            .ToList();
        EstimatePayer? payer = null;
        if (!IsSelfPay(registration))
        {
            var e = registration.Eligibility;
            payer = new EstimatePayer(
                registration.Coverage?.PayerId ?? registration.TypedInsurance?.PayerId,
                e?.PayerName ?? registration.Coverage?.PayerName ?? registration.TypedInsurance?.PayerName,
                e?.PlanName);
        }
        return new EstimateRequest(lines, EligibilityRequestFactory.DateOfService(registration.Appointment), payer, benefits, prices, Options: options);
    }

    /// <summary>Who and what a Good Faith Estimate is about; the scheduling date is the day the registration arrived, in the clinic's zone.</summary>
    public static GoodFaithEstimateSubject Subject(Registration registration, PatientEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(estimate);
        var n = registration.Patient.Name;
        var name = string.Join(' ', new[] { n.Given, n.Middle, n.Family, n.Suffix }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var services = estimate.Lines.Select(l => l.Description ?? l.Code.ToString()).ToList();
        return new GoodFaithEstimateSubject(
            name,
            registration.Patient.BirthDate,
            string.Join("; ", services),
            estimate.ServiceDate,
            LocalDate(registration.CreatedAt, registration.Appointment.TimeZone),
            registration.Appointment.RenderingProvider.Value,
            []);
    }

    /// <summary>The date of an instant in an IANA time zone (UTC when the zone is unknown).</summary>
    public static DateOnly LocalDate(DateTimeOffset at, string timeZone)
    {
        try
        {
            return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return DateOnly.FromDateTime(at.UtcDateTime);
        }
    }

    /// <summary>A stable id for a registration's estimate of a step ("EST-" + 12 hex), the same on every retry.</summary>
    public static string EstimateId(RegistrationId id, string stepKey)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id.Value + "|" + stepKey));
        return "EST-" + Convert.ToHexString(hash.AsSpan(0, 6)).ToUpper(CultureInfo.InvariantCulture);
    }
}
