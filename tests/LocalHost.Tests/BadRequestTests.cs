using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PatientAccess.Tests.Common;

namespace PatientAccess.LocalHost.Tests;

/// <summary>
/// Every bad request of <see cref="BadRequestTable"/>, and the framework's own refusals (no route, wrong method, no key),
/// over HTTP to a real LocalHost: a 4xx problem with our type each, and in the host's log one informational line per
/// request, no error, no stack trace.
/// </summary>
public class BadRequestTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Api_EveryBadRequest_Answers4xxProblemAndLogsOneInformationLineEach()
    {
        // A short card deadline, so a specialist can close one clearance within the test.
        // The payer the prior-auth notification rows authenticate as, in environment variables as an operator sets them.
        var payer = BadRequestTable.PriorAuthSettings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromSeconds(3)), payer);
        using var client = host.CreateClient();
        var active = await SubmitAsync(client);
        var finished = await FinishAsync(client, await SubmitAsync(client));
        var unknown = Guid.NewGuid().ToString("N");
        var logBefore = host.Output.Length;

        var failures = new List<string>();
        var sent = 0;
        var cutOff = 0;
        foreach (var bad in BadRequestTable.Rows)
        {
            using var request = Request(bad, bad.PathFor(unknown, active, finished));
            int status;
            string? type;
            string body;
            try
            {
                (status, type, body) = await SendAsync(client, request);
            }
            catch (HttpRequestException) when (bad.Chunked)
            {
                // The host answered 413 after 64 KB and closed the connection while the client was still sending the
                // other 39.9 MB: the client cannot read the answer. The host's log line below shows what it answered.
                sent++;
                cutOff++;
                continue;
            }
            sent++;
            if (status != bad.Status || type != bad.ProblemType ||
                (bad.Field is { } field && !body.Contains($"\"{field}\"", StringComparison.Ordinal)) ||
                (bad.DetailContains is { } words && !body.Contains(words, StringComparison.Ordinal)))
            {
                failures.Add($"{bad}: {status} {type} {body}");
            }
        }
        foreach (var (name, request, expected, expectedType) in FrameworkRefusals())
        {
            using (request)
            {
                using var anonymous = host.CreateClient(withKey: name != "no API key");
                var (status, type, body) = await SendAsync(anonymous, request);
                sent++;
                if (status != (int)expected || type != expectedType) failures.Add($"{name}: {status} {type} {body}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // One informational line per refused request, and nothing worse.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string[] lines;
        do
        {
            lines = host.Output[logBefore..].Split('\n');
            if (lines.Count(l => l.Contains(" refused: ", StringComparison.Ordinal)) >= sent) break;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        var refusals = Enumerable.Range(1, lines.Length - 1).Where(i => lines[i].Contains(" refused: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(sent, refusals.Count);
        Assert.True(refusals.Count(i => lines[i].Contains("refused: 413 https://patientaccess.dev/problems/payload-too-large", StringComparison.Ordinal)) >=
            BadRequestTable.Rows.Count(r => r.Status == 413), "a body that was too large was not answered 413");
        Assert.InRange(cutOff, 0, BadRequestTable.Rows.Count(r => r.Chunked));
        Assert.All(refusals, i => Assert.StartsWith("info: PatientAccess.LocalHost.Api[2002]", lines[i - 1], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Ottilie", StringComparison.Ordinal) || l.Contains("JO~HN", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Name, HttpRequestMessage Request, HttpStatusCode Status, string Type)> FrameworkRefusals()
    {
        yield return ("no route", new HttpRequestMessage(HttpMethod.Get, "api/no-such-thing"), HttpStatusCode.NotFound, "https://patientaccess.dev/problems/not-found");
        yield return ("no route for a GET", new HttpRequestMessage(HttpMethod.Get, "api/registrations"), HttpStatusCode.NotFound, "https://patientaccess.dev/problems/not-found");
        yield return ("wrong method", new HttpRequestMessage(HttpMethod.Delete, $"api/registrations/{Guid.NewGuid():N}"), HttpStatusCode.MethodNotAllowed, "https://patientaccess.dev/problems/method-not-allowed");
        yield return ("no API key", new HttpRequestMessage(HttpMethod.Get, "api/worklist"), HttpStatusCode.Unauthorized, "https://patientaccess.dev/problems/unauthorized");
    }

    private static HttpRequestMessage Request(BadRequest bad, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(bad.Method), path);
        foreach (var (name, value) in bad.Headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        if (bad.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
        }
        else if (bad.BodyLength is { } length)
        {
            request.Content = new StreamContent(new LargeBodyStream(length));
            if (!bad.Chunked)
            {
                request.Content.Headers.ContentLength = length;
                request.Headers.ExpectContinue = true; // the server answers before the body is sent
            }
        }
        if (bad.ContentType is { } contentType)
        {
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        else if (request.Content is not null)
        {
            request.Content.Headers.ContentType = null;
        }
        return request;
    }

    private static async Task<(int Status, string? Type, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        string? type = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            type = JsonDocument.Parse(body).RootElement.GetProperty("type").GetString();
        }
        return ((int)response.StatusCode, type, body);
    }

    private static async Task<string> SubmitAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations") { Content = new ByteArrayContent(BadRequestTable.Registration()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("registrationId").GetString()!;
    }

    /// <summary>No card before the deadline: the specialist closes the case, the clearance ends incomplete.</summary>
    private static async Task<string> FinishAsync(HttpClient client, string id)
    {
        await WaitForAsync(client, id, s => s.GetProperty("stage").GetString() == "NeedsAttention");
        using var closed = await client.PostAsJsonAsync($"api/registrations/{id}/resolution", new { action = "Close", note = "patient cancelled the visit" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        await WaitForAsync(client, id, s => s.GetProperty("stage").GetString() == "Incomplete" && !s.TryGetProperty("openWorkItemId", out _));
        return id;
    }

    private static async Task WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<JsonElement>($"api/registrations/{id}", Json);
            if (condition(last)) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Registration {id} stayed at {last}.");
    }
}
