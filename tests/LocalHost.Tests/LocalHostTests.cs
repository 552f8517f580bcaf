using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PatientAccess.LocalHost.Tests;

public class LocalHostTests
{
    private static readonly string SampleBody = TestRegistrations.ActivePatient();

    private static async Task<string> SubmitAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations")
        {
            Content = new StringContent(SampleBody, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("registrationId").GetString()!;
    }

    private static async Task<JsonElement> WaitForStageAsync(HttpClient client, string id, string stage, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<JsonElement>($"api/registrations/{id}");
            if (last.GetProperty("stage").GetString() == stage) return last;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Registration stayed at {last} instead of {stage}.");
    }

    [Fact]
    public async Task Api_WithoutOrWithWrongKey_Answers401()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)));
        using var anonymous = host.CreateClient(withKey: false);
        foreach (var path in new[] { "api/worklist", "api/registrations/0123456789abcdef0123456789abcdef" })
        {
            using var none = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
            wrong.Headers.Add("X-Api-Key", "not-the-key");
            using var wrongResponse = await anonymous.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        }
        using var post = await anonymous.PostAsync(new Uri("api/registrations", UriKind.Relative), new StringContent(SampleBody));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        using var uploadUrl = await anonymous.PostAsync(new Uri("api/registrations/0123456789abcdef0123456789abcdef/card-upload-url", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, uploadUrl.StatusCode);
        using var outbox = await anonymous.GetAsync(new Uri("api/outbox", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, outbox.StatusCode);

        using var authorized = host.CreateClient();
        using var ok = await authorized.GetAsync(new Uri("api/worklist", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "api/worklist");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LocalHostProcess.ApiKey);
        using var bearerResponse = await anonymous.SendAsync(bearer);
        Assert.Equal(HttpStatusCode.OK, bearerResponse.StatusCode);
    }

    [Fact]
    public async Task Clearance_HostKilledWhileWaiting_ResumesInANewProcessWithoutRerunningSteps()
    {
        var settings = LocalHostProcess.NewSettings(TimeSpan.FromHours(1));
        string id;
        await using (var first = await LocalHostProcess.StartAsync(settings))
        {
            using var client = first.CreateClient();
            id = await SubmitAsync(client, Guid.NewGuid().ToString());
            await WaitForStageAsync(client, id, "AwaitingCard", TimeSpan.FromSeconds(60));
            await first.KillHardAsync();
        }

        // A new process on the same task hub; the patient's phone uploads the card through the SAS URL.
        await using var second = await LocalHostProcess.StartAsync(settings);
        using var api = second.CreateClient();
        using var urlResponse = await api.PostAsJsonAsync($"api/registrations/{id}/card-upload-url", new { side = "front", contentType = "image/jpeg" });
        Assert.Equal(HttpStatusCode.OK, urlResponse.StatusCode);
        var target = await urlResponse.Content.ReadFromJsonAsync<JsonElement>();
        using (var phone = new HttpClient())
        using (var put = new HttpRequestMessage(HttpMethod.Put, target.GetProperty("uploadUrl").GetString())
        {
            Content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(LocalHostProcess.RepoRoot(), "samples", "cards", "card-1000-commercial-ppo-clean.jpg"))),
        })
        {
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            using var uploaded = await phone.SendAsync(put);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        // The card belongs to someone else's plan than the one typed: the read cannot settle, a specialist is asked.
        JsonElement status;
        try
        {
            status = await WaitForStageAsync(api, id, "NeedsAttention", TimeSpan.FromSeconds(180));
        }
        catch (TimeoutException e)
        {
            var log = second.Output;
            throw new TimeoutException($"{e.Message}\nLast host output:\n{log[Math.Max(0, log.Length - 6000)..]}", e);
        }
        var steps = status.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()).ToList();
        Assert.Equal(["clearance-started", "await-card-1", "card-received-1"], steps.Take(3));
        Assert.Contains(steps[3], new[] { "card-review-1", "card-unreadable-1" });
        Assert.Equal(steps.Count, steps.Distinct().Count());

        // The new process replayed the history: the steps done before the kill must not run again there.
        var output = second.Output;
        Assert.Contains("step card-received-1 recorded", output, StringComparison.Ordinal);
        Assert.DoesNotContain("step clearance-started recorded", output, StringComparison.Ordinal);
        Assert.DoesNotContain("step await-card-1 recorded", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_UnknownId_Answers404Problem()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)));
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri("api/registrations/0123456789abcdef0123456789abcdef", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://patientaccess.dev/problems/not-found", problem.GetProperty("type").GetString());
    }
}
