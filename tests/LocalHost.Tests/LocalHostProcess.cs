using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PatientAccess.LocalHost.Tests;

/// <summary>
/// The LocalHost started as a real process on free loopback ports, against the local servers started by
/// ./test.sh (Azurite and the Cosmos emulator), with a task hub and database of its own. The clinic's time zone and
/// quiet hours are pinned (<see cref="PinnedClinic"/>) so that what a test sees does not depend on the time of day.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    public const string ApiKey = "test-key-0123456789";
    private const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LocalHostProcess(Process process, LocalHostSettings settings)
    {
        _process = process;
        Settings = settings;
    }

    public LocalHostSettings Settings { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Settings.ApiPort}/");

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static LocalHostSettings NewSettings(TimeSpan cardWaitTimeout) => new(
        FreePort(), $"lh{Guid.NewGuid():N}"[..20], $"lh-{Guid.NewGuid():N}", cardWaitTimeout);

    public int ProcessId => _process.Id;

    /// <summary>The task engine's Unix socket, as the host printed it at start-up.</summary>
    public string EngineSocketPath
    {
        get
        {
            const string Marker = "task engine on unix socket ";
            var line = Output.Split('\n').First(l => l.Contains(Marker, StringComparison.Ordinal));
            var start = line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
            return line[start..line.IndexOf(' ', start)];
        }
    }

    public static async Task<LocalHostProcess> StartAsync(LocalHostSettings settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(RepoRoot(), "src", "LocalHost", "bin", Configuration, "net10.0", "PatientAccess.LocalHost.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build src/LocalHost first.", dll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["LocalHost__ApiPort"] = settings.ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LocalHost__TaskHub"] = settings.TaskHub;
        start.Environment["LocalHost__ApiKey"] = ApiKey;
        var storage = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true";
        start.Environment["LocalHost__StorageConnectionString"] = storage;
        start.Environment["CardStorage__connectionString"] = storage;
        start.Environment["Cosmos__Endpoint"] = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/";
        start.Environment["Cosmos__Key"] = EmulatorKey;
        start.Environment["Cosmos__Database"] = settings.Database;
        start.Environment["Clearance__CardWaitTimeout"] = settings.CardWaitTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__PatientAccess"] = "Information";
        foreach (var (name, value) in PinnedClinic(DateTimeOffset.UtcNow)) start.Environment[name] = value;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new LocalHostProcess(process, settings);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitUntilHealthyAsync();
        return host;
    }

    /// <summary>
    /// The clinic's settings every test host starts with: quiet hours 21:00-08:00 (the defaults, pinned) and a clinic
    /// time zone in which it is mid-afternoon when the test starts. The test registrations name no patient time zone
    /// (<see cref="TestRegistrations"/>), so the clinic's applies: at any hour this test runs, the patient's clock shows
    /// 14:xx, seven hours from quiet hours. A test that wants quiet hours sets its own values over these.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PinnedClinic(DateTimeOffset now) => new Dictionary<string, string>
    {
        ["Clinic__TimeZone"] = ZoneWhereItIs(14, now),
        ["QuietHours__Start"] = "21:00",
        ["QuietHours__End"] = "08:00",
    };

    /// <summary>
    /// The fixed-offset IANA zone (Etc/GMT±N: no daylight saving time) whose wall clock shows <paramref name="hour"/>
    /// o'clock at <paramref name="now"/> (the minutes are the UTC minutes). Offsets run from UTC-12 to UTC+14, so every
    /// hour of the day is somewhere.
    /// </summary>
    public static string ZoneWhereItIs(int hour, DateTimeOffset now)
    {
        var offset = hour - now.UtcDateTime.Hour;
        if (offset > 14) offset -= 24;
        if (offset < -12) offset += 24;
        // The Etc zones count the other way round: Etc/GMT+6 is UTC-6.
        return offset == 0 ? "Etc/UTC" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
    }

    public HttpClient CreateClient(bool withKey = true)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (withKey) client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>SIGTERM, as systemd, a container runtime or Ctrl-C would send; returns how long the process took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan waitAtMost)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (Kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException("kill(SIGTERM) failed.");
        using var timeout = new CancellationTokenSource(waitAtMost);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Still alive; the caller reports how long it waited.
        }
        return watch.Elapsed;
    }

    public bool HasExited => _process.HasExited;

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as a crash or an OOM kill would do.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // HasExited can be true before the last redirected lines were raised; WaitForExitAsync returns only after
                // the output streams reached their end, so the message carries what the host wrote (its refusal).
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"LocalHost exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"LocalHost did not become healthy:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PatientAccess.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PatientAccess.sln not found above the test binaries.");
    }

    /// <summary>
    /// A free loopback port from 41000-49999: outside the 30000-40000 range the Durable test host picks its
    /// sidecar ports from at random, so parallel test projects cannot land on each other's servers.
    /// </summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(41_000, 50_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken; try another
            }
        }
        throw new InvalidOperationException("No free loopback port in 41000-49999.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

public sealed record LocalHostSettings(int ApiPort, string TaskHub, string Database, TimeSpan CardWaitTimeout);
