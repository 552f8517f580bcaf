using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientAccess.Functions.Tests;

/// <summary>Request bodies. The people are invented; the appointment is always in the future.</summary>
internal static class Samples
{
    public const string PatientGivenName = "Quintessa";
    public const string PatientFamilyName = "Marlowe-Tiberius";

    public static JsonObject ValidRegistration() => new()
    {
        ["patient"] = new JsonObject
        {
            ["givenName"] = PatientGivenName,
            ["familyName"] = PatientFamilyName,
            ["birthDate"] = "1984-03-12",
            ["sex"] = "F",
            ["address"] = new JsonObject { ["line1"] = "100 Example Ave", ["city"] = "Springfield", ["state"] = "IL", ["postalCode"] = "62701" },
            ["phone"] = "+12175550100",
            ["email"] = "q.marlowe@example.org",
            ["language"] = "en",
            ["timeZone"] = "America/Chicago",
        },
        ["appointment"] = new JsonObject
        {
            ["scheduledAt"] = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["timeZone"] = "America/Chicago",
            ["serviceCodes"] = new JsonArray("99213", "80053"),
            ["renderingNpi"] = "1234567893",
            ["facilityId"] = "SPRINGFIELD-MAIN",
        },
        ["insurance"] = new JsonObject { ["payerName"] = "Example Health PPO", ["payerId"] = "EXH01", ["memberId"] = "XEH123456789", ["groupNumber"] = "GRP1001" },
        ["consents"] = new JsonObject { ["sms"] = true, ["email"] = true, ["termsVersion"] = "2026-10" },
    };

    public static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
