using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PatientAccess.KillTest;

// The kill -9 proof (issue 10), run by benchmarks/kill-test.sh against the emulators it starts:
//   PatientAccess.KillTest [--clearances 200] [--kills 10] [--api-port 7171] [--sandbox-port 7180] [--seed N]
//                          [--card-every 10] [--submit-over 120] [--measure-return] [--report FILE]
//   PatientAccess.KillTest --throughput 50,200 [--path selfpay|insured] [--card-wait-seconds 5] [--timer-seconds 0] ...
//                          (the clearance throughput benchmark, issue 14; the insured path's timers default to the card wait)
// Environment: AZURITE_CONNECTION_STRING, COSMOS_ENDPOINT (as test.sh exports them). Exit code 0 when every check passed.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.Ordinal);
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set (see benchmarks/kill-test.sh).");

var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "PatientAccess.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("PatientAccess.sln not found above the tool.");
var settings = new KillTestSettings
{
    RepoRoot = root,
    Clearances = Int("clearances", 200),
    Kills = Int("kills", 10),
    CardEvery = Int("card-every", 10),
    SubmitOver = TimeSpan.FromSeconds(Int("submit-over", 120)),
    Seed = Int("seed", Environment.TickCount),
    MeasureReturn = options.ContainsKey("measure-return"),
    ApiPort = Int("api-port", 7171),
    SandboxUrl = new Uri($"http://127.0.0.1:{Int("sandbox-port", 7180)}/"),
    StorageConnectionString = Env("AZURITE_CONNECTION_STRING"),
    CosmosEndpoint = Env("COSMOS_ENDPOINT"),
};
if (options.TryGetValue("throughput", out var sizes))
{
    // benchmarks/clearance-throughput.sh: --throughput 50,200 [--path selfpay|insured] [--timer-seconds 0] [--report FILE]
    var path = options.GetValueOrDefault("path", "selfpay") switch
    {
        "selfpay" => ThroughputPath.SelfPay,
        "insured" => ThroughputPath.Insured,
        var other => throw new ArgumentException($"--path {other}: selfpay or insured"),
    };
    var cardWait = Int("card-wait-seconds", 5);
    if (path == ThroughputPath.Insured) settings = settings with { CardWait = TimeSpan.FromSeconds(cardWait) };
    var throughput = new ClearanceThroughput(settings, Console.Out, path);
    var batches = await throughput.RunAsync([.. sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
        TimeSpan.FromSeconds(Int("timer-seconds", path == ThroughputPath.Insured ? cardWait : 0)), CancellationToken.None);
    foreach (var n in batches.Select(b => b.Count).Distinct())
    {
        var clearance = batches.First(b => b.Count == n && b.Kind == "clearance");
        var baseline = batches.First(b => b.Count == n && b.Kind == "baseline");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput: N={n}: clearance/baseline {baseline.PerSecond / clearance.PerSecond:F2}x by throughput, {clearance.P50Seconds / baseline.P50Seconds:F2}x by p50, {clearance.P95Seconds / baseline.P95Seconds:F2}x by p95"));
    }
    if (options.TryGetValue("report", out var throughputFile))
    {
        await File.WriteAllTextAsync(throughputFile, JsonSerializer.Serialize(new { batches, peakRssMegabytes = throughput.PeakRss }, new JsonSerializerOptions { WriteIndented = true }));
    }
    return batches.All(b => b.Completed == b.Count && b.Cleared == b.Count) ? 0 : 1;
}

Console.WriteLine($"kill-test: {settings.Clearances} clearances, {settings.Kills} kills, seed {settings.Seed}, {Environment.ProcessorCount} cores");

var report = await new KillTestRun(settings, Console.Out).RunAsync(CancellationToken.None);

var json = new JsonSerializerOptions { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };
if (options.TryGetValue("report", out var file)) await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, json));
foreach (var group in report.Violations.GroupBy(v => v.Check))
{
    Console.WriteLine($"kill-test: {group.Count()} violation(s) of '{group.Key}', e.g. #{group.First().Number} {group.First().RegistrationId} ({group.First().Kind}): {group.First().Detail}");
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"kill-test: {report.Clearances} clearances ({string.Join(", ", report.ByKind.Select(k => $"{k.Value} {k.Key}"))}), {report.Kills.Count} kills " +
    $"(unfinished at each: {string.Join(" ", report.Kills.Select(k => k.InFlight))}; restarts {report.Kills.Average(k => k.RestartSeconds):F1} s on average), " +
    $"all final {(report.AllFinalSecondsAfterLastRestart is { } s ? $"{s:F1} s" : "NOT")} after the last restart (the last of those final at {report.LastFinalSecondsAfterLastRestart:F1} s), {report.Final} final, " +
    $"{report.PayerCalls} payer calls ({report.PayerRepeatsAfterAKill} asked again after a kill between answer and record), {report.MovedAfterFinal} moved after final, {report.Violations.Count} violations, {report.TotalSeconds:F0} s in all; " +
    $"load average {report.LoadAtStart} at the start, {report.LoadAtEnd} at the end"));
var passed = report.Passed(settings.FinalWithin);
Console.WriteLine(passed ? "kill-test: PASSED" : "kill-test: FAILED");
return passed ? 0 : 1;
