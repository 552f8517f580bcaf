using System.Text;
using System.Text.Json;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Tests;

/// <summary>Registration forms with recognisable fake PHI, and their request bodies.</summary>
public static class Samples
{
    public const string GivenName = "Quintessa";
    public const string FamilyName = "Zebrowski";
    public const string BirthDate = "1979-08-23";
    public const string Phone = "+13125550199";
    public const string Email = "quintessa.zebrowski@example.org";
    public const string MemberId = "884422117";
    public const string Street = "4471 Wabash Lantern Rd";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RegistrationForm Form(string? givenName = null) => new(
        new PatientForm(givenName ?? GivenName, FamilyName, null, null, BirthDate, "F",
            new AddressForm(Street, null, "Chicago", "IL", "60601"), Phone, Email, "en", "America/Chicago"),
        new AppointmentForm(DateTimeOffset.UtcNow.AddDays(10).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            "America/Chicago", ["99213", "70551"], "1234567893", null, "CHI-NORTH"),
        new InsuranceForm("SANDBOX PPO HEALTH PLAN", "SBXPPO", MemberId, "GRP1001"),
        new ConsentForm(true, true, "2026-10"));

    public static byte[] Body(RegistrationForm form) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(form, Json));

    /// <summary>The payer sandbox's active PPO member (samples/eligibility/01-active.json): eligibility verifies.</summary>
    public static RegistrationForm ActiveMember() => Form() with
    {
        Patient = Form().Patient! with { GivenName = "Jane", FamilyName = "Active", BirthDate = "1985-03-14" },
        Insurance = new InsuranceForm("SANDBOX PPO HEALTH PLAN", "SBXPPO", "100000001", "GRP10001"),
    };

    /// <summary>An active-coverage eligibility answer checked at <paramref name="checkedAt"/>.</summary>
    public static EligibilitySnapshot ActiveSnapshot(DateTimeOffset checkedAt) =>
        new(CoverageStatus.Active, "SANDBOX PPO HEALTH PLAN", "PPO", "GRP1001", null, null, [], [], null, checkedAt);

    /// <summary>Every PHI value of <see cref="Form"/>, as it could appear in text.</summary>
    public static readonly string[] PhiValues = [GivenName, FamilyName, BirthDate, "1979", Phone, "5550199", Email, MemberId, Street, "Wabash"];
}
