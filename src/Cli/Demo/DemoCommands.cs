using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientAccess.Cli.Demo;

/// <summary>
/// <c>samples run</c>: drives the bundled sample registrations through a running host the way a portal, a
/// patient's phone and a specialist would, prints each status change, and (with --once) exits 0 only when
/// every sample reached its expected state.
/// </summary>
public static class DemoCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("samples", "run", "samples run --base-url URL --api-key KEY [--manifest FILE] [--once] [--timeout SECONDS]",
            "submit the sample registrations to a running host and follow them", RunAsync),
    ];

    private static async Task<int> RunAsync(CommandContext context)
    {
        var baseUrl = Option(context, "--base-url") ?? "http://127.0.0.1:7071/";
        var apiKey = Option(context, "--api-key") ?? Environment.GetEnvironmentVariable("PATIENTACCESS_API_KEY");
        var manifestPath = Option(context, "--manifest") ?? Path.Combine("samples", "demo.json");
        var once = context.HasFlag("--once");
        var timeout = TimeSpan.FromSeconds(double.Parse(Option(context, "--timeout") ?? "240", CultureInfo.InvariantCulture));
        if (string.IsNullOrEmpty(apiKey))
        {
            await context.Error.WriteLineAsync("samples run: --api-key (or PATIENTACCESS_API_KEY) is required");
            return ExitCodes.Usage;
        }

        var manifest = JsonSerializer.Deserialize<DemoManifest>(await File.ReadAllBytesAsync(manifestPath, context.CancellationToken), Json)
            ?? throw new InvalidDataException("empty manifest");
        var root = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

        var runs = new List<CaseRun>();
        foreach (var demoCase in manifest.Cases)
        {
            var body = await File.ReadAllBytesAsync(Path.Combine(root, demoCase.File), context.CancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request, context.CancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await context.Error.WriteLineAsync($"[{demoCase.Name}] submit failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(context.CancellationToken)}");
                return 1;
            }
            var submitted = await response.Content.ReadFromJsonAsync<JsonElement>(Json, context.CancellationToken);
            var id = submitted.GetProperty("registrationId").GetString()!;
            runs.Add(new CaseRun(demoCase, id));
            await context.Out.WriteLineAsync($"[{demoCase.Name}] submitted as registration {id}; expecting {demoCase.Expect.Describe()}");
        }

        var deadline = DateTime.UtcNow + timeout;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var worklist = await http.GetFromJsonAsync<List<WorkItemView>>("api/worklist?max=500", Json, context.CancellationToken) ?? [];
            // One outbox read per round, and only while a sample still waits for a message.
            var outbox = runs.Exists(r => r.WatchesOutbox) ? await ReadOutboxAsync(http, context) : [];
            foreach (var run in runs)
            {
                await StepAsync(http, run, worklist, outbox, root, context);
            }
            if (runs.All(r => r.Reached))
            {
                await context.Out.WriteLineAsync($"all {runs.Count} samples reached their expected state");
                await PrintOutboxAsync(http, runs, context);
                if (once) return ExitCodes.Success;
                deadline = DateTime.MaxValue; // keep following (Ctrl-C to stop)
            }
            if (once && DateTime.UtcNow > deadline)
            {
                foreach (var run in runs.Where(r => !r.Reached))
                {
                    await context.Error.WriteLineAsync($"[{run.Case.Name}] did not reach {run.Case.Expect.Describe()}: last stage {run.LastStage}");
                }
                return 1;
            }
            await Task.Delay(1000, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return ExitCodes.Success;
    }

    /// <summary>The patient messages the samples produced (the local outbox is the channel a person reads).</summary>
    private static async Task PrintOutboxAsync(HttpClient http, List<CaseRun> runs, CommandContext context)
    {
        var messages = await ReadOutboxAsync(http, context);
        foreach (var run in runs)
        {
            foreach (var m in messages.Where(m => m.RegistrationId == run.Id))
            {
                await context.Out.WriteLineAsync($"[{run.Case.Name}] outbox: {m.Purpose} by {m.Channel}, {m.Status}: \"{m.Text}\"");
            }
        }
    }

    private static async Task<List<OutboxView>> ReadOutboxAsync(HttpClient http, CommandContext context) =>
        await http.GetFromJsonAsync<List<OutboxView>>("api/outbox?max=500", Json, context.CancellationToken) ?? [];

    private static async Task StepAsync(HttpClient http, CaseRun run, List<WorkItemView> worklist, List<OutboxView> outbox, string root, CommandContext context)
    {
        var status = await http.GetFromJsonAsync<StatusView>($"api/registrations/{run.Id}", Json, context.CancellationToken);
        if (status is null) return;
        var item = worklist.FirstOrDefault(w => w.RegistrationId == run.Id);
        var line = status.Stage + (status.Awaiting is null ? "" : $" (awaiting {status.Awaiting})") + (item is null ? "" : $" work item {item.Reason}: {item.Explanation}");
        if (line != run.LastLine)
        {
            run.LastLine = line;
            run.LastStage = status.Stage;
            await context.Out.WriteLineAsync($"[{run.Case.Name}] {line}");
        }

        // The patient's phone: upload the card once the clearance asks for it. With a bad file in the script, that
        // goes first (the intake quarantines it) and the card follows once the "please upload again" text is out.
        if (status.Stage == "AwaitingCard" && run.Case.BadFile is { } bad && !run.BadFileUploaded)
        {
            run.BadFileUploaded = await UploadCardAsync(http, run, Path.Combine(root, bad), context);
        }
        else if (status.Stage == "AwaitingCard" && run.Case.Card is not null && !run.CardUploaded &&
            (run.Case.BadFile is null || await AskedToUploadAgainAsync(outbox, run, context)))
        {
            run.CardUploaded = await UploadCardAsync(http, run, Path.Combine(root, run.Case.Card), context);
        }

        // The specialist: resolve the work items this sample's script names.
        if (item is not null && run.Case.Resolve is not null && run.Case.Resolve.TryGetValue(item.Reason, out var action) && run.Resolved.Add(item.Id))
        {
            using var resolution = await http.PostAsJsonAsync($"api/registrations/{run.Id}/resolution",
                new { workItemId = item.Id, action, note = "demo specialist" }, Json, context.CancellationToken);
            await context.Out.WriteLineAsync($"[{run.Case.Name}] specialist resolved {item.Reason} with {action} ({(int)resolution.StatusCode})");
        }

        // The patient's phone again: once the first reminder is in the outbox, text back (e.g. STOP) the way ACS
        // delivers it, through Event Grid to the inbound endpoint; the answer shows up in the outbox.
        if (run.Case.PatientTexts is { } text && !run.ReplySeen)
        {
            var mine = outbox.Where(m => m.RegistrationId == run.Id).ToList();
            if (!run.Texted && mine.Exists(m => m.Purpose == "CardNeeded"))
            {
                run.Texted = await TextBackAsync(http, run, root, text, context);
            }
            run.ReplySeen = run.Texted && mine.Exists(m => m.Purpose == "KeywordReply");
        }

        run.Reached = run.Case.Expect.IsMet(status.Stage, item?.Reason) && (run.Case.PatientTexts is null || run.ReplySeen);
    }

    /// <summary>True once the outbox holds the "please upload again" reminder the refused file caused.</summary>
    private static async Task<bool> AskedToUploadAgainAsync(List<OutboxView> outbox, CaseRun run, CommandContext context)
    {
        var asked = outbox.Find(m => m.RegistrationId == run.Id && m.Purpose == "CardUnreadable");
        if (asked is not null)
        {
            await context.Out.WriteLineAsync($"[{run.Case.Name}] the refused file was quarantined; the patient was asked to upload again: \"{asked.Text}\"");
        }
        return asked is not null;
    }

    /// <summary>Posts the patient's text as ACS's SMSReceived event in the Event Grid schema.</summary>
    private static async Task<bool> TextBackAsync(HttpClient http, CaseRun run, string root, string text, CommandContext context)
    {
        using var sample = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(root, run.Case.File), context.CancellationToken));
        var phone = sample.RootElement.GetProperty("patient").GetProperty("phone").GetString();
        var now = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture);
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
        using var response = await http.PostAsJsonAsync("api/notifications/inbound", events, Json, context.CancellationToken);
        await context.Out.WriteLineAsync($"[{run.Case.Name}] patient texted \"{text}\" after the first reminder ({(int)response.StatusCode})");
        return response.IsSuccessStatusCode;
    }

    private static async Task<bool> UploadCardAsync(HttpClient http, CaseRun run, string imagePath, CommandContext context)
    {
        using var urlResponse = await http.PostAsJsonAsync($"api/registrations/{run.Id}/card-upload-url",
            new { side = "front", contentType = "image/jpeg" }, Json, context.CancellationToken);
        if (!urlResponse.IsSuccessStatusCode)
        {
            await context.Error.WriteLineAsync($"[{run.Case.Name}] no upload URL: {(int)urlResponse.StatusCode}");
            return false;
        }
        var target = await urlResponse.Content.ReadFromJsonAsync<JsonElement>(Json, context.CancellationToken);
        using var blob = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, target.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(await File.ReadAllBytesAsync(imagePath, context.CancellationToken)) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        put.Content.Headers.ContentType = new("image/jpeg");
        using var uploaded = await blob.SendAsync(put, context.CancellationToken);
        await context.Out.WriteLineAsync($"[{run.Case.Name}] patient uploaded {Path.GetFileName(imagePath)} ({(int)uploaded.StatusCode})");
        return uploaded.IsSuccessStatusCode;
    }

    private static string? Option(CommandContext context, string name)
    {
        var args = context.Arguments;
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name) return args[i + 1];
        }
        return null;
    }

    private sealed class CaseRun(DemoCase demoCase, string id)
    {
        public DemoCase Case { get; } = demoCase;
        public string Id { get; } = id;
        public string? LastLine { get; set; }
        public string? LastStage { get; set; }
        public bool CardUploaded { get; set; }
        public bool BadFileUploaded { get; set; }
        public bool Texted { get; set; }
        public bool ReplySeen { get; set; }

        /// <summary>Still waiting for a message in the outbox: the reminder to text back to, or the "upload again" before the card.</summary>
        public bool WatchesOutbox => (Case.PatientTexts is not null && !ReplySeen) || (Case.BadFile is not null && !CardUploaded);
        public bool Reached { get; set; }
        public HashSet<string> Resolved { get; } = [];
    }

    private sealed record StatusView(string Id, string Stage, string? Awaiting, string? OpenWorkItemId);

    private sealed record OutboxView(string RegistrationId, string Purpose, string Channel, string Status, string Text);

    private sealed record WorkItemView(string Id, string RegistrationId, string Reason, string Explanation);
}

/// <summary>samples/demo.json: which registrations to submit and what each should end as.</summary>
public sealed record DemoManifest(IReadOnlyList<DemoCase> Cases);

/// <param name="Card">A card image to upload when the clearance asks for it (relative to the manifest).</param>
/// <param name="Resolve">Work item reason → the specialist's resolution action (Continue, RetryPatientStep, Close).</param>
/// <param name="PatientTexts">A text the patient sends back after the first reminder (e.g. STOP); the case is done only once the answer is in the outbox.</param>
/// <param name="BadFile">A file uploaded before <paramref name="Card"/> that the intake must refuse; the card follows the "please upload again" reminder.</param>
public sealed record DemoCase(string Name, string File, string? Card, IReadOnlyDictionary<string, string>? Resolve, DemoExpectation Expect, string? PatientTexts = null, string? BadFile = null);

/// <summary>The stage to reach and, for NeedsAttention, the reason of the open work item.</summary>
public sealed record DemoExpectation(string Stage, string? WorkItemReason)
{
    public bool IsMet(string stage, string? openReason) =>
        stage == Stage && (WorkItemReason is null || WorkItemReason == openReason);

    public string Describe() => WorkItemReason is null ? Stage : $"{Stage} ({WorkItemReason})";
}
