using System.Globalization;
using System.Text.Json;

namespace PatientAccess.Cli.Demo;

/// <summary>
/// The demo client that <c>./run.sh</c> drives: <c>samples run</c> submits the bundled sample registrations to a
/// running host and plays the portal, the patient's phone and the specialist until each sample reached its expected
/// state; <c>samples follow</c> keeps printing what changes afterwards; <c>samples render</c> prints one sample as a
/// request body. Both print changes only (<see cref="ChangeFeed"/>). The API key comes from
/// <c>PATIENTACCESS_API_KEY</c> or a file (<c>--api-key-file</c>), never from the command line, which every user of the
/// machine can read with <c>ps</c>. When the host stops first, they say so in one line and exit 3.
/// </summary>
public static class DemoCommands
{
    /// <summary>The environment variable the API key may come from.</summary>
    public const string ApiKeyVariable = "PATIENTACCESS_API_KEY";

    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("samples", "run", "samples run --base-url URL [--api-key-file FILE] [--manifest FILE] [--timeout SECONDS] [--state FILE]",
            "submit the samples, drive each to its expected state (exit 0), print what changes", RunAsync),
        new("samples", "follow", "samples follow --base-url URL --state FILE [--api-key-file FILE] [--interval SECONDS]",
            "keep printing what changes for the samples of a run until Ctrl-C", FollowAsync),
        new("samples", "render", "samples render FILE",
            "print a sample registration with its visit resolved from today", RenderAsync),
    ];

    private static async Task<int> RunAsync(CommandContext context)
    {
        if (await ApiKeyAsync(context, "run") is not { } apiKey) return ExitCodes.Usage;
        var manifestPath = Option(context, "--manifest") ?? Path.Combine("samples", "demo.json");
        var timeout = TimeSpan.FromSeconds(double.Parse(Option(context, "--timeout") ?? "240", CultureInfo.InvariantCulture));
        var statePath = Option(context, "--state");
        DemoManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<DemoManifest>(await File.ReadAllBytesAsync(manifestPath, context.CancellationToken), DemoApi.Json)
                ?? throw new InvalidDataException("empty manifest");
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"samples run: cannot read the manifest {manifestPath}: {e.Message}");
            return ExitCodes.Usage;
        }
        var root = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;

        return await WithHostAsync(context, "run", apiKey, ExitCodes.Usage, async api =>
        {
            var clock = TimeProvider.System;
            var feed = new ChangeFeed();
            var runs = new List<CaseRun>();
            foreach (var demoCase in manifest.Cases)
            {
                var body = SampleRegistration.Resolve(await File.ReadAllTextAsync(Path.Combine(root, demoCase.File), context.CancellationToken), clock.GetUtcNow());
                var (id, error) = await api.SubmitAsync(body, context.CancellationToken);
                if (id is null)
                {
                    await context.Error.WriteLineAsync($"[{demoCase.Name}] submit failed: {error}");
                    return 1;
                }
                runs.Add(new CaseRun(demoCase, id));
                feed.Add(demoCase.Name, id);
                await context.Out.WriteLineAsync($"[{demoCase.Name}] submitted as registration {id}; expecting {demoCase.Expect.Describe()}");
            }

            var deadline = clock.GetUtcNow() + timeout;
            while (true)
            {
                var worklist = await api.WorklistAsync(context.CancellationToken);
                // The outbox only while a sample still waits for a message (one read per round).
                var outbox = runs.Exists(r => r.WatchesOutbox) ? await api.OutboxAsync(context.CancellationToken) : [];
                await PrintAsync(context, feed.Outbox(outbox));
                foreach (var run in runs)
                {
                    await StepAsync(api, run, worklist, outbox, root, feed, clock, context);
                }
                if (runs.All(r => r.Reached))
                {
                    await context.Out.WriteLineAsync($"all {runs.Count} samples reached their expected state");
                    await PrintAsync(context, feed.Outbox(await api.OutboxAsync(context.CancellationToken)));
                    await SaveAsync(statePath, feed, context.CancellationToken);
                    return ExitCodes.Success;
                }
                if (clock.GetUtcNow() > deadline)
                {
                    foreach (var run in runs.Where(r => !r.Reached))
                    {
                        await context.Error.WriteLineAsync($"[{run.Case.Name}] did not reach {run.Case.Expect.Describe()}: last stage {run.LastStage}");
                    }
                    await SaveAsync(statePath, feed, context.CancellationToken);
                    return 1;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken);
            }
        });
    }

    private static async Task<int> FollowAsync(CommandContext context)
    {
        if (await ApiKeyAsync(context, "follow") is not { } apiKey) return ExitCodes.Usage;
        var statePath = Option(context, "--state");
        var interval = TimeSpan.FromSeconds(double.Parse(Option(context, "--interval") ?? "3", CultureInfo.InvariantCulture));
        DemoState? state;
        try
        {
            state = statePath is null ? null : JsonSerializer.Deserialize<DemoState>(await File.ReadAllBytesAsync(statePath, context.CancellationToken), DemoApi.Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"samples follow: cannot read {statePath}: {e.Message}");
            return ExitCodes.Usage;
        }
        if (state is null)
        {
            await context.Error.WriteLineAsync("samples follow: --state FILE (written by samples run --state FILE) is required");
            return ExitCodes.Usage;
        }

        return await WithHostAsync(context, "follow", apiKey, ExitCodes.Success, async api =>
        {
            var feed = new ChangeFeed(state.Samples);
            await context.Out.WriteLineAsync($"following {state.Samples.Count} samples; printing what changes (Ctrl-C to stop)");
            while (true)
            {
                var worklist = await api.WorklistAsync(context.CancellationToken);
                foreach (var sample in state.Samples)
                {
                    var status = await api.StatusAsync(sample.Id, context.CancellationToken);
                    await PrintAsync(context, feed.Status(sample.Id, Line(status, worklist.Find(w => w.RegistrationId == sample.Id))));
                }
                await PrintAsync(context, feed.Outbox(await api.OutboxAsync(context.CancellationToken)));
                await Task.Delay(interval, context.CancellationToken);
            }
        });
    }

    private static async Task<int> RenderAsync(CommandContext context)
    {
        if (context.Positional is not [var path])
        {
            await context.Error.WriteLineAsync("usage: samples render FILE");
            return ExitCodes.Usage;
        }
        try
        {
            await context.Out.WriteLineAsync(SampleRegistration.Resolve(await File.ReadAllTextAsync(path, context.CancellationToken), TimeProvider.System.GetUtcNow()));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            await context.Error.WriteLineAsync($"samples render: {path}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"samples render: {e.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>
    /// The client for <c>--base-url</c> with the API key, and the one place a host that stops answering becomes a line
    /// on stderr and exit code 3 instead of a stack trace. Ctrl-C ends with <paramref name="whenCancelled"/>.
    /// </summary>
    private static async Task<int> WithHostAsync(CommandContext context, string command, string apiKey, int whenCancelled, Func<DemoApi, Task<int>> body)
    {
        var baseUrl = Option(context, "--base-url") ?? "http://127.0.0.1:7071/";
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        try
        {
            return await body(new DemoApi(http));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return whenCancelled;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await context.Error.WriteLineAsync($"samples {command}: the host at {baseUrl} {DemoApi.DescribeFailure(e)}; stopping");
            return ExitCodes.HostUnavailable;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            await context.Error.WriteLineAsync($"samples {command}: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The key from <c>--api-key-file</c> or <see cref="ApiKeyVariable"/>; <c>--api-key</c> is refused.</summary>
    private static async Task<string?> ApiKeyAsync(CommandContext context, string command)
    {
        if (context.HasFlag("--api-key"))
        {
            await context.Error.WriteLineAsync($"samples {command}: --api-key is not accepted: every user of this machine can read a command line (ps). " +
                $"Put the key in {ApiKeyVariable} or in a file only you can read (--api-key-file FILE).");
            return null;
        }
        string? key;
        if (Option(context, "--api-key-file") is { } file)
        {
            try
            {
                key = (await File.ReadAllTextAsync(file, context.CancellationToken)).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync($"samples {command}: cannot read the API key file: {e.Message}");
                return null;
            }
        }
        else
        {
            key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        }
        if (string.IsNullOrWhiteSpace(key))
        {
            await context.Error.WriteLineAsync($"samples {command}: the API key is required: set {ApiKeyVariable} or pass --api-key-file FILE");
            return null;
        }
        return key;
    }

    /// <summary>One sample's turn: print its status when it changed, and act as the patient or the specialist its script says.</summary>
    private static async Task StepAsync(DemoApi api, CaseRun run, List<WorkItemView> worklist, List<OutboxView> outbox, string root, ChangeFeed feed,
        TimeProvider clock, CommandContext context)
    {
        var ct = context.CancellationToken;
        var status = await api.StatusAsync(run.Id, ct);
        var item = worklist.Find(w => w.RegistrationId == run.Id);
        run.LastStage = status.Stage;
        await PrintAsync(context, feed.Status(run.Id, Line(status, item)));

        // The patient's phone: upload the card once the clearance asks for it. With a bad file in the script, that
        // goes first (the intake quarantines it) and the card follows once the "please upload again" text is out.
        if (status.Stage == "AwaitingCard" && run.Case.BadFile is { } bad && !run.BadFileUploaded)
        {
            run.BadFileUploaded = await UploadAsync(api, run, Path.Combine(root, bad), context);
        }
        else if (status.Stage == "AwaitingCard" && run.Case.Card is not null && !run.CardUploaded &&
            (run.Case.BadFile is null || outbox.Exists(m => m.RegistrationId == run.Id && m.Purpose == "CardUnreadable")))
        {
            if (run.Case.BadFile is not null) await context.Out.WriteLineAsync($"[{run.Case.Name}] the refused file was quarantined and the patient asked to upload again");
            run.CardUploaded = await UploadAsync(api, run, Path.Combine(root, run.Case.Card), context);
        }

        // The specialist: resolve the work items this sample's script names.
        if (item is not null && run.Case.Resolve is not null && run.Case.Resolve.TryGetValue(item.Reason, out var action) && run.Resolved.Add(item.Id))
        {
            var answered = await api.ResolveAsync(run.Id, item.Id, action, ct);
            await context.Out.WriteLineAsync($"[{run.Case.Name}] specialist resolved {item.Reason} with {action} ({answered})");
        }

        // The patient's phone again: once the first reminder is in the outbox, text back (e.g. STOP) the way ACS
        // delivers it, through Event Grid to the inbound endpoint; the answer shows up in the outbox.
        if (run.Case.PatientTexts is { } text && !run.ReplySeen)
        {
            var mine = outbox.Where(m => m.RegistrationId == run.Id).ToList();
            if (!run.Texted && mine.Exists(m => m.Purpose == "CardNeeded"))
            {
                using var sample = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(root, run.Case.File), ct));
                var phone = sample.RootElement.GetProperty("patient").GetProperty("phone").GetString();
                var answered = await api.TextBackAsync(phone, text, clock.GetUtcNow(), ct);
                await context.Out.WriteLineAsync($"[{run.Case.Name}] patient texted \"{text}\" after the first reminder ({answered})");
                run.Texted = answered is >= 200 and < 300;
            }
            run.ReplySeen = run.Texted && mine.Exists(m => m.Purpose == "KeywordReply");
        }

        // The patient's phone: a question that is not a keyword, as ACS delivers it; then the specialist answers it from the
        // console's question list. Done once the reply is in the outbox (sent, or held by quiet hours or a daily cap).
        if (run.Case.PatientAsks is { } question && !run.Asked)
        {
            using var sample = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(root, run.Case.File), ct));
            var phone = sample.RootElement.GetProperty("patient").GetProperty("phone").GetString();
            var answered = await api.TextBackAsync(phone, question, clock.GetUtcNow(), ct);
            await context.Out.WriteLineAsync($"[{run.Case.Name}] patient texted a question: \"{question}\" ({answered})");
            run.Asked = answered is >= 200 and < 300;
        }
        if (run.Asked && run.Case.SpecialistAnswers is { } reply && !run.Answered && (await api.OpenQuestionsAsync(ct)).Contains(run.Id))
        {
            var (answered, delivery) = await api.ReplyToQuestionAsync(run.Id, "demo-reply-" + run.Id, reply, ct);
            await context.Out.WriteLineAsync($"[{run.Case.Name}] specialist answered from the console: \"{reply}\" ({answered}, {delivery})");
            run.Answered = answered is >= 200 and < 300;
        }
        run.ReplyInOutbox |= run.Answered && outbox.Exists(m => m.RegistrationId == run.Id && m.Purpose == "QuestionReply");
        var questionDone = run.Case.PatientAsks is null || run.ReplyInOutbox;

        // The scheduler: cancel the visit once the first reminder is out (the patient asked for a confirmation), or move
        // a cleared visit by the script's days (a year on lands in another benefit year: eligibility is checked again).
        if (run.Case.Cancel is { } reason && !run.Changed && outbox.Exists(m => m.RegistrationId == run.Id && m.Purpose == "CardNeeded"))
        {
            var answered = await api.CancelAsync(run.Id, reason, ct);
            await context.Out.WriteLineAsync($"[{run.Case.Name}] scheduler cancelled the visit: \"{reason}\" ({answered})");
            run.Changed = answered is >= 200 and < 300;
        }
        if (run.Case.RescheduleDays is { } days && !run.Changed && status.Stage == "Cleared")
        {
            using var sample = JsonDocument.Parse(SampleRegistration.Resolve(await File.ReadAllTextAsync(Path.Combine(root, run.Case.File), ct), clock.GetUtcNow()));
            var appointment = System.Text.Json.Nodes.JsonNode.Parse(sample.RootElement.GetProperty("appointment").GetRawText())!;
            var moved = DateTimeOffset.Parse(appointment["scheduledAt"]!.GetValue<string>(), CultureInfo.InvariantCulture).AddDays(days);
            appointment["scheduledAt"] = moved.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
            var answered = await api.RescheduleAsync(run.Id, JsonSerializer.SerializeToElement(appointment), ct);
            await context.Out.WriteLineAsync($"[{run.Case.Name}] scheduler moved the visit {days} days to {moved:yyyy-MM-dd} ({answered})");
            run.Changed = answered is >= 200 and < 300;
        }
        var changeDone = run.Case.Cancel is null && run.Case.RescheduleDays is null
            || (run.Changed && (run.Case.RescheduleDays is null || status.Steps?.Any(s => s.Step.StartsWith("recheck-", StringComparison.Ordinal)) == true));

        run.Reached = run.Case.Expect.IsMet(status.Stage, item?.Reason, status.Estimate) && (run.Case.PatientTexts is null || run.ReplySeen) && changeDone && questionDone;
    }

    private static async Task<bool> UploadAsync(DemoApi api, CaseRun run, string imagePath, CommandContext context)
    {
        var status = await api.UploadCardAsync(run.Id, imagePath, context.CancellationToken);
        if (status is null)
        {
            await context.Error.WriteLineAsync($"[{run.Case.Name}] no upload URL");
            return false;
        }
        await context.Out.WriteLineAsync($"[{run.Case.Name}] patient uploaded {Path.GetFileName(imagePath)} ({status})");
        return status is >= 200 and < 300;
    }

    /// <summary>
    /// "NeedsAttention (awaiting Specialist) work item CardNotReceived: ..." or "Cleared estimate 745.00 (2 lines)" as the
    /// demo prints a sample's state.
    /// </summary>
    private static string Line(StatusView status, WorkItemView? item) =>
        status.Stage + (status.Awaiting is null ? "" : $" (awaiting {status.Awaiting})") + Authorizations(status)
        + (status.Estimate is null ? "" : " " + status.Estimate.Describe())
        + (item is null ? "" : $" work item {item.Reason}: {item.Explanation}");

    /// <summary>" authorizations [1 99213 NotNeeded, 2 70551 Approved SBX...]": each line's decision, so a change shows as a new line.</summary>
    private static string Authorizations(StatusView status) =>
        status.Authorizations is not { Count: > 0 } lines ? ""
        : " authorizations [" + string.Join(", ", lines.Select(a => $"{a.LineKey} {a.ServiceCode} {a.State}" + (a.AuthorizationNumber is null ? "" : $" {a.AuthorizationNumber}"))) + "]";

    private static async Task PrintAsync(CommandContext context, IReadOnlyList<string> lines)
    {
        foreach (var line in lines) await context.Out.WriteLineAsync(line);
    }

    private static async Task SaveAsync(string? path, ChangeFeed feed, CancellationToken ct)
    {
        if (path is null) return;
        await File.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(new DemoState(feed.Snapshot()), DemoApi.Json), ct);
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
        public string? LastStage { get; set; }
        public bool CardUploaded { get; set; }
        public bool BadFileUploaded { get; set; }
        public bool Texted { get; set; }
        public bool ReplySeen { get; set; }

        /// <summary>Still waiting for a message in the outbox: the reminder to text back to, or the "upload again" before the card.</summary>
        public bool WatchesOutbox => (Case.PatientTexts is not null && !ReplySeen) || (Case.BadFile is not null && !CardUploaded) || (Case.Cancel is not null && !Changed)
            || (Case.PatientAsks is not null && !ReplyInOutbox);

        /// <summary>The patient's question was delivered, the specialist's answer accepted, and the answer is in the outbox.</summary>
        public bool Asked { get; set; }
        public bool Answered { get; set; }
        public bool ReplyInOutbox { get; set; }

        /// <summary>The scheduler's change of the script (cancel or reschedule) was accepted.</summary>
        public bool Changed { get; set; }
        public bool Reached { get; set; }
        public HashSet<string> Resolved { get; } = [];
    }
}

/// <summary>What <c>samples run --state FILE</c> leaves for <c>samples follow</c>: the samples and what was printed for them.</summary>
public sealed record DemoState(IReadOnlyList<SampleSeen> Samples);

/// <summary>samples/demo.json: which registrations to submit and what each should end as.</summary>
public sealed record DemoManifest(IReadOnlyList<DemoCase> Cases);

/// <param name="Card">A card image to upload when the clearance asks for it (relative to the manifest).</param>
/// <param name="Resolve">Work item reason → the specialist's resolution action (Continue, RetryPatientStep, Close).</param>
/// <param name="PatientTexts">A text the patient sends back after the first reminder (e.g. STOP); the case is done only once the answer is in the outbox.</param>
/// <param name="BadFile">A file uploaded before <paramref name="Card"/> that the intake must refuse; the card follows the "please upload again" reminder.</param>
/// <param name="Cancel">The visit is cancelled with this reason once the first reminder is out (a confirmation asked for).</param>
/// <param name="RescheduleDays">Once cleared, the visit moves this many days; the case is done when the re-check ran.</param>
/// <param name="PatientAsks">A question the patient texts (not a keyword) once registered; it opens a thread on the registration.</param>
/// <param name="SpecialistAnswers">The specialist's reply from the console once the question is listed; the case is done when the reply is in the outbox.</param>
public sealed record DemoCase(string Name, string File, string? Card, IReadOnlyDictionary<string, string>? Resolve, DemoExpectation Expect, string? PatientTexts = null, string? BadFile = null,
    string? Cancel = null, int? RescheduleDays = null, string? PatientAsks = null, string? SpecialistAnswers = null);

/// <summary>
/// The stage to reach and, for NeedsAttention, the reason of the open work item; <paramref name="Estimate"/>: the kind of
/// estimate on the registration ("Estimated" from the benefits, "GoodFaithEstimate" for a self-pay patient).
/// </summary>
public sealed record DemoExpectation(string Stage, string? WorkItemReason, string? Estimate = null)
{
    internal bool IsMet(string stage, string? openReason, EstimateStatusView? estimate) =>
        stage == Stage && (WorkItemReason is null || WorkItemReason == openReason)
        && (Estimate is null || (estimate is { Status: "Complete" } e && (e.GoodFaithEstimate is null ? "Estimated" : "GoodFaithEstimate") == Estimate));

    public string Describe() => (WorkItemReason is null ? Stage : $"{Stage} ({WorkItemReason})") + (Estimate is null ? "" : $" with {Estimate}");
}
