using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Cli.Demo;

/// <summary>
/// The bundled sample registrations (samples/eligibility, samples/demo) say when the visit is relative to the day
/// they are sent, never as a fixed date: <c>"scheduledAt": "in 10 days at 09:30"</c>, a wall-clock time in the
/// appointment's time zone (the clinic's). A fixed date goes stale (the reminder text changes near it, and the API
/// refuses a visit in the past), so a sample with one would break the demo on some day of the year.
/// <see cref="Resolve"/> turns a sample into the request body the API expects, with an ISO 8601 time and offset.
/// </summary>
public static partial class SampleRegistration
{
    /// <summary>Turns a relative visit into an ISO 8601 time with the zone's offset; any other value is left as it is.</summary>
    /// <exception cref="InvalidDataException">The relative visit is malformed, or the appointment has no known time zone.</exception>
    public static string Resolve(string json, DateTimeOffset now)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("a sample registration is a JSON object");
        if (root["appointment"] is not JsonObject appointment || appointment["scheduledAt"] is not JsonValue value ||
            !value.TryGetValue<string>(out var scheduledAt) || !IsRelative(scheduledAt))
        {
            return root.ToJsonString(Indented);
        }
        var zoneId = appointment["timeZone"] is JsonValue z && z.TryGetValue<string>(out var id) ? id : null;
        if (!PatientTimeZone.TryResolve(zoneId, out var zone))
        {
            throw new InvalidDataException("appointment.timeZone: a relative visit needs the clinic's IANA time zone");
        }
        appointment["scheduledAt"] = VisitAt(scheduledAt, now, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return root.ToJsonString(Indented);
    }

    /// <summary>True for "in N days at HH:mm" (and only that form; anything else is taken as a literal value).</summary>
    public static bool IsRelative(string scheduledAt) => scheduledAt.StartsWith("in ", StringComparison.Ordinal);

    /// <summary>
    /// "in N days at HH:mm" from <paramref name="now"/>: the clinic's calendar date today plus N days, at that wall-clock
    /// time (a time the clocks skip moves to the first one after it), with the zone's offset on that day.
    /// </summary>
    public static DateTimeOffset VisitAt(string relative, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(relative);
        ArgumentNullException.ThrowIfNull(zone);
        var match = RelativeVisit().Match(relative);
        if (!match.Success || !int.TryParse(match.Groups["days"].Value, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 365)
        {
            throw new InvalidDataException($"appointment.scheduledAt: \"{relative}\" is not \"in N days at HH:mm\" (N from 1 to 365)");
        }
        var time = new TimeOnly(int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture));
        var day = PatientTimeZone.LocalDate(now, zone).AddDays(days);
        return TimeZoneInfo.ConvertTime(PatientTimeZone.ToUtc(day, time, zone), zone);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [GeneratedRegex(@"^in (?<days>\d{1,3}) days? at (?<hour>[01]\d|2[0-3]):(?<minute>[0-5]\d)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RelativeVisit();
}
