using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientAccess.LocalHost.Tests;

/// <summary>
/// POST /api/notifications/inbound on the running LocalHost, with Event Grid bodies as ACS sends them: the
/// subscription handshake, and a patient's STOP, HELP and START against the reminder sweep on a fast schedule.
/// </summary>
public class InboundMessageTests
{
    private const string HelpPhone = "+1 217 555 0111";
    private const string OurNumber = "+18335550100";

    /// <summary>The sample patient, with SMS consent only (so a STOP leaves no channel to remind by).</summary>
    private static readonly string SampleBody = TestRegistrations.ActivePatient(node => node["consents"]!["email"] = false);

    [Fact]
    public async Task Inbound_HandshakesAndAuth_AnswerAsEventGridExpects()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)));
        const string validation = """[{"id":"2d1781af","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-11-28T19:00:00Z","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp-eastus2.eventgrid.azure.net/x"},"dataVersion":"2","metadataVersion":"1"}]""";

        using var anonymous = host.CreateClient(withKey: false);
        using var denied = await anonymous.PostAsync(new Uri("api/notifications/inbound", UriKind.Relative), Json(validation));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);

        using var client = host.CreateClient();
        using var answered = await client.PostAsync(new Uri("api/notifications/inbound", UriKind.Relative), Json(validation));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var body = await answered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.GetProperty("validationResponse").GetString());

        using var options = new HttpRequestMessage(HttpMethod.Options, "api/notifications/inbound");
        options.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        using var allowed = await client.SendAsync(options);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("eventgrid.azure.net", Assert.Single(allowed.Headers.GetValues("WebHook-Allowed-Origin")));

        using var garbage = await client.PostAsync(new Uri("api/notifications/inbound", UriKind.Relative), Json("{\"not\":\"an event\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task Inbound_StopHelpStart_StopsTheCardRemindersAnswersOnceAndStartRestores()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)), new Dictionary<string, string>
        {
            ["Reminders__Interval"] = "00:00:01",
            ["Reminders__FirstReminderAfter"] = "00:00:06",
            ["InboundMessages__HelpPhone"] = HelpPhone,
        });
        using var client = host.CreateClient();
        var submittedAt = DateTime.UtcNow;
        var id = await SubmitAsync(client);

        // STOP before the first reminder is due.
        await PostSmsAsync(client, "Incoming_stop_" + Guid.NewGuid().ToString("N"), "Stop");
        await WaitForStageAsync(client, id, "AwaitingCard", TimeSpan.FromSeconds(60), host);
        var quiet = submittedAt + TimeSpan.FromSeconds(12) - DateTime.UtcNow;
        if (quiet > TimeSpan.Zero) await Task.Delay(quiet); // the reminder was due 6 s after creation; the sweep ran every second since

        var afterStop = await MessagesAsync(client, id);
        var confirmation = Assert.Single(afterStop);
        Assert.Equal("KeywordReply", confirmation.GetProperty("purpose").GetString());
        Assert.Equal("Sent", confirmation.GetProperty("status").GetString());
        Assert.Contains("no more texts", confirmation.GetProperty("text").GetString()!, StringComparison.Ordinal);

        // HELP delivered twice (Event Grid redelivers): one answer.
        var help = "Incoming_help_" + Guid.NewGuid().ToString("N");
        await PostSmsAsync(client, help, "HELP");
        await PostSmsAsync(client, help, "HELP");
        var afterHelp = await MessagesAsync(client, id);
        Assert.Equal(2, afterHelp.Count);
        var answer = Assert.Single(afterHelp, m => m.GetProperty("text").GetString()!.Contains(HelpPhone, StringComparison.Ordinal));
        Assert.Equal("KeywordReply", answer.GetProperty("purpose").GetString());
        Assert.DoesNotContain(afterHelp, m => m.GetProperty("purpose").GetString() == "CardNeeded");

        // START: consent again, and the next sweep writes the CardNeeded reminder.
        await PostSmsAsync(client, "Incoming_start_" + Guid.NewGuid().ToString("N"), "START");
        var reminder = await WaitForAsync(client, id, m => m.GetProperty("purpose").GetString() == "CardNeeded", TimeSpan.FromSeconds(30), host);
        Assert.Equal("Sent", reminder.GetProperty("status").GetString()); // mid-afternoon in the pinned clinic zone
        Assert.Equal("Sms", reminder.GetProperty("channel").GetString());
        var all = await MessagesAsync(client, id);
        Assert.Single(all, m => m.GetProperty("text").GetString()!.Contains("texts again", StringComparison.Ordinal));
        Assert.Equal(3, all.Count(m => m.GetProperty("purpose").GetString() == "KeywordReply"));

        // Nothing the patient wrote and no number reaches the log.
        Assert.DoesNotContain("2175550100", host.Output, StringComparison.Ordinal);
    }

    private static async Task<string> SubmitAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations") { Content = Json(SampleBody) };
        request.Headers.Add("Idempotency-Key", $"inbound-{Guid.NewGuid():N}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetString()!;
    }

    private static async Task PostSmsAsync(HttpClient client, string messageId, string text)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        var body = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
            ["subject"] = "/phonenumber/" + OurNumber[1..],
            ["eventType"] = "Microsoft.Communication.SMSReceived",
            ["data"] = new JsonObject
            {
                ["MessageId"] = messageId,
                ["From"] = "12175550100", // ACS samples send numbers with and without '+'
                ["To"] = OurNumber,
                ["Message"] = text,
                ["ReceivedTimestamp"] = now,
            },
            ["eventTime"] = now,
            ["dataVersion"] = "1",
            ["metadataVersion"] = "1",
        });
        using var response = await client.PostAsync(new Uri("api/notifications/inbound", UriKind.Relative), Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<List<JsonElement>> MessagesAsync(HttpClient client, string id)
    {
        var messages = await client.GetFromJsonAsync<JsonElement>("api/outbox?max=500");
        return messages.EnumerateArray().Where(m => m.GetProperty("registrationId").GetString() == id).ToList();
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> match, TimeSpan timeout, LocalHostProcess host)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var found = (await MessagesAsync(client, id)).Where(OutboxView.IsSettled).FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined) return found;
            await Task.Delay(500);
        }
        throw new TimeoutException($"No matching message in the outbox.\n{host.Output}");
    }

    private static async Task WaitForStageAsync(HttpClient client, string id, string stage, TimeSpan timeout, LocalHostProcess host)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"api/registrations/{id}");
            if (status.GetProperty("stage").GetString() == stage) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"The registration did not reach {stage}.\n{host.Output}");
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
