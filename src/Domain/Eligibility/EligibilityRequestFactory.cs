using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Eligibility;

/// <summary>Where eligibility responses are kept for audit, and how they are named.</summary>
public static class EligibilityAudit
{
    public const string Container = "eligibility-responses";

    /// <summary><c>{registrationId}/{timestamp}-{attempt}.{extension}</c>, e.g. <c>0f…/20261128T163012123Z-1.x12</c>.</summary>
    public static string BlobName(RegistrationId id, DateTimeOffset at, int attempt, string extension) =>
        $"{id.Value}/{at.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{attempt}.{extension}";
}

/// <summary>Builds the eligibility question from a registration (pure).</summary>
public static class EligibilityRequestFactory
{
    /// <summary>
    /// The question from the settled coverage (or, before one is settled, what the patient typed), the patient and the
    /// appointment. Null with the missing fields named when no payer id or member id is on file.
    /// </summary>
    public static EligibilityRequest? FromRegistration(Registration registration, string traceNumber, out IReadOnlyList<string> missing)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var coverage = registration.Coverage;
        var typed = registration.TypedInsurance;
        var payerId = coverage?.PayerId ?? typed?.PayerId;
        var payerName = coverage?.PayerName ?? typed?.PayerName;
        var memberId = coverage?.MemberId ?? typed?.MemberId;
        var group = coverage?.GroupNumber ?? typed?.GroupNumber;
        var patientIsSubscriber = coverage?.PatientIsSubscriber ?? true;

        var gaps = new List<string>();
        if (string.IsNullOrWhiteSpace(payerId)) gaps.Add("payer id");
        if (string.IsNullOrWhiteSpace(memberId)) gaps.Add("member id");
        missing = gaps;
        if (gaps.Count > 0) return null;

        var patient = registration.Patient;
        var appointment = registration.Appointment;
        var person = new EligibilityPerson(patient.Name, patient.BirthDate, patient.Sex, null);
        var (subscriber, dependent) = patientIsSubscriber
            ? (person with { MemberId = memberId!.Trim() }, (EligibilityPerson?)null)
            : (new EligibilityPerson(null, null, AdministrativeSex.Unknown, memberId!.Trim()), person);
        return new EligibilityRequest(
            payerId!.Trim(),
            payerName,
            appointment.RenderingProvider.Value,
            providerName: null,
            subscriber,
            dependent,
            EligibilityServiceTypes.ForProcedures(appointment.ServiceCodes),
            DateOfService(appointment),
            traceNumber,
            group);
    }

    /// <summary>The appointment's calendar date where it takes place (UTC date when the time zone is unknown).</summary>
    public static DateOnly DateOfService(Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(appointment.TimeZone);
            return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(appointment.ScheduledAt, zone).DateTime);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return DateOnly.FromDateTime(appointment.ScheduledAt.UtcDateTime);
        }
    }
}
