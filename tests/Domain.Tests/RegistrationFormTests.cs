using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Tests;

public class RegistrationFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly RegistrationId Id = RegistrationId.New(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"));

    public static RegistrationForm Valid() => new(
        new PatientForm("Jordan", "Sample", null, null, "1984-03-12", "F",
            new AddressForm("100 Example Ave", null, "Springfield", "IL", "62701"),
            "+12175550100", "jordan@example.org", "en", "America/Chicago"),
        new AppointmentForm("2027-01-15T09:30:00-06:00", "America/Chicago", ["99213"], "1234567893", null, "MAIN"),
        new InsuranceForm("Example Health", "EXH01", "XEH123456789", "GRP1001"),
        new ConsentForm(true, true, "2026-10"));

    [Fact]
    public void Validate_ValidForm_BuildsRegistration()
    {
        var registration = Valid().Validate(Id, Now);
        Assert.Equal(Id, registration.Id);
        Assert.Equal(ClearanceStage.Received, registration.Stage);
        Assert.Equal("Sample", registration.Patient.Name.Family);
        Assert.Equal(new DateOnly(1984, 3, 12), registration.Patient.BirthDate);
        Assert.Equal("99213", Assert.Single(registration.Appointment.ServiceCodes).Value);
        Assert.Equal("XEH123456789", registration.TypedInsurance?.MemberId);
    }

    [Theory]
    [InlineData(null, "America/Denver", "America/Denver")] // the patient names none: the clinic's zone
    [InlineData(" ", "America/Denver", "America/Denver")]
    [InlineData("America/Chicago", "America/Denver", "America/Chicago")] // the patient's own wins
    public void Validate_PatientTimeZone_FallsBackToTheClinicsZone(string? patientZone, string clinicZone, string expected)
    {
        var form = Valid() with { Patient = Valid().Patient! with { TimeZone = patientZone } };

        Assert.Equal(expected, form.Validate(Id, Now, clinicZone).Patient.TimeZone);
    }

    [Fact]
    public void Validate_NoInsuranceTyped_LeavesItEmpty()
    {
        var registration = (Valid() with { Insurance = new InsuranceForm(" ", null, "", null) }).Validate(Id, Now);
        Assert.Null(registration.TypedInsurance);
    }

    [Fact]
    public void Validate_TypedSubscriber_KeptTrimmedWithTheRelationshipInLowerCase()
    {
        var form = Valid() with { Insurance = Valid().Insurance! with { SubscriberName = " Pat Sample ", SubscriberRelationship = " Child " } };

        var typed = form.Validate(Id, Now).TypedInsurance!;

        Assert.Equal("Pat Sample", typed.SubscriberName);
        Assert.Equal("child", typed.SubscriberRelationship);
        Assert.True(typed.PatientIsDependent);
    }

    public static TheoryData<Func<RegistrationForm, RegistrationForm>, string> FieldErrors() => new()
    {
        { f => f with { Patient = null }, "patient" },
        { f => f with { Patient = f.Patient! with { GivenName = "" } }, "patient.givenName" },
        { f => f with { Patient = f.Patient! with { FamilyName = new string('x', 61) } }, "patient.familyName" },
        { f => f with { Patient = f.Patient! with { BirthDate = "03/12/1984" } }, "patient.birthDate" },
        { f => f with { Patient = f.Patient! with { BirthDate = "2030-01-01" } }, "patient.birthDate" },
        { f => f with { Patient = f.Patient! with { Sex = "Q" } }, "patient.sex" },
        { f => f with { Patient = f.Patient! with { Address = null } }, "patient.address" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { State = "Illinois" } } }, "patient.address.state" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { PostalCode = "6270" } } }, "patient.address.postalCode" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { Line1 = null } } }, "patient.address.line1" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { City = "" } } }, "patient.address.city" },
        { f => f with { Patient = f.Patient! with { Phone = "217-555-0100" } }, "patient.phone" },
        { f => f with { Patient = f.Patient! with { Email = "not-an-email" } }, "patient.email" },
        { f => f with { Patient = f.Patient! with { Language = "fr" } }, "patient.language" },
        { f => f with { Patient = f.Patient! with { TimeZone = "Mars/Olympus" } }, "patient.timeZone" },
        { f => f with { Appointment = null }, "appointment" },
        { f => f with { Appointment = f.Appointment! with { ScheduledAt = "2027-01-15T09:30:00" } }, "appointment.scheduledAt" },
        { f => f with { Appointment = f.Appointment! with { ScheduledAt = "2020-01-15T09:30:00Z" } }, "appointment.scheduledAt" },
        { f => f with { Appointment = f.Appointment! with { TimeZone = null } }, "appointment.timeZone" },
        { f => f with { Appointment = f.Appointment! with { ServiceCodes = [] } }, "appointment.serviceCodes" },
        { f => f with { Appointment = f.Appointment! with { ServiceCodes = ["99213", "ABCDE"] } }, "appointment.serviceCodes[1]" },
        { f => f with { Appointment = f.Appointment! with { RenderingNpi = "1234567890" } }, "appointment.renderingNpi" },
        { f => f with { Appointment = f.Appointment! with { OrderingNpi = "999" } }, "appointment.orderingNpi" },
        { f => f with { Appointment = f.Appointment! with { FacilityId = " " } }, "appointment.facilityId" },
        { f => f with { Insurance = f.Insurance! with { MemberId = new string('9', 31) } }, "insurance.memberId" },
        // What cannot be sent to a payer as typed (issue 10): delimiters, controls, direction overrides, invisible characters.
        { f => f with { Patient = f.Patient! with { GivenName = "JO~HN*ISA" } }, "patient.givenName" },
        { f => f with { Patient = f.Patient! with { GivenName = "Jor\u0000dan" } }, "patient.givenName" },
        { f => f with { Patient = f.Patient! with { GivenName = "Jor\u0007dan" } }, "patient.givenName" },
        { f => f with { Patient = f.Patient! with { FamilyName = "Sample\u202E" } }, "patient.familyName" },
        { f => f with { Patient = f.Patient! with { FamilyName = "Sam\u200Bple" } }, "patient.familyName" },
        { f => f with { Patient = f.Patient! with { GivenName = new string('x', 36) } }, "patient.givenName" },
        { f => f with { Patient = f.Patient! with { MiddleName = "Q:" } }, "patient.middleName" },
        { f => f with { Patient = f.Patient! with { Suffix = "Jr~" } }, "patient.suffix" },
        { f => f with { Insurance = f.Insurance! with { MemberId = "1000~NM1*IL*1" } }, "insurance.memberId" },
        { f => f with { Insurance = f.Insurance! with { GroupNumber = "GRP^1" } }, "insurance.groupNumber" },
        { f => f with { Insurance = f.Insurance! with { PayerId = "EXH|01" } }, "insurance.payerId" },
        { f => f with { Insurance = f.Insurance! with { PayerName = "Example*Health" } }, "insurance.payerName" },
        { f => f with { Insurance = f.Insurance! with { SubscriberName = "PAT~NM1*IL" } }, "insurance.subscriberName" },
        { f => f with { Insurance = f.Insurance! with { SubscriberRelationship = "cousin" } }, "insurance.subscriberRelationship" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { Line1 = "100 Example Ave~N4*X" } } }, "patient.address.line1" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { Line2 = "Apt 4\u2066" } } }, "patient.address.line2" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { City = "Springfield:IL" } } }, "patient.address.city" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { State = "ZZ" } } }, "patient.address.state" },
        { f => f with { Patient = f.Patient! with { Address = f.Patient!.Address! with { PostalCode = "00000" } } }, "patient.address.postalCode" },
        { f => f with { Patient = f.Patient! with { TimeZone = "../../../etc/passwd" } }, "patient.timeZone" },
        { f => f with { Patient = f.Patient! with { Email = "jordan\u202E@example.org" } }, "patient.email" },
        { f => f with { Appointment = f.Appointment! with { ScheduledAt = "2999-01-15T09:30:00-06:00" } }, "appointment.scheduledAt" },
        { f => f with { Appointment = f.Appointment! with { ServiceCodes = Enumerable.Repeat("99213", 21).ToArray() } }, "appointment.serviceCodes" },
        { f => f with { Appointment = f.Appointment! with { FacilityId = "MAIN*1" } }, "appointment.facilityId" },
        { f => f with { Consents = f.Consents! with { TermsVersion = "2026\u000A10" } }, "consents.termsVersion" },
        { f => f with { Consents = null }, "consents" },
        { f => f with { Consents = f.Consents! with { TermsVersion = "" } }, "consents.termsVersion" },
        { f => f with { Patient = f.Patient! with { Phone = null } }, "consents.sms" },
        { f => f with { Patient = f.Patient! with { Email = null } }, "consents.email" },
    };

    [Theory]
    [MemberData(nameof(FieldErrors))]
    public void Validate_OneBadField_NamesExactlyThatField(Func<RegistrationForm, RegistrationForm> breakIt, string field)
    {
        var error = Assert.Throws<ValidationException>(() => breakIt(Valid()).Validate(Id, Now));
        var only = Assert.Single(error.Errors);
        Assert.Equal(field, only.Field);
    }

    [Theory]
    [InlineData("DC")]
    [InlineData("PR")]
    [InlineData("GU")]
    [InlineData("VI")]
    [InlineData("AE")]
    [InlineData("wy")]
    public void Validate_StateDcTerritoryOrMilitary_Accepted(string state)
    {
        var form = Valid() with { Patient = Valid().Patient! with { Address = Valid().Patient!.Address! with { State = state } } };
        Assert.Equal(state.ToUpperInvariant(), form.Validate(Id, Now).Patient.Address.State);
    }

    /// <summary>The visit window is today (in the clinic's zone) to two years ahead; "now" is 2026-11-28 12:00 UTC, 06:00 in Chicago.</summary>
    [Theory]
    [InlineData("2026-11-28T00:30:00-06:00", true)] // earlier today in Chicago: the patient is still cleared
    [InlineData("2026-11-27T23:59:00-06:00", false)] // yesterday in Chicago, although it is the 28th in UTC at 05:59
    [InlineData("2028-11-28T09:00:00-06:00", true)] // two years ahead to the day
    [InlineData("2028-11-29T09:00:00-06:00", false)]
    [InlineData("2999-01-15T09:30:00Z", false)]
    public void Validate_VisitDate_InsideTodayToTwoYearsInTheClinicsZone(string scheduledAt, bool accepted)
    {
        var form = Valid() with { Appointment = Valid().Appointment! with { ScheduledAt = scheduledAt } };
        if (accepted)
        {
            Assert.Equal(DateTimeOffset.Parse(scheduledAt, System.Globalization.CultureInfo.InvariantCulture), form.Validate(Id, Now).Appointment.ScheduledAt);
        }
        else
        {
            Assert.Equal("appointment.scheduledAt", Assert.Single(Assert.Throws<ValidationException>(() => form.Validate(Id, Now)).Errors).Field);
        }
    }

    [Fact]
    public void Validate_ManyBadFields_EachNamedOnce()
    {
        var form = Valid() with
        {
            Patient = Valid().Patient! with { GivenName = "JO~HN*ISA", FamilyName = "\u202Eevil", Address = Valid().Patient!.Address! with { State = "ZZ" } },
            Insurance = Valid().Insurance! with { MemberId = "1000~NM1*IL*1" },
        };
        var errors = Assert.Throws<ValidationException>(() => form.Validate(Id, Now)).Errors;
        Assert.Equal(["insurance.memberId", "patient.address.state", "patient.familyName", "patient.givenName"],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Validate_ErrorMessages_NeverEchoTheValue()
    {
        var form = Valid() with
        {
            Patient = Valid().Patient! with { Phone = "+1-SECRET-PHONE", Email = "secret-mail", BirthDate = "SECRET-DOB" },
            Appointment = Valid().Appointment! with { RenderingNpi = "SECRETNPI1" },
        };
        var error = Assert.Throws<ValidationException>(() => form.Validate(Id, Now));
        Assert.True(error.Errors.Count >= 3);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.All(error.Errors, e => Assert.DoesNotContain("SECRET", e.Message, StringComparison.OrdinalIgnoreCase));
    }
}
