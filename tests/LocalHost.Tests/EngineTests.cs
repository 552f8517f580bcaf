using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PatientAccess.LocalHost.Tests;

/// <summary>
/// The task engine (the Durable Task sidecar) inside the LocalHost: reachable by this process only, and out of the way
/// when the host is asked to stop.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class EngineTests
{
    private static async Task<string> SubmitAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations") { Content = new StringContent(TestRegistrations.ActivePatient(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetString()!;
    }

    [Fact]
    public async Task Shutdown_SigtermWhileClearancesMove_ExitsWithinTheShutdownTimeout()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromSeconds(2)));
        using var client = host.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++) ids.Add(await SubmitAsync(client));
        // The engine is at work: a clearance reached its first wait (and the deadlines of 2 s are about to fire).
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await client.GetFromJsonAsync<JsonElement>($"api/registrations/{ids[0]}")).GetProperty("stage").GetString() == "Received")
        {
            Assert.True(DateTime.UtcNow < deadline, "the clearance never started");
            await Task.Delay(200);
        }
        var socketDirectory = Path.GetDirectoryName(host.EngineSocketPath)!;

        var took = await host.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.True(host.HasExited, $"still running {took.TotalSeconds:F1} s after SIGTERM");
        // HostOptions.ShutdownTimeout is 5 s; before the fix Kestrel waited all of it for the worker's stream.
        Assert.True(took < TimeSpan.FromSeconds(5), $"exited {took.TotalSeconds:F1} s after SIGTERM; the shutdown timeout is 5 s");
        Assert.False(Directory.Exists(socketDirectory), "the engine's socket directory was left behind");
    }

    [Fact]
    public async Task Engine_Listening_NoTcpPortButTheApi()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)));

        Assert.Equal([host.Settings.ApiPort], ListeningTcpPorts(host.ProcessId));
    }

    [Fact]
    public async Task Engine_CallOnTheApiPort_NotServed()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "TaskHubSidecarService/TerminateInstance") { Content = new ByteArrayContent(new byte[5]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Engine_AnotherLocalUser_CannotConnectToTheSocket()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)));
        var socket = host.EngineSocketPath;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(socket)!));
        // This user reaches the engine (a gRPC Hello answers 200)...
        var own = await RunAsync("curl", ["-sS", "--max-time", "10", "--unix-socket", socket, "--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_code}",
            "-X", "POST", "-H", "content-type: application/grpc", "--data-binary", "@/dev/null", "http://engine/TaskHubSidecarService/Hello"]);
        Assert.Equal((0, "200"), (own.ExitCode, own.Output.Trim()));
        // ...and another one does not. Switching users needs root, which ./test.sh runs as on our machines.
        Assert.True(Environment.UserName == "root", "this test switches to user nobody and needs root");
        var other = await RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "curl", "-v", "-sS", "--max-time", "10", "--unix-socket", socket,
            "--http2-prior-knowledge", "http://engine/TaskHubSidecarService/Hello"]);
        Assert.Equal(7, other.ExitCode); // curl: could not connect
        Assert.Contains("Permission denied", other.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The TCP ports the process listens on, from /proc/net/tcp{,6} and the process's socket descriptors.</summary>
    private static List<int> ListeningTcpPorts(int pid)
    {
        var inodes = Directory.GetFiles($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target?.StartsWith("socket:[", StringComparison.Ordinal) == true)
            .Select(target => target![8..^1])
            .ToHashSet(StringComparer.Ordinal);
        var ports = new List<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[3] != "0A" || !inodes.Contains(fields[9])) continue; // 0A: LISTEN
                ports.Add(int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
        return ports.Distinct().Order().ToList();
    }
}
