using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientAccess.Cli.Demo;

/// <summary>
/// The calls the demo makes to a running host, the way a portal, a patient's phone and a specialist would. Reads
/// throw <see cref="HttpRequestException"/> when the host does not answer or answers with an error; the commands
/// turn that into one line and an exit code (<see cref="DescribeFailure"/>), never a stack trace.
/// </summary>
internal sealed class DemoApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<StatusView> StatusAsync(string id, CancellationToken ct) =>
        await http.GetFromJsonAsync<StatusView>($"api/registrations/{id}", Json, ct) ?? throw new InvalidDataException("empty status");

    public async Task<List<WorkItemView>> WorklistAsync(CancellationToken ct) =>
        await http.GetFromJsonAsync<List<WorkItemView>>("api/worklist?max=500", Json, ct) ?? [];

    public async Task<List<OutboxView>> OutboxAsync(CancellationToken ct) =>
        await http.GetFromJsonAsync<List<OutboxView>>("api/outbox?max=500", Json, ct) ?? [];

    /// <summary>POST /api/registrations: the registration id, or null with the host's answer in <paramref name="error"/>.</summary>
    public async Task<(string? Id, string Error)> SubmitAsync(string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, ct);
        if ((int)response.StatusCode >= 500) response.EnsureSuccessStatusCode(); // the host's fault, not the sample's
        if (!response.IsSuccessStatusCode) return (null, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        var submitted = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        return (submitted.GetProperty("registrationId").GetString(), "");
    }

    /// <summary>PATCH /api/registrations/{id}/appointment with the moved appointment object; the status code.</summary>
    public async Task<int> RescheduleAsync(string id, JsonElement appointment, CancellationToken ct)
    {
        using var response = await http.PatchAsJsonAsync($"api/registrations/{id}/appointment", appointment, Json, ct);
        return (int)response.StatusCode;
    }

    /// <summary>POST /api/registrations/{id}/cancellation as a scheduler would, the patient asking for a confirmation; the status code.</summary>
    public async Task<int> CancelAsync(string id, string reason, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"api/registrations/{id}/cancellation", new { reason, confirmation = true }, Json, ct);
        return (int)response.StatusCode;
    }

    public async Task<int> ResolveAsync(string id, string workItemId, string action, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"api/registrations/{id}/resolution", new { workItemId, action, note = "demo specialist" }, Json, ct);
        return (int)response.StatusCode;
    }

    /// <summary>Asks for an upload URL and PUTs the image there as the patient's phone would; the PUT's status, or null without a URL.</summary>
    public async Task<int?> UploadCardAsync(string id, string imagePath, CancellationToken ct)
    {
        using var urlResponse = await http.PostAsJsonAsync($"api/registrations/{id}/card-upload-url", new { side = "front", contentType = "image/jpeg" }, Json, ct);
        if (!urlResponse.IsSuccessStatusCode) return null;
        var target = await urlResponse.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        using var blob = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, target.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(await File.ReadAllBytesAsync(imagePath, ct)) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        put.Content.Headers.ContentType = new("image/jpeg");
        using var uploaded = await blob.SendAsync(put, ct);
        return (int)uploaded.StatusCode;
    }

    /// <summary>Posts the patient's text as ACS's SMSReceived event in the Event Grid schema.</summary>
    public async Task<int> TextBackAsync(string? phone, string text, DateTimeOffset at, CancellationToken ct)
    {
        var now = at.ToString("o", CultureInfo.InvariantCulture);
        var events = new[]
        {
            new
            {
                id = Guid.NewGuid().ToString(),
                topic = "/subscriptions/demo/resourceGroups/demo/providers/Microsoft.Communication/communicationServices/demo",
                subject = "/phonenumber/18005550100",
                eventType = "Microsoft.Communication.SMSReceived",
                eventTime = now,
                dataVersion = "1.0",
                data = new { messageId = $"demo-{Guid.NewGuid():N}", from = phone, to = "+18005550100", message = text, receivedTimestamp = now },
            },
        };
        using var response = await http.PostAsJsonAsync("api/notifications/inbound", events, Json, ct);
        return (int)response.StatusCode;
    }

    /// <summary>GET /api/console/questions: the registrations with an unanswered question (the API key stands for the specialist).</summary>
    public async Task<List<string>> OpenQuestionsAsync(CancellationToken ct)
    {
        var list = await http.GetFromJsonAsync<JsonElement>("api/console/questions", Json, ct);
        return [.. list.GetProperty("open").EnumerateArray().Select(q => q.GetProperty("registrationId").GetString()!)];
    }

    /// <summary>POST /api/console/registrations/{id}/questions/reply as a specialist; the status code and how the reply travels.</summary>
    public async Task<(int Status, string? Delivery)> ReplyToQuestionAsync(string id, string requestId, string text, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"api/console/registrations/{id}/questions/reply", new { requestId, text }, Json, ct);
        if (!response.IsSuccessStatusCode) return ((int)response.StatusCode, null);
        var thread = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        var last = thread.GetProperty("messages").EnumerateArray().LastOrDefault();
        return ((int)response.StatusCode, last.ValueKind == JsonValueKind.Object && last.TryGetProperty("delivery", out var d) ? d.GetString() : null);
    }

    /// <summary>What went wrong, in words: "answered 503 Service Unavailable", "refused the connection", ...</summary>
    public static string DescribeFailure(Exception failure) => failure switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } => "refused the API key (401 Unauthorized)",
        HttpRequestException { StatusCode: { } status } => $"answered {(int)status} {Reason(status)}",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "refused the connection (is it still running?)",
        HttpRequestException e => $"stopped answering ({e.HttpRequestError})",
        TaskCanceledException => "did not answer in time",
        _ => failure.GetType().Name,
    };

    private static string Reason(HttpStatusCode status) => status switch
    {
        HttpStatusCode.ServiceUnavailable => "Service Unavailable: it is stopping or stopped",
        _ => status.ToString(),
    };
}

internal sealed record StatusView(string Id, string Stage, string? Awaiting, string? OpenWorkItemId, EstimateStatusView? Estimate = null, IReadOnlyList<StepView>? Steps = null,
    IReadOnlyList<AuthorizationView>? Authorizations = null);

/// <summary>One step of the status (the demo looks for "rescheduled" and the re-check's steps).</summary>
internal sealed record StepView(string Step, string Outcome);

/// <summary>The part of the status API's estimate the demo prints: kind, status, total, lines, the Good Faith Estimate's id and deadline.</summary>
internal sealed record EstimateStatusView(string Kind, string Status, decimal? Total, IReadOnlyList<JsonElement>? Lines, GoodFaithStatusView? GoodFaithEstimate)
{
    /// <summary>"estimate 745.00 (2 lines)", "Good Faith Estimate GFE-... 1,550.00, deliver by 2026-12-10", "estimate: not enough information".</summary>
    public string Describe()
    {
        if (Status != "Complete" || Total is not { } total) return "estimate: not enough information";
        var amount = total.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);
        return GoodFaithEstimate is { } g
            ? $"Good Faith Estimate {g.Id} {amount}, " + (g.DueBy is { } due ? $"deliver by {due}" : "no deadline")
            : $"estimate {amount} ({Lines?.Count ?? 0} lines)";
    }
}

internal sealed record GoodFaithStatusView(string Id, string? DueBy);

/// <summary>One service line's prior authorization as the status shows it (the demo prints line, code and state).</summary>
internal sealed record AuthorizationView(string LineKey, string ServiceCode, string State, string? AuthorizationNumber);

internal sealed record WorkItemView(string Id, string RegistrationId, string Reason, string Explanation);
