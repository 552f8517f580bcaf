using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PatientAccess.LocalHost.Tests;

/// <summary>The reminder sweep in the running LocalHost on a fast schedule, read through GET /api/outbox.</summary>
public class OutboxTests
{
    private static readonly string SampleBody = File.ReadAllText(Path.Combine(LocalHostProcess.RepoRoot(), "samples", "eligibility", "01-active.json"));

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
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations")
        {
            Content = new StringContent(SampleBody, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", $"outbox-{Guid.NewGuid():N}");
        using var submitted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetString()!;

        var reminder = await WaitForReminderAsync(client, id, TimeSpan.FromSeconds(60), host);
        // Sent at once, or held until 08:00 in Chicago when the test runs in the patient's quiet hours.
        var status = reminder.GetProperty("status").GetString();
        Assert.True(status == "Sent" || (status == "Pending" && reminder.GetProperty("reason").GetString() == "QuietHours"), $"status {status}");
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
