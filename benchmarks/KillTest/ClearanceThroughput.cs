using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;

namespace PatientAccess.KillTest;

/// <summary>One batch: N orchestrations of one kind, submitted at once, each timed from its submit to its completion.</summary>
public sealed record BatchResult(
    string Kind,
    int Count,
    int Completed,
    int Cleared,
    double Seconds,
    double PerSecond,
    double P50Seconds,
    double P95Seconds,
    double ActivitiesPerInstance,
    double TimersPerInstance,
    double SubOrchestrationsPerInstance,
    double MessagesPerInstance,
    CosmosCount Cosmos,
    IReadOnlyDictionary<string, double> CpuSeconds,
    string LoadAtEnd);

/// <summary>Cosmos requests against the run's database in one batch's window, read from the emulator's trace (COSMOS_TRACE=1).</summary>
public sealed record CosmosCount(bool Traced, int Requests, int Reads, int Writes, int Queries, int CrossPartitionQueries, long ReadBytes, long WriteBytes)
{
    /// <summary>Average size of a point read's answer, in KB (what its RU charge depends on).</summary>
    public double ReadKilobytes => Reads == 0 ? 0 : ReadBytes / 1024.0 / Reads;

    /// <summary>Average size of a written item, in KB (the request body: what a write's RU charge depends on).</summary>
    public double WriteKilobytes => Writes == 0 ? 0 : WriteBytes / 1024.0 / Writes;
}

/// <summary>Which registration the benchmark clears.</summary>
public enum ThroughputPath
{
    /// <summary>A self-pay patient: no card, no payer; the Good Faith Estimate's counseling item is continued at once.</summary>
    SelfPay,

    /// <summary>
    /// A patient with typed PPO insurance and no card photo: the card deadline passes, the scripted specialist continues,
    /// the payer sandbox answers the 270 and approves the MRI's authorization (an eligibility round and an authorization
    /// line as sub-orchestrations), the estimate: Cleared.
    /// </summary>
    Insured,
}

/// <summary>
/// The clearance throughput benchmark of issue 14 (benchmarks/clearance-throughput.sh): self-pay registrations submitted
/// through the LocalHost's API at once, each clearance run to Cleared with no person in the loop, against the
/// LocalHost's benchmark-only baseline orchestration with as many no-op activities and timers as one clearance's history
/// holds, started N times through the same process, client and backend, in the same run.
/// </summary>
public sealed class ClearanceThroughput(KillTestSettings settings, TextWriter log, ThroughputPath path = ThroughputPath.SelfPay)
{
    /// <summary>
    /// The fastest path to Cleared without an OCR, a payer or a card deadline: a self-pay patient, whose Good Faith
    /// Estimate opens a FinancialCounseling item that the scripted counselor continues at once.
    /// </summary>
    public const string Sample = "demo/self-pay-good-faith-estimate.json";

    /// <summary>The insured path's registration: typed PPO insurance, an office visit and an MRI that needs authorization.</summary>
    public const string InsuredSample = "eligibility/01-active.json";

