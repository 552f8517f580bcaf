using System.Diagnostics;
using System.Globalization;

namespace PatientAccess.KillTest;

/// <summary>
/// The LocalHost as a real process (the built src/LocalHost), started, killed with SIGKILL and started again on the
/// same task hub, database and ports. Its output goes to one log file per start.
/// </summary>
public sealed class LocalHostRunner(KillTestSettings settings, string logDirectory) : IAsyncDisposable
{
    private Process? _process;
    private int _starts;

    public Uri BaseAddress => new($"http://127.0.0.1:{settings.ApiPort}/");

    /// <summary>The running LocalHost's process id, or null.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Starts the LocalHost and waits until /health answers; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(CancellationToken cancellationToken)
    {
        var dll = Path.Combine(settings.RepoRoot, "src", "LocalHost", "bin", settings.Configuration, "net10.0", "PatientAccess.LocalHost.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build src/LocalHost first.", dll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in Environment(settings)) start.Environment[name] = value;

        var watch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process = process;
        var log = new StreamWriter(Path.Combine(logDirectory, $"localhost-{++_starts:D2}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (!cancellationToken.IsCancellationRequested)
        {
            if (process.HasExited) throw new InvalidOperationException($"The LocalHost exited with {process.ExitCode}; see {logDirectory}.");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "health"), cancellationToken);
                if (response.IsSuccessStatusCode) return watch.Elapsed;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // a slow answer while it starts
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as a crash or an OOM kill would do.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // the process exited
            }
        }
    }

    private static IEnumerable<(string, string)> Environment(KillTestSettings s)
    {
        string Seconds(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);
        yield return ("LocalHost__ApiPort", s.ApiPort.ToString(CultureInfo.InvariantCulture));
        yield return ("LocalHost__TaskHub", s.TaskHub);
        yield return ("LocalHost__ApiKey", s.ApiKey);
        yield return ("LocalHost__StorageConnectionString", s.StorageConnectionString);
        yield return ("CardStorage__connectionString", s.StorageConnectionString);
        yield return ("Cosmos__Endpoint", s.CosmosEndpoint);
        yield return ("Cosmos__Key", KillTestSettings.CosmosEmulatorKey);
        yield return ("Cosmos__Database", s.Database);
        yield return ("Clearinghouse__BaseUrl", s.SandboxUrl.ToString());
        yield return ("Clearinghouse__Username", KillTestSettings.SandboxUsername);
        yield return ("Clearinghouse__Password", KillTestSettings.SandboxPassword);
        yield return ("PriorAuth__BaseUrl", new Uri(s.SandboxUrl, "fhir/").ToString());
        yield return ("Clearance__CardWaitTimeout", Seconds(s.CardWait));
        yield return ("Reminders__Interval", "00:00:02");
        yield return ("Reminders__FirstReminderAfter", Seconds(s.FirstReminderAfter));
        yield return ("Portal__BaseUrl", $"http://127.0.0.1:{s.ApiPort}/portal/");
        yield return ("StoppedClearances__Interval", "00:00:05");
        // Pinned, not left to appsettings.json. Quiet hours only hold a reminder's sending; the checks count what the
        // sweep wrote to the outbox, which is the same at any hour.
        yield return ("Clinic__TimeZone", "Etc/UTC");
        yield return ("QuietHours__Start", "21:00");
        yield return ("QuietHours__End", "08:00");
        yield return ("LocalHost__BenchmarkBaseline", s.BenchmarkBaseline ? "true" : "false");
        yield return ("Logging__LogLevel__PatientAccess", "Information");
        yield return ("Logging__Console__TimestampFormat", "HH:mm:ss.fff ");
    }
}
