using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using PatientAccess.Cli.Demo;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Cli.Tests;

/// <summary>The samples' visits are relative to the day of the run ("in 10 days at 09:30" clinic time), so they never go stale.</summary>
public sealed class SampleRegistrationTests
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private const string Registration = """
        { "patient": { "givenName": "Jane" }, "appointment": { "scheduledAt": "in 10 days at 09:30", "timeZone": "America/Chicago" } }
        """;

    [Theory]
    [InlineData("2026-12-07T09:40:00Z", "2026-12-17T09:30:00-06:00")]
    [InlineData("2030-03-01T18:00:00Z", "2030-03-11T09:30:00-05:00")] // clocks go forward on 03-10: the visit day is CDT
    [InlineData("2029-10-30T18:00:00Z", "2029-11-09T09:30:00-06:00")] // and back on 11-04: CST again
    [InlineData("2030-06-15T03:00:00Z", "2030-06-24T09:30:00-05:00")] // 22:00 on 06-14 in Chicago: the clinic's date counts, not UTC's
    [InlineData("2030-12-28T12:00:00Z", "2031-01-07T09:30:00-06:00")]
    public void Resolve_RelativeVisit_TenClinicDaysAheadAt0930(string now, string expected)
    {
        var resolved = JsonNode.Parse(SampleRegistration.Resolve(Registration, DateTimeOffset.Parse(now, CultureInfo.InvariantCulture)))!;

        Assert.Equal(expected, resolved["appointment"]!["scheduledAt"]!.GetValue<string>());
        Assert.Equal("Jane", resolved["patient"]!["givenName"]!.GetValue<string>());
    }

    [Fact]
    public void Resolve_FixedVisit_LeftAsItIs()
    {
        var fixedVisit = Registration.Replace("in 10 days at 09:30", "2031-05-05T10:00:00-05:00", StringComparison.Ordinal);

        var resolved = JsonNode.Parse(SampleRegistration.Resolve(fixedVisit, DateTimeOffset.UnixEpoch))!;

        Assert.Equal("2031-05-05T10:00:00-05:00", resolved["appointment"]!["scheduledAt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("in ten days at 09:30")]
    [InlineData("in 10 days at 9:30")]
    [InlineData("in 0 days at 09:30")]
    [InlineData("in 400 days at 09:30")]
    [InlineData("in 10 days at 24:00")]
    public void Resolve_MalformedRelativeVisit_SaysWhatIsExpected(string visit)
    {
        var json = Registration.Replace("in 10 days at 09:30", visit, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => SampleRegistration.Resolve(json, DateTimeOffset.UnixEpoch));

        Assert.Contains("\"in N days at HH:mm\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_RelativeVisitWithoutTheClinicsZone_Refused()
    {
        var json = Registration.Replace("\"America/Chicago\"", "null", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => SampleRegistration.Resolve(json, DateTimeOffset.UnixEpoch));

        Assert.StartsWith("appointment.timeZone", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A fixed visit date in a sample breaks the demo on the day it passes: none may carry one.</summary>
    [Fact]
    public void BundledSamples_EveryRegistration_HasARelativeVisit()
    {
        var registrations = SampleFiles().ToList();

        Assert.True(registrations.Count >= 8, $"only {registrations.Count} sample registrations found");
        Assert.All(registrations, file =>
        {
            var visit = JsonNode.Parse(File.ReadAllText(file))!["appointment"]!["scheduledAt"]!.GetValue<string>();
            Assert.True(SampleRegistration.IsRelative(visit), $"{Path.GetFileName(file)}: scheduledAt \"{visit}\" is a fixed date");
        });
    }

    /// <summary>Any instant from 2026 to 2035: every bundled sample resolves to a registration the API accepts, visit 10 days ahead.</summary>
    [Fact]
    public void BundledSamples_AnyDayThrough2035_AreValidRegistrations()
    {
        var samples = SampleFiles().Select(f => (Name: Path.GetFileName(f), Json: File.ReadAllText(f))).ToList();
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var to = new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

        Gen.Long[from, to].Select(Gen.Int[0, samples.Count - 1]).Sample((seconds, index) =>
        {
            var now = DateTimeOffset.FromUnixTimeSeconds(seconds);
            var (name, json) = samples[index];
            var form = JsonSerializer.Deserialize<RegistrationForm>(SampleRegistration.Resolve(json, now), WebJson)!;
            Registration registration;
            try
            {
                registration = form.Validate(RegistrationId.New(Guid.NewGuid()), now);
            }
            catch (ValidationException e)
            {
                throw new InvalidOperationException($"{name} at {now:O}: {string.Join(", ", e.Errors.Select(x => x.Field))}", e);
            }
            var ahead = registration.Appointment.ScheduledAt - now;
            Assert.InRange(ahead, TimeSpan.FromDays(9), TimeSpan.FromDays(11));
        }, iter: 2000);
    }

    /// <summary>Every sample registration under samples/ (JSON files with an appointment).</summary>
    private static IEnumerable<string> SampleFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot(), "samples"), "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".truth.json", StringComparison.Ordinal))
            .Where(f => JsonNode.Parse(File.ReadAllText(f)) is JsonObject o && o.ContainsKey("appointment"));

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientAccess.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PatientAccess.sln not found above the test output.");
    }
}
