using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.PayerSandbox;

namespace PatientAccess.KillTest;

/// <summary>
/// One kill of the LocalHost: when (seconds from the start), how many clearances were unfinished, how long the restart
/// took, and (with <see cref="KillTestSettings.MeasureReturn"/>) the messages it held and when they were back.
/// </summary>
public sealed record KillRecord(double AtSeconds, int InFlight, double RestartSeconds, HeldMessagesReturn? Held = null);

/// <summary>
/// What one kill test saw. <paramref name="LastFinalSecondsAfterLastRestart"/>: when the last registration that became
/// final did, even if some never did. <paramref name="PayerRepeatsAfterAKill"/>: questions asked again because a kill
/// came between the payer's answer and its record.
/// </summary>
public sealed record KillTestReport(
    int Clearances,
    IReadOnlyDictionary<ClearanceKind, int> ByKind,
    IReadOnlyList<KillRecord> Kills,
    double? AllFinalSecondsAfterLastRestart,
    double? LastFinalSecondsAfterLastRestart,
    int Final,
    int PayerCalls,
    int PayerRepeatsAfterAKill,
    int MovedAfterFinal,
    IReadOnlyList<Violation> Violations,
    double TotalSeconds,
    string LoadAtStart,
    string LoadAtEnd)
{
    public bool Passed(TimeSpan finalWithin) =>
        Violations.Count == 0 && MovedAfterFinal == 0 && AllFinalSecondsAfterLastRestart is { } s && s <= finalWithin.TotalSeconds;
}

/// <summary>
/// The kill -9 proof: the payer sandbox in this process, the LocalHost as a child process that is killed with SIGKILL
/// at random moments and started again, and the clearances driven through its API the whole time. After the last
/// restart every registration must be final within <see cref="KillTestSettings.FinalWithin"/>, stay put for
/// <see cref="KillTestSettings.SettleFor"/> (late redelivered messages must not move it), and pass the checker.
/// </summary>
public sealed class KillTestRun(KillTestSettings requested, TextWriter log)
{
    private KillTestSettings settings = requested;

