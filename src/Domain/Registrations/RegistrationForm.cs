using System.Globalization;
using PatientAccess.Domain.Common;

namespace PatientAccess.Domain.Registrations;

/// <summary>
/// A pre-registration as submitted: raw values that have not been trusted yet. <see cref="Validate"/>
/// turns it into a <see cref="Registration"/> or into field-level errors that name the field and the rule,
/// never the value.
/// </summary>
public sealed record RegistrationForm(
    PatientForm? Patient,
    AppointmentForm? Appointment,
    InsuranceForm? Insurance,
    ConsentForm? Consents)
{
    public static readonly IReadOnlySet<string> SupportedLanguages = new HashSet<string>(StringComparer.Ordinal) { "en", "es" };

    /// <summary>At most this many service codes in one appointment.</summary>
    public const int MaxServiceCodes = 20;

    /// <summary>The patient's time zone when neither the form nor the clinic's settings name one.</summary>
    public const string DefaultTimeZone = "America/New_York";

    /// <summary>
    /// Validates every field and builds the registration; throws with all errors at once. Every text field is held to
    /// its <see cref="FieldRules"/> rule (what can be sent to a payer as typed); the visit must fall in the
    /// <see cref="VisitWindow"/> of <paramref name="now"/>.
    /// </summary>
    /// <param name="clinicTimeZone">The patient's time zone when the form names none (the clinic's, from its settings).</param>
    /// <exception cref="ValidationException">One or more fields are invalid.</exception>
    public Registration Validate(RegistrationId id, DateTimeOffset now, string clinicTimeZone = DefaultTimeZone)
    {
        var errors = new List<ValidationError>();
        var patient = ValidatePatient(Patient, errors, now, clinicTimeZone);
        var appointment = ValidateAppointment(Appointment, errors, now);
        var consents = ValidateConsents(Consents, errors, now);
        var insurance = ValidateInsurance(Insurance, errors);
        // Consent to a channel needs its address; a malformed one is already reported on its own field.
        if (consents is { Sms: true } && Patient is not null && string.IsNullOrWhiteSpace(Patient.Phone))
            errors.Add(new("consents.sms", "SMS consent needs a phone number"));
        if (consents is { Email: true } && Patient is not null && string.IsNullOrWhiteSpace(Patient.Email))
            errors.Add(new("consents.email", "email consent needs an email address"));

        if (errors.Count > 0) throw new ValidationException(errors);
        return new Registration(id, patient!, appointment!, insurance, consents!, now);
    }

    /// <summary>
    /// A date of birth as YYYY-MM-DD, in the past and within 130 years of <paramref name="now"/>; adds an error naming
    /// <paramref name="field"/> and returns null otherwise. Shared with the specialist's correction.
    /// </summary>
    public static DateOnly? BirthDate(string? text, string field, ICollection<ValidationError> errors, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(field, "is required"));
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
        {
            errors.Add(new(field, "must be a date as YYYY-MM-DD"));
            return null;
        }
        if (birthDate > DateOnly.FromDateTime(now.UtcDateTime) || birthDate.Year < now.Year - 130)
        {
            errors.Add(new(field, "must be in the past and within 130 years"));
            return null;
        }
        return birthDate;
    }

    private static TypedInsurance? ValidateInsurance(InsuranceForm? form, List<ValidationError> errors)
    {
        if (form is null) return null;
        var insurance = new TypedInsurance(
            FieldRules.PayerName.Optional(form.PayerName, "insurance.payerName", errors),
            FieldRules.PayerId.Optional(form.PayerId, "insurance.payerId", errors),
            FieldRules.MemberId.Optional(form.MemberId, "insurance.memberId", errors),
            FieldRules.GroupNumber.Optional(form.GroupNumber, "insurance.groupNumber", errors),
            FieldRules.SubscriberName.Optional(form.SubscriberName, "insurance.subscriberName", errors),
            form.SubscriberRelationship?.Trim().ToLowerInvariant() is { Length: > 0 } relationship ? relationship : null);
        if (insurance.SubscriberRelationship is { } given && !TypedInsurance.Relationships.Contains(given))
        {
            errors.Add(new("insurance.subscriberRelationship", "must be one of self, spouse, child, other"));
            insurance = insurance with { SubscriberRelationship = null };
        }
        return insurance.IsEmpty ? null : insurance;
    }

    private static Patient? ValidatePatient(PatientForm? form, List<ValidationError> errors, DateTimeOffset now, string clinicTimeZone)
    {
        if (form is null)
        {
            errors.Add(new("patient", "is required"));
            return null;
        }
        var given = FieldRules.GivenName.Required(form.GivenName, "patient.givenName", errors);
        var family = FieldRules.FamilyName.Required(form.FamilyName, "patient.familyName", errors);
        var middle = FieldRules.MiddleName.Optional(form.MiddleName, "patient.middleName", errors);
        var suffix = FieldRules.NameSuffix.Optional(form.Suffix, "patient.suffix", errors);

        var birthDate = BirthDate(form.BirthDate, "patient.birthDate", errors, now) ?? default;

        var sex = form.Sex?.Trim().ToUpperInvariant() switch
        {
            "F" or "FEMALE" => AdministrativeSex.Female,
            "M" or "MALE" => AdministrativeSex.Male,
            "U" or "UNKNOWN" or "X" => AdministrativeSex.Unknown,
            null or "" => Error(errors, "patient.sex", "is required (F, M or U)", AdministrativeSex.Unknown),
            _ => Error(errors, "patient.sex", "must be F, M or U", AdministrativeSex.Unknown),
        };

        var address = ValidateAddress(form.Address, errors);

        PhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(form.Phone) && !PhoneNumber.TryCreate(form.Phone.Trim(), out phone))
            errors.Add(new("patient.phone", "must be in E.164 form, e.g. +15555550123"));
        EmailAddress? email = null;
        if (!string.IsNullOrWhiteSpace(form.Email) && !EmailAddress.TryCreate(form.Email, out email))
            errors.Add(new("patient.email", "must be an email address"));

        var language = string.IsNullOrWhiteSpace(form.Language) ? "en" : form.Language.Trim().ToLowerInvariant();
        if (!SupportedLanguages.Contains(language)) errors.Add(new("patient.language", "must be en or es"));
        var timeZone = string.IsNullOrWhiteSpace(form.TimeZone) ? clinicTimeZone : TimeZoneOrError(form.TimeZone, "patient.timeZone", errors)?.Id;

        if (given is null || family is null || address is null || birthDate == default || timeZone is null) return null;
        return new Patient(new PersonName(given, family, middle, suffix), birthDate, sex, address, phone, email, language, timeZone);
    }

    private static PostalAddress? ValidateAddress(AddressForm? form, List<ValidationError> errors)
    {
        if (form is null)
        {
            errors.Add(new("patient.address", "is required"));
            return null;
        }
        var line1 = FieldRules.AddressLine.Required(form.Line1, "patient.address.line1", errors);
        var line2 = FieldRules.AddressLine.Optional(form.Line2, "patient.address.line2", errors);
        var city = FieldRules.City.Required(form.City, "patient.address.city", errors);
        var state = form.State?.Trim().ToUpperInvariant();
        if (!PostalAddress.IsStateCode(state)) errors.Add(new("patient.address.state", "must be a USPS state code (the 50 states, DC, a territory or AA/AE/AP)"));
        var zip = form.PostalCode?.Trim();
        if (!PostalAddress.IsZip(zip)) errors.Add(new("patient.address.postalCode", "must be a ZIP code (12345 or 12345-6789)"));
        if (line1 is null || city is null || !PostalAddress.IsStateCode(state) || !PostalAddress.IsZip(zip)) return null;
        return new PostalAddress(line1, line2, city, state!, zip!);
    }

    /// <summary>
    /// A new appointment for a registration (a reschedule): the same rules as at pre-registration, errors named after
    /// the appointment's own fields (the body is the appointment object).
    /// </summary>
    /// <exception cref="ValidationException">One or more fields are invalid.</exception>
    public static Appointment ValidateReschedule(AppointmentForm? form, DateTimeOffset now)
    {
        var errors = new List<ValidationError>();
        var appointment = ValidateAppointment(form, errors, now);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors.Select(e => e with { Field = e.Field == "appointment" ? "(body)" : e.Field["appointment.".Length..] }).ToList());
        }
        return appointment!;
    }

    private static Appointment? ValidateAppointment(AppointmentForm? form, List<ValidationError> errors, DateTimeOffset now)
    {
        if (form is null)
        {
            errors.Add(new("appointment", "is required"));
            return null;
        }
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(form.TimeZone)) errors.Add(new("appointment.timeZone", "is required (IANA id of the facility)"));
        else zone = TimeZoneOrError(form.TimeZone, "appointment.timeZone", errors);

        DateTimeOffset scheduledAt = default;
        if (string.IsNullOrWhiteSpace(form.ScheduledAt)) errors.Add(new("appointment.scheduledAt", "is required"));
        else if (!DateTimeOffset.TryParse(form.ScheduledAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out scheduledAt) || !HasExplicitOffset(form.ScheduledAt))
        {
            errors.Add(new("appointment.scheduledAt", "must be an ISO 8601 date and time with a UTC offset"));
            scheduledAt = default;
        }
        else if (VisitWindow.Check(scheduledAt, zone ?? TimeZoneInfo.Utc, now) is { } outside)
        {
            errors.Add(new("appointment.scheduledAt", outside));
            scheduledAt = default;
        }

        var codes = new List<ProcedureCode>();
        if (form.ServiceCodes is null || form.ServiceCodes.Count == 0) errors.Add(new("appointment.serviceCodes", "needs at least one CPT or HCPCS code"));
        else if (form.ServiceCodes.Count > MaxServiceCodes) errors.Add(new("appointment.serviceCodes", $"must hold at most {MaxServiceCodes} codes"));
        else
        {
            for (var i = 0; i < form.ServiceCodes.Count; i++)
            {
                if (ProcedureCode.TryCreate(form.ServiceCodes[i]?.Trim(), out var code)) codes.Add(code);
                else errors.Add(new($"appointment.serviceCodes[{i}]", "must be a CPT (5 digits, or 4 digits + F/T) or HCPCS (letter A-V + 4 digits) code"));
            }
        }

        Npi? rendering = null;
        if (string.IsNullOrWhiteSpace(form.RenderingNpi)) errors.Add(new("appointment.renderingNpi", "is required"));
        else if (!Npi.TryCreate(form.RenderingNpi.Trim(), out rendering)) errors.Add(new("appointment.renderingNpi", "must be a 10-digit NPI with a valid check digit"));
        Npi? ordering = null;
        if (!string.IsNullOrWhiteSpace(form.OrderingNpi) && !Npi.TryCreate(form.OrderingNpi.Trim(), out ordering))
            errors.Add(new("appointment.orderingNpi", "must be a 10-digit NPI with a valid check digit"));
        var facility = FieldRules.FacilityId.Required(form.FacilityId, "appointment.facilityId", errors);

        if (rendering is null || facility is null || zone is null || scheduledAt == default || codes.Count == 0) return null;
        return new Appointment(scheduledAt, zone.Id, codes, rendering, ordering, facility);
    }

    private static Consents? ValidateConsents(ConsentForm? form, List<ValidationError> errors, DateTimeOffset now)
    {
        if (form is null)
        {
            errors.Add(new("consents", "is required"));
            return null;
        }
        var terms = FieldRules.Label.Required(form.TermsVersion, "consents.termsVersion", errors);
        return terms is null ? null : new Consents(form.Sms, form.Email, terms, now);
    }

    /// <summary>The zone for an IANA id; the id's shape is checked first, so no odd text reaches the zone database lookup.</summary>
    private static TimeZoneInfo? TimeZoneOrError(string text, string field, List<ValidationError> errors)
    {
        var id = text.Trim();
        if (FieldRules.TimeZoneId.Check(id) is not null || id.Contains("..", StringComparison.Ordinal) ||
            !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            errors.Add(new(field, "must be an IANA time zone id"));
            return null;
        }
        return zone;
    }

    private static bool HasExplicitOffset(string text)
    {
        var t = text.AsSpan().Trim();
        if (t.Length == 0) return false;
        if (t[^1] is 'Z' or 'z') return true;
        var tIndex = t.IndexOfAny('T', 't');
        return tIndex > 0 && t[tIndex..].IndexOfAny('+', '-') > 0;
    }

    private static T Error<T>(List<ValidationError> errors, string field, string message, T fallback)
    {
        errors.Add(new(field, message));
        return fallback;
    }
}

public sealed record PatientForm(
    string? GivenName,
    string? FamilyName,
    string? MiddleName,
    string? Suffix,
    string? BirthDate,
    string? Sex,
    AddressForm? Address,
    string? Phone,
    string? Email,
    string? Language,
    string? TimeZone);

public sealed record AddressForm(string? Line1, string? Line2, string? City, string? State, string? PostalCode);

public sealed record AppointmentForm(
    string? ScheduledAt,
    string? TimeZone,
    IReadOnlyList<string?>? ServiceCodes,
    string? RenderingNpi,
    string? OrderingNpi,
    string? FacilityId);

public sealed record InsuranceForm(
    string? PayerName,
    string? PayerId,
    string? MemberId,
    string? GroupNumber,
    string? SubscriberName = null,
    string? SubscriberRelationship = null);

public sealed record ConsentForm(bool Sms, bool Email, string? TermsVersion);
