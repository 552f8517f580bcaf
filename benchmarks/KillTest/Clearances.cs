using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientAccess.KillTest;

/// <summary>The three kinds of clearance the kill test drives, each with the state it must end in.</summary>
public enum ClearanceKind
{
    /// <summary>No card photo: the deadline passes, a specialist continues, the payer confirms coverage and approves the MRI's authorization, the estimate: Cleared.</summary>
    Active,

    /// <summary>As Active, but the payer does not know the member: NeedsAttention with a MemberNotFound work item.</summary>
    MemberNotFound,

    /// <summary>The patient uploads the card photo, Tesseract reads it, the payer confirms and approves, the estimate: Cleared without a specialist.</summary>
    CardPhoto,
}

/// <summary>One clearance in flight, as the driver sees it through the API.</summary>
public sealed class DrivenClearance(int number, ClearanceKind kind)
{
    public int Number { get; } = number;
    public ClearanceKind Kind { get; } = kind;
    public string IdempotencyKey { get; } = Guid.NewGuid().ToString();
    public string? Id { get; set; }
    public bool DeadlineResolved { get; set; }
    public bool Uploaded { get; set; }
    public string? Stage { get; set; }
    public string? OpenWorkItemId { get; set; }
    public string? Engine { get; set; }
    public DateTimeOffset? FinalAt { get; set; }

    /// <summary>
    /// The payer questions this clearance asks: one (the member-not-found sample has no alternate identity data to
    /// re-query with, so the payer's AAA 75 goes to a specialist after the first question).
    /// </summary>
    public static int ExpectedPayerQuestions => 1;

    public bool IsFinal => Kind switch
    {
        ClearanceKind.MemberNotFound => Stage == "NeedsAttention" && OpenWorkItemId?.EndsWith("-eligibility-1", StringComparison.Ordinal) == true,
        _ => Stage == "Cleared" && Engine == "Completed",
    };
}

/// <summary>
/// Drives clearances through the LocalHost's API as a portal, a phone and a specialist would: submit, upload the card
/// photo, resolve the card-deadline item with "continue". Every call tolerates the LocalHost being dead (it is killed
/// under it) and is safe to repeat: the same Idempotency-Key, the same resolution.
/// </summary>
public sealed class ClearanceDriver(KillTestSettings settings, Uri baseAddress) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _api = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15), DefaultRequestHeaders = { { "X-Api-Key", settings.ApiKey } } };
    private readonly HttpClient _phone = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static ClearanceKind KindOf(int number, int cardEvery) =>
        cardEvery > 0 && number % cardEvery == 0 ? ClearanceKind.CardPhoto
        : number % 5 == 1 ? ClearanceKind.MemberNotFound
        : ClearanceKind.Active;

    /// <summary>Moves one clearance a step if it can; false when the LocalHost did not answer.</summary>
    public async Task<bool> StepAsync(DrivenClearance clearance, CancellationToken cancellationToken)
    {
        try
        {
            if (clearance.Id is null)
            {
                await SubmitAsync(clearance, cancellationToken);
                return clearance.Id is not null;
            }
            using var response = await _api.GetAsync(new Uri($"api/registrations/{clearance.Id}", UriKind.Relative), cancellationToken);
            if (!response.IsSuccessStatusCode) return false;
            var status = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            clearance.Stage = status.GetProperty("stage").GetString();
            clearance.OpenWorkItemId = status.TryGetProperty("openWorkItemId", out var open) ? open.GetString() : null;
            clearance.Engine = status.TryGetProperty("clearance", out var engine) ? engine.GetString() : null;
            if (clearance.IsFinal)
            {
                clearance.FinalAt ??= DateTimeOffset.UtcNow;
                return true;
            }
            clearance.FinalAt = null;
            if (clearance.Kind == ClearanceKind.CardPhoto && !clearance.Uploaded && clearance.Stage is "AwaitingCard" or "NeedsAttention")
            {
                await UploadAsync(clearance, cancellationToken);
            }
            else if (clearance.Kind != ClearanceKind.CardPhoto && !clearance.DeadlineResolved
                && clearance.OpenWorkItemId?.EndsWith("-card-deadline-1", StringComparison.Ordinal) == true)
            {
                await ResolveAsync(clearance, cancellationToken);
            }
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            return false; // the LocalHost is down or restarting
        }
    }

    private async Task SubmitAsync(DrivenClearance clearance, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations") { Content = new StringContent(Body(clearance.Kind), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", clearance.IdempotencyKey);
        using var response = await _api.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted) return;
        clearance.Id = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("registrationId").GetString();
    }

    private async Task UploadAsync(DrivenClearance clearance, CancellationToken cancellationToken)
    {
        using var url = await _api.PostAsJsonAsync($"api/registrations/{clearance.Id}/card-upload-url", new { side = "front", contentType = "image/jpeg" }, cancellationToken);
        if (!url.IsSuccessStatusCode) return;
        var target = (await url.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("uploadUrl").GetString();
        var image = await File.ReadAllBytesAsync(Path.Combine(settings.RepoRoot, "samples", "demo", "cards", "card-3003-commercial-ppo-clean.jpg"), cancellationToken);
        using var put = new HttpRequestMessage(HttpMethod.Put, target) { Content = new ByteArrayContent(image) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var uploaded = await _phone.SendAsync(put, cancellationToken);
        clearance.Uploaded = uploaded.IsSuccessStatusCode;
    }

    private async Task ResolveAsync(DrivenClearance clearance, CancellationToken cancellationToken)
    {
        using var response = await _api.PostAsJsonAsync($"api/registrations/{clearance.Id}/resolution",
            new { workItemId = clearance.OpenWorkItemId, action = "Continue", note = "insurance confirmed by phone" }, cancellationToken);
        // 409 work-item-not-open: an earlier attempt resolved it and the clearance went on.
        clearance.DeadlineResolved = response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict;
    }

    public void Dispose()
    {
        _api.Dispose();
        _phone.Dispose();
    }

    /// <summary>The sample registration of a kind, with the visit two weeks from today.</summary>
    private string Body(ClearanceKind kind)
    {
        var file = kind switch
        {
            ClearanceKind.MemberNotFound => Path.Combine("eligibility", "05-member-not-found.json"),
            ClearanceKind.CardPhoto => Path.Combine("demo", "card-upload-sandbox-ppo-active.json"),
            _ => Path.Combine("eligibility", "01-active.json"),
        };
        return Form(file);
    }

    /// <summary>A sample registration (path under samples/) with the visit two weeks from today.</summary>
    public string Form(string sampleFile)
    {
        var form = JsonNode.Parse(File.ReadAllText(Path.Combine(settings.RepoRoot, "samples", sampleFile)))!;
        var visit = DateTimeOffset.UtcNow.AddDays(14);
        form["appointment"]!["scheduledAt"] = new DateTimeOffset(visit.Year, visit.Month, visit.Day, 15, 30, 0, TimeSpan.Zero)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return form.ToJsonString();
    }
}