    private const int SubmitParallelism = 8;
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);
    private readonly List<BatchResult> _batches = [];
    private int _counselorReads;
    private int _counselorResolutions;

    /// <summary>Peak RSS (VmHWM, MB) of each process at the end of the run.</summary>
    public IReadOnlyDictionary<string, double> PeakRss { get; private set; } = new Dictionary<string, double>();

    public async Task<IReadOnlyList<BatchResult>> RunAsync(IReadOnlyList<int> sizes, TimeSpan timerDelay, CancellationToken cancellationToken)
    {
        var logDirectory = Path.Combine(settings.RepoRoot, ".local", "clearance-throughput", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(logDirectory);
        await using var sandbox = await KillTestRun.StartSandboxAsync(settings, cancellationToken);
        var run = settings with { SandboxUrl = PayerSandbox.SandboxApp.BaseAddress(sandbox), BenchmarkBaseline = true };
        await using var host = new LocalHostRunner(run, logDirectory);
        log.WriteLine($"throughput: LocalHost up in {(await host.StartAsync(cancellationToken)).TotalSeconds:F1} s (logs: {logDirectory})");
        using var driver = new ClearanceDriver(run, host.BaseAddress);
        using var api = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { { "X-Api-Key", run.ApiKey } } };
        var engine = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = run.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(run.StorageConnectionString),
        });
        var processes = new ProcessWatch(run, host);

        // Warm-up (JIT, connections, containers), and the shape of the baseline counted from a clearance's history.
        var form = driver.Form(path == ThroughputPath.Insured ? InsuredSample : Sample);
        var warm = await BatchAsync("warm-up clearance", 4, () => SubmitClearanceAsync(api, form, cancellationToken), api, engine, processes, cancellationToken);
        var shape = new BaselineShape((int)Math.Round(warm.ActivitiesPerInstance), (int)Math.Round(warm.TimersPerInstance), timerDelay);
        log.WriteLine($"throughput: {path} path: one clearance schedules {warm.ActivitiesPerInstance:F1} activities, {warm.TimersPerInstance:F1} timers and {warm.SubOrchestrationsPerInstance:F1} sub-orchestrations (their activities and timers counted in); the baseline does {shape.Activities} and {shape.Timers} in one orchestration (timers fire after {timerDelay.TotalSeconds:F0} s)");
        await BatchAsync("warm-up baseline", 4, () => SubmitBaselineAsync(api, shape, cancellationToken), api, engine, processes, cancellationToken);
        _batches.Clear();

        foreach (var n in sizes)
        {
            await BatchAsync("clearance", n, () => SubmitClearanceAsync(api, form, cancellationToken), api, engine, processes, cancellationToken);
            await BatchAsync("baseline", n, () => SubmitBaselineAsync(api, shape, cancellationToken), api, engine, processes, cancellationToken);
        }
        PeakRss = processes.PeakResidentMegabytes();
        foreach (var (name, peak) in PeakRss) log.WriteLine($"throughput: peak RSS (VmHWM) {name}: {peak:F0} MB");
        return [.. _batches];
    }

    private async Task<BatchResult> BatchAsync(string kind, int n, Func<Task<string>> submit, HttpClient api, AzureStorageOrchestrationService engine, ProcessWatch processes, CancellationToken cancellationToken)
    {
        var cosmosFrom = CosmosTrace.Length(settings);
        var cpuFrom = processes.CpuSeconds();
        var submitted = new (string Id, DateTime At)[n];
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = SubmitParallelism, CancellationToken = cancellationToken }, async (i, _) =>
        {
            var at = DateTime.UtcNow;
            submitted[i] = (await submit(), at);
        });
        var submitSeconds = clock.Elapsed.TotalSeconds;
        _counselorReads = _counselorResolutions = 0;
        using var stopSpecialist = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var specialist = kind.Contains("clearance", StringComparison.Ordinal)
            ? SpecialistAsync(api, submitted.Select(s => s.Id).ToList(), stopSpecialist.Token)
            : Task.CompletedTask;

        // Wait for each in submit order (one engine read at a time, so the waiting adds next to nothing to the load).
        var states = new OrchestrationState?[n];
        for (var i = 0; i < n && clock.Elapsed < GiveUpAfter; i++)
        {
            while (clock.Elapsed < GiveUpAfter)
            {
                var state = (await engine.GetOrchestrationStateAsync(submitted[i].Id, allExecutions: false)).FirstOrDefault();
                if (state?.OrchestrationStatus is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated)
                {
                    states[i] = state;
                    break;
                }
                await Task.Delay(250, cancellationToken);
            }
        }
        await stopSpecialist.CancelAsync();
        await specialist;
        var cpu = processes.CpuSeconds().ToDictionary(p => p.Key, p => p.Value - cpuFrom.GetValueOrDefault(p.Key));
        var cosmos = CosmosTrace.Count(settings, cosmosFrom);

        var completed = Enumerable.Range(0, n).Where(i => states[i]?.OrchestrationStatus == OrchestrationStatus.Completed).ToList();
        var latencies = completed.Select(i => (Utc(states[i]!.CompletedTime) - submitted[i].At).TotalSeconds).Order().ToList();
        var last = completed.Count == 0 ? started : completed.Max(i => Utc(states[i]!.CompletedTime));
        var seconds = (last - started).TotalSeconds;

        var activities = 0;
        var timers = 0;
        var children = 0;
        var messages = 0;
        foreach (var i in completed)
        {
            // The instance and its sub-orchestrations (eligibility rounds, authorization lines), each with its own history.
            var instances = new Queue<(string Id, string? ExecutionId)>([(submitted[i].Id, states[i]!.OrchestrationInstance.ExecutionId)]);
            while (instances.TryDequeue(out var instance))
            {
                var executionId = instance.ExecutionId ?? (await engine.GetOrchestrationStateAsync(instance.Id, allExecutions: false)).FirstOrDefault()?.OrchestrationInstance.ExecutionId;
                if (executionId is null) continue;
                var history = History(await engine.GetOrchestrationHistoryAsync(instance.Id, executionId));
                activities += history.Count(e => e.Type == EventType.TaskScheduled);
                timers += history.Count(e => e.Type == EventType.TimerCreated);
                messages += history.Count(e => e.Type is EventType.ExecutionStarted or EventType.TaskScheduled or EventType.TaskCompleted or EventType.TaskFailed
                    or EventType.TimerFired or EventType.EventRaised or EventType.SubOrchestrationInstanceCreated or EventType.SubOrchestrationInstanceCompleted);
                foreach (var child in history.Where(e => e.Type == EventType.SubOrchestrationInstanceCreated && e.InstanceId is not null))
                {
                    children++;
                    instances.Enqueue((child.InstanceId!, null));
                }
            }
        }
        var cleared = kind.Contains("clearance", StringComparison.Ordinal) ? await CountClearedAsync(api, completed.Select(i => submitted[i].Id), cancellationToken) : completed.Count;
        double PerInstance(int total) => completed.Count == 0 ? 0 : (double)total / completed.Count;
        var result = new BatchResult(kind, n, completed.Count, cleared, seconds, completed.Count / Math.Max(seconds, 0.001),
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), PerInstance(activities), PerInstance(timers), PerInstance(children), PerInstance(messages),
            cosmos,
            cpu, KillTestRun.LoadAverage());
        _batches.Add(result);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: {kind} N={n}: {completed.Count} completed ({cleared} final as expected), submitted in {submitSeconds:F1} s, all done in {seconds:F1} s ({result.PerSecond:F2}/s), " +
            $"submit-to-final p50 {result.P50Seconds:F1} s p95 {result.P95Seconds:F1} s; {result.ActivitiesPerInstance:F1} activities, {result.TimersPerInstance:F1} timers, {result.SubOrchestrationsPerInstance:F1} sub-orchestrations, {result.MessagesPerInstance:F1} backend messages per instance; " +
            $"Cosmos {(cosmos.Traced ? $"{(double)cosmos.Requests / n:F1} requests per instance ({(double)cosmos.Reads / n:F1} reads of {cosmos.ReadKilobytes:F2} KB, {(double)cosmos.Writes / n:F1} writes of {cosmos.WriteKilobytes:F2} KB on average, {(double)cosmos.Queries / n:F1} queries, {cosmos.CrossPartitionQueries} cross-partition queries in all)" : "not traced")}; " +
            $"scripted counselor: {_counselorReads} status reads, {_counselorResolutions} resolutions (their Cosmos requests are in the count); " +
            $"CPU s {string.Join(", ", cpu.Select(c => $"{c.Key} {c.Value:F1}"))}; load {result.LoadAtEnd}"));
        return result;
    }

    private static async Task<string> SubmitClearanceAsync(HttpClient api, string form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations") { Content = new StringContent(form, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await api.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("registrationId").GetString()!;
        return $"clearance-{id}";
    }

    private static async Task<string> SubmitBaselineAsync(HttpClient api, BaselineShape shape, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "benchmark/baseline") { Content = JsonContent.Create(shape) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await api.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"baseline start answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("instanceId").GetString()!;
    }

    /// <summary>
    /// A scripted specialist: a self-pay estimate opens a FinancialCounseling work item, an insured patient without a card
    /// photo a CardNotReceived item at the deadline; this answers any open item with Continue as soon as it sees it open
    /// (every unfinished registration is looked at about once a second, four at a time, through the API as the console would).
    /// </summary>
    private async Task SpecialistAsync(HttpClient api, List<string> instanceIds, CancellationToken cancellationToken)
    {
        var pending = new HashSet<string>(instanceIds.Select(i => i["clearance-".Length..]));
        try
        {
            while (pending.Count > 0)
            {
                var done = new System.Collections.Concurrent.ConcurrentBag<string>();
                await Parallel.ForEachAsync(pending.ToList(), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (id, ct) =>
                {
                    var status = await api.GetFromJsonAsync<JsonElement>($"api/registrations/{id}", ct);
                    Interlocked.Increment(ref _counselorReads);
                    if (status.TryGetProperty("clearance", out var engine) && engine.GetString() is "Completed" or "Failed" or "Terminated")
                    {
                        done.Add(id);
                    }
                    else if (status.TryGetProperty("openWorkItemId", out var open) && open.GetString() is { } workItemId)
                    {
                        Interlocked.Increment(ref _counselorResolutions);
                        using var response = await api.PostAsJsonAsync($"api/registrations/{id}/resolution",
                            new { workItemId, action = "Continue", note = "counseling offered (benchmark)" }, ct);
                    }
                });
                pending.ExceptWith(done);
                await Task.Delay(1000, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the batch is over
        }
    }

    /// <summary>How many registrations the API shows as Cleared (read after the batch, outside its timing).</summary>
    private static async Task<int> CountClearedAsync(HttpClient api, IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        var cleared = 0;
        foreach (var instanceId in instanceIds)
        {
            var status = await api.GetFromJsonAsync<JsonElement>($"api/registrations/{instanceId["clearance-".Length..]}", cancellationToken);
            if (status.GetProperty("stage").GetString() == "Cleared") cleared++;
        }
        return cleared;
    }

    private static List<(EventType Type, string? InstanceId)> History(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(e =>
        {
            var t = e.GetProperty("EventType");
            var type = t.ValueKind == JsonValueKind.Number ? (EventType)t.GetInt32() : Enum.Parse<EventType>(t.GetString()!);
            return (type, e.TryGetProperty("InstanceId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null);
        }).ToList();
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>What POST /benchmark/baseline takes (LocalHost's BaselineInput).</summary>
    private sealed record BaselineShape(int Activities, int Timers, TimeSpan TimerDelay);
}

/// <summary>The Cosmos emulator's request trace (tools/emulators/cosmos, COSMOS_TRACE=1), counted for the run's database.</summary>
internal static class CosmosTrace
{
    private static string File(KillTestSettings settings) =>
        Path.Combine(settings.RepoRoot, ".local", "emulators", $"cosmos-{new Uri(settings.CosmosEndpoint).Port}.log");

    public static long Length(KillTestSettings settings) => System.IO.File.Exists(File(settings)) ? new FileInfo(File(settings)).Length : 0;

    public static CosmosCount Count(KillTestSettings settings, long from)
    {
        var path = File(settings);
        if (!System.IO.File.Exists(path)) return new CosmosCount(false, 0, 0, 0, 0, 0, 0, 0);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var marker = $"/dbs/{settings.Database}/colls/";
        int requests = 0, reads = 0, writes = 0, queries = 0, cross = 0;
        long readBytes = 0, writeBytes = 0;
        var traced = false;
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains(" -> ", StringComparison.Ordinal)) continue;
            traced = true;
            if (!line.Contains(marker, StringComparison.Ordinal) || !line.Contains("/docs", StringComparison.Ordinal)) continue;
            requests++;
            var method = line.Split(' ', 4)[2];
            var query = line.Contains("\"x-ms-documentdb-isquery\":\"true\"", StringComparison.OrdinalIgnoreCase)
                || line.Contains("application/query+json", StringComparison.OrdinalIgnoreCase);
            if (query)
            {
                queries++;
                if (!line.Contains("\"x-ms-documentdb-partitionkey\"", StringComparison.OrdinalIgnoreCase)) cross++;
            }
            else if (method == "GET")
            {
                reads++;
                readBytes += AnswerBytes(line);
            }
            else
            {
                writes++;
                writeBytes += ContentLength(line);
            }
        }
        return new CosmosCount(traced || requests > 0, requests, reads, writes, queries, cross, readBytes, writeBytes);
    }

    /// <summary>The request's content-length header (the item written), 0 when absent.</summary>
    private static long ContentLength(string line)
    {
        var match = Regex.Match(line, "\"content-length\":\"(\\d+)\"", RegexOptions.IgnoreCase);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The size of the emulator's answer ("[N bytes]" in its trace), 0 when absent (204/304, an older trace).</summary>
    private static long AnswerBytes(string line)
    {
        var match = Regex.Match(line, "\\[(\\d+) bytes\\]");
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}

/// <summary>The processes of the stack: peak RSS (VmHWM) and CPU seconds from /proc.</summary>
internal sealed class ProcessWatch(KillTestSettings settings, LocalHostRunner host)
{
    private IEnumerable<(string Name, int Pid)> Processes()
    {
        if (host.ProcessId is { } localHost) yield return ("LocalHost", localHost);
        yield return ("benchmark driver + payer sandbox", Environment.ProcessId);
        var state = Path.Combine(settings.RepoRoot, ".local", "emulators");
        foreach (var (name, file) in new[] { ("Azurite", $"azurite-{new Uri(BlobEndpoint()).Port}.pid"), ("Cosmos emulator", $"cosmos-{new Uri(settings.CosmosEndpoint).Port}.pid") })
        {
            var path = Path.Combine(state, file);
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var pid)) yield return (name, pid);
        }
    }

    private string BlobEndpoint() => settings.StorageConnectionString.Split(';').First(p => p.StartsWith("BlobEndpoint=", StringComparison.Ordinal))["BlobEndpoint=".Length..];

    public IReadOnlyDictionary<string, double> PeakResidentMegabytes() => Processes().ToDictionary(p => p.Name, p => Status(p.Pid, "VmHWM:") / 1024.0);

    public IReadOnlyDictionary<string, double> CpuSeconds() => Processes().ToDictionary(p => p.Name, p => Cpu(p.Pid));

    private static double Status(int pid, string field)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return double.NaN;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>utime + stime of the process and its waited-for children, in seconds (clock ticks of 1/100 s).</summary>
    private static double Cpu(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path)) return double.NaN;
        var fields = File.ReadAllText(path).Split(')')[1].Trim().Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
