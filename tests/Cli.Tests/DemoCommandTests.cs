using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace PatientAccess.Cli.Tests;

/// <summary>
/// <c>samples run</c> / <c>follow</c> / <c>render</c> at their edges: the API key never on the command line, and a host
/// that stops first (answers 503, or is gone) ends the client with one line and exit code 3, never a stack trace. The
/// whole demo against a real LocalHost is <c>./run.sh --once</c> and LocalHost.Tests' DemoClientTests.
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cli-demo-tests-").FullName;

    [Fact]
    public async Task Run_ApiKeyOnTheCommandLine_RefusedWithoutEchoingIt()
    {
        var (code, output, error) = await Run("samples", "run", "--base-url", "http://127.0.0.1:9/", "--api-key", "s3cret-key-value");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains("PATIENTACCESS_API_KEY", error, StringComparison.Ordinal);
        Assert.Contains("--api-key-file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-key-value", error, StringComparison.Ordinal);
    }

    /// <summary>The host accepts the registration, then stops: every later request is answered 503.</summary>
    [Fact]
    public async Task Run_HostAnswers503AfterTheSubmit_OneLineAndExit3()
    {
        using var host = StoppingHost.Start();

        var (code, output, error) = await Run("samples", "run", "--base-url", host.BaseUrl, "--api-key-file", KeyFile(), "--manifest", Manifest(), "--timeout", "30");

        Assert.Equal(ExitCodes.HostUnavailable, code);
        Assert.StartsWith("[active PPO] submitted as registration 0f8fad5bd9cb469fa16570867728950e", output, StringComparison.Ordinal);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"samples run: the host at {host.BaseUrl} answered 503 Service Unavailable: it is stopping or stopped; stopping", line);
    }

    [Fact]
    public async Task Follow_NothingListening_OneLineAndExit3()
    {
        var state = Path.Combine(_temp, "samples.json");
        await File.WriteAllTextAsync(state, """{"samples":[{"name":"active PPO","id":"0f8fad5bd9cb469fa16570867728950e","line":"EligibilityVerified","outbox":{}}]}""");
        var url = $"http://127.0.0.1:{ClosedPort()}/";

        var (code, output, error) = await Run("samples", "follow", "--base-url", url, "--api-key-file", KeyFile(), "--state", state);

        Assert.Equal(ExitCodes.HostUnavailable, code);
        Assert.Equal("following 1 samples; printing what changes (Ctrl-C to stop)", output.Trim());
        Assert.Equal($"samples follow: the host at {url} refused the connection (is it still running?); stopping", error.Trim());
    }

    [Fact]
    public async Task Render_BundledSample_RequestBodyWithAVisitAhead()
    {
        var (code, output, _) = await Run("samples", "render", Path.Combine(SampleRegistrationTests.RepoRoot(), "samples", "eligibility", "01-active.json"));

        Assert.Equal(ExitCodes.Success, code);
        var visit = DateTimeOffset.Parse(JsonNode.Parse(output)!["appointment"]!["scheduledAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(visit - DateTimeOffset.UtcNow, TimeSpan.FromDays(9), TimeSpan.FromDays(11));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string KeyFile()
    {
        var path = Path.Combine(_temp, "api-key");
        File.WriteAllText(path, "test-key\n");
        return path;
    }

    /// <summary>A manifest with one sample, the bundled active PPO registration.</summary>
    private string Manifest()
    {
        var sample = Path.Combine(SampleRegistrationTests.RepoRoot(), "samples", "eligibility", "01-active.json");
        var path = Path.Combine(_temp, "demo.json");
        File.WriteAllText(path, new JsonObject
        {
            ["cases"] = new JsonArray(new JsonObject
            {
                ["name"] = "active PPO",
                ["file"] = sample,
                ["expect"] = new JsonObject { ["stage"] = "EligibilityVerified" },
            }),
        }.ToJsonString());
        return path;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// A host in the middle of stopping, on a loopback port: it accepted one registration (202) and answers every other
    /// request 503, as ASP.NET Core does once shutdown has begun.
    /// </summary>
    private sealed class StoppingHost : IDisposable
    {
        private readonly HttpListener _listener = new();

        private StoppingHost(int port)
        {
            BaseUrl = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(BaseUrl);
        }

        public string BaseUrl { get; }

        public static StoppingHost Start()
        {
            var host = new StoppingHost(ClosedPort());
            host._listener.Start();
            _ = Task.Run(host.ServeAsync);
            return host;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                var submit = context.Request.HttpMethod == "POST" && context.Request.Url!.AbsolutePath == "/api/registrations";
                context.Response.StatusCode = submit ? 202 : 503;
                if (submit)
                {
                    var body = """{"registrationId":"0f8fad5bd9cb469fa16570867728950e"}"""u8.ToArray();
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(body);
                }
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