    public async Task<KillTestReport> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var loadAtStart = LoadAverage();
        var logDirectory = Path.Combine(settings.RepoRoot, ".local", "kill-test", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(logDirectory);
        var random = new Random(settings.Seed);

        await using var sandbox = await StartSandboxAsync(settings, cancellationToken);
        settings = settings with { SandboxUrl = SandboxApp.BaseAddress(sandbox) }; // port 0 asks for any free port
        var payer = sandbox.Services.GetRequiredService<PayerSimulator>();

        await using var host = new LocalHostRunner(settings, logDirectory);
        log.WriteLine($"kill-test: LocalHost up in {(await host.StartAsync(cancellationToken)).TotalSeconds:F1} s (logs: {logDirectory})");

        var clearances = Enumerable.Range(0, settings.Clearances).Select(n => new DrivenClearance(n, ClearanceDriver.KindOf(n, settings.CardEvery))).ToList();
        using var driver = new ClearanceDriver(settings, host.BaseAddress);
        using var stopDriving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var driving = DriveAsync(driver, clearances, total, stopDriving.Token);

        var kills = new List<KillRecord>();
        var killedAt = new List<DateTimeOffset>();
        for (var k = 0; k < settings.Kills; k++)
        {
            var wait = settings.KillAfterMin + (settings.KillAfterMax - settings.KillAfterMin) * random.NextDouble();
            await Task.Delay(wait, cancellationToken);
            var inFlight = clearances.Count(c => c.FinalAt is null);
            var at = total.Elapsed.TotalSeconds;
            await host.KillAsync();
            killedAt.Add(DateTimeOffset.UtcNow);
            var sinceKill = Stopwatch.StartNew();
            var held = settings.MeasureReturn ? await new HeldMessages(settings).WaitForReturnAsync(sinceKill, TimeSpan.FromSeconds(60), cancellationToken) : null;
            var restart = await host.StartAsync(cancellationToken);
            kills.Add(new KillRecord(at, inFlight, restart.TotalSeconds, held));
            log.WriteLine($"kill-test: kill {k + 1} at {at:F1} s with {inFlight} unfinished; back in {restart.TotalSeconds:F1} s" +
                (held is null ? "" : $"; {held.HeldAtKill} held message(s) visible again after {(held.BackAfterSeconds is { } b ? $"{b:F1} s" : "(not measured)")}"));
        }
        var lastRestart = total.Elapsed;
        var lastRestartAt = DateTimeOffset.UtcNow;

        var giveUp = lastRestart + settings.GiveUpAfter;
        while (total.Elapsed < giveUp && clearances.Any(c => c.FinalAt is null))
        {
            await Task.Delay(500, cancellationToken);
        }
        var allFinal = clearances.All(c => c.FinalAt is not null) ? total.Elapsed - lastRestart : (TimeSpan?)null;
        log.WriteLine(allFinal is { } f
            ? $"kill-test: all {clearances.Count} final {f.TotalSeconds:F1} s after the last restart"
            : $"kill-test: {clearances.Count(c => c.FinalAt is null)} not final {settings.GiveUpAfter.TotalSeconds:F0} s after the last restart");

        await using var checker = new KillTestChecker(settings, payer, sandbox.Services.GetRequiredService<AuthorizationSimulator>());
        var fingerprints = new Dictionary<int, string>();
        foreach (var c in clearances.Where(c => c.Id is not null)) fingerprints[c.Number] = await checker.FingerprintAsync(c.Id!, cancellationToken);
        await Task.Delay(settings.SettleFor, cancellationToken);
        await stopDriving.CancelAsync();
        await driving;

        var moved = 0;
        var violations = new List<Violation>();
        foreach (var c in clearances)
        {
            if (c.Id is not null && fingerprints.TryGetValue(c.Number, out var before) && before != await checker.FingerprintAsync(c.Id, cancellationToken))
            {
                moved++;
                violations.Add(new Violation(c.Number, c.Id, c.Kind, "stays final", $"moved from {before} to {await checker.FingerprintAsync(c.Id, cancellationToken)} after it was final"));
            }
            violations.AddRange(await checker.CheckAsync(c, killedAt, cancellationToken));
        }
        return new KillTestReport(
            clearances.Count,
            clearances.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count()),
            kills,
            allFinal?.TotalSeconds,
            clearances.Where(c => c.FinalAt is not null).Select(c => (double?)Math.Max(0, (c.FinalAt!.Value - lastRestartAt).TotalSeconds)).Max(),
            clearances.Count(c => c.IsFinal),
            payer.Calls(null).Values.Sum(),
            checker.RepeatsAfterAKill(killedAt),
            moved,
            violations,
            total.Elapsed.TotalSeconds,
            loadAtStart,
            LoadAverage());
    }

    /// <summary>The payer sandbox in this process, on the settings' sandbox port (0: any free one).</summary>
    public static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartSandboxAsync(KillTestSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sandbox = SandboxApp.Create([], new Dictionary<string, string?>
        {
            ["Sandbox:Url"] = settings.SandboxUrl.ToString(),
            ["Sandbox:Username"] = KillTestSettings.SandboxUsername,
            ["Sandbox:Password"] = KillTestSettings.SandboxPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await sandbox.StartAsync(cancellationToken);
        return sandbox;
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), to read the timings against.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>
    /// Submits the clearances spread over <see cref="KillTestSettings.SubmitOver"/> and moves every unfinished one a step
    /// every few seconds, four at a time, until cancelled; final ones are looked at again now and then, to see them move.
    /// </summary>
    private async Task DriveAsync(ClearanceDriver driver, List<DrivenClearance> clearances, Stopwatch clock, CancellationToken cancellationToken)
    {
        var interval = settings.SubmitOver / Math.Max(1, clearances.Count);
        var due = new ConcurrentDictionary<int, TimeSpan>(clearances.Select(c => KeyValuePair.Create(c.Number, interval * c.Number)));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = clock.Elapsed;
                var ready = clearances.Where(c => due[c.Number] <= now).ToList();
                await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (c, ct) =>
                {
                    var answered = await driver.StepAsync(c, ct);
                    due[c.Number] = clock.Elapsed + (c.FinalAt is not null ? TimeSpan.FromSeconds(10) : answered ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(1));
                });
                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the run is over
        }
    }
}
