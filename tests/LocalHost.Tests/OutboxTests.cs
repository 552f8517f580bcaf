using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.LocalHost.Tests;

/// <summary>The reminder sweep in the running LocalHost on a fast schedule, read through GET /api/outbox.</summary>
public class OutboxTests
{

    [Fact]
    public async Task Outbox_RegistrationWithoutCard_ShowsOneCardNeededReminder()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)), new Dictionary<string, string>
        {
            ["Reminders__Interval"] = "00:00:01",
            ["Reminders__FirstReminderAfter"] = "00:00:00",
        });
        using var anonymous = host.CreateClient(withKey: false);
        using var denied = await anonymous.GetAsync(new Uri("api/outbox", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);

        using var client = host.CreateClient();
        var id = await SubmitAsync(client);

        var reminder = await WaitForReminderAsync(client, id, TimeSpan.FromSeconds(60), host);
        // Sent at once: it is mid-afternoon in the clinic's pinned zone, whatever the time of day here.
        Assert.Equal("Sent", reminder.GetProperty("status").GetString());
        Assert.Equal("Sms", reminder.GetProperty("channel").GetString());
        Assert.Equal($"{id}-card-needed-0-sms", reminder.GetProperty("key").GetString());
        var text = reminder.GetProperty("text").GetString()!;
        Assert.Contains("insurance card", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", text, StringComparison.Ordinal);
        Assert.DoesNotContain("100000001", text, StringComparison.Ordinal);

        // A few more sweeps add nothing: the next reminder waits a day.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var all = await client.GetFromJsonAsync<JsonElement>("api/outbox?max=50");
        Assert.Single(all.EnumerateArray(), m => m.GetProperty("registrationId").GetString() == id);
    }

    /// <summary>
    /// The clinic's quiet hours from the host's settings: a clinic where it is 08:xx now and quiet hours end at 10:00 (wider
    /// than the default 08:00, as a clinic may set) holds the reminder until 10:00 there, with the reason.
    /// </summary>
    [Fact]
    public async Task Outbox_ClinicInItsQuietHours_ReminderHeldUntilTheirConfiguredEnd()
    {
        var now = DateTimeOffset.UtcNow;
        var zone = LocalHostProcess.ZoneWhereItIs(8, now);
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)), new Dictionary<string, string>
        {
            ["Reminders__Interval"] = "00:00:01",
            ["Reminders__FirstReminderAfter"] = "00:00:00",
            ["Clinic__TimeZone"] = zone,
            ["QuietHours__End"] = "10:00",
        });
        using var client = host.CreateClient();
        var id = await SubmitAsync(client);

        var reminder = await WaitForReminderAsync(client, id, TimeSpan.FromSeconds(60), host);

        var clinic = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var ten = PatientTimeZone.ToUtc(PatientTimeZone.LocalDate(now, clinic), new TimeOnly(10, 0), clinic);
        Assert.Equal(("Pending", "QuietHours"), (reminder.GetProperty("status").GetString(), reminder.GetProperty("reason").GetString()));
        Assert.Equal(ten, reminder.GetProperty("sendAfterUtc").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("QuietHours__Start", "22:30", "QuietHours:Start and QuietHours:End")]
    [InlineData("Clinic__TimeZone", "Springfield/Illinois", "Clinic:TimeZone")]
    public async Task LocalHost_ClinicSettingOutOfBounds_RefusesToStart(string name, string value, string message)
    {
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)), new Dictionary<string, string> { [name] = value }));

        Assert.Contains("LocalHost exited", failed.Message, StringComparison.Ordinal);
        Assert.Contains(message, failed.Message, StringComparison.Ordinal);
    }

    private static async Task<string> SubmitAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations")
        {
            Content = new StringContent(TestRegistrations.ActivePatient(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", $"outbox-{Guid.NewGuid():N}");
        using var submitted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetString()!;
    }

    private static async Task<JsonElement> WaitForReminderAsync(HttpClient client, string id, TimeSpan timeout, LocalHostProcess host)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var messages = await client.GetFromJsonAsync<JsonElement>("api/outbox");
            foreach (var m in messages.EnumerateArray())
            {
                if (m.GetProperty("registrationId").GetString() == id && m.GetProperty("purpose").GetString() == "CardNeeded" &&
                    OutboxView.IsSettled(m))
                {
                    return m;
                }
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"No CardNeeded reminder for the registration in the outbox.\n{host.Output}");
    }
}
