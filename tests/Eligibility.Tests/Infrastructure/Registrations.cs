using PatientAccess.Domain.Registrations;

namespace PatientAccess.Eligibility.Tests.Infrastructure;

/// <summary>Registrations of the sandbox's synthetic people.</summary>
public static class Registrations
{
    public static Registration Build(
        string given,
        string family,
        DateOnly birthDate,
        AdministrativeSex sex,
        string? middle = null,
        TypedInsurance? typed = null,
        CoverageToCheck? coverage = null,
        DateTimeOffset? scheduledAt = null)
    {
        Assert.True(Npi.TryCreate("1234567893", out var npi));
        Assert.True(ProcedureCode.TryCreate("99213", out var visit));
        Assert.True(ProcedureCode.TryCreate("70551", out var mri));
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        return new Registration(
            RegistrationId.New(Guid.NewGuid()),
            new Patient(new PersonName(given, family, middle), birthDate, sex, new PostalAddress("1 Test Street", null, "Springfield", "IL", "62701"), null, null, "en", "America/Chicago"),
            new Appointment(scheduledAt ?? new DateTimeOffset(2026, 12, 15, 16, 0, 0, TimeSpan.Zero), "America/Chicago", [visit, mri], npi, null, "FAC-1"),
            typed,
            new Consents(true, true, "2026-01", now),
            now,
            coverage: coverage);
    }
}
