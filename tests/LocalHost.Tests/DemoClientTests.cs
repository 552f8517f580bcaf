using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PatientAccess.Cli;
using PatientAccess.Cli.Demo;

namespace PatientAccess.LocalHost.Tests;

/// <summary>The demo client run.sh uses (<c>samples follow</c>) against a real LocalHost, which then dies first.</summary>
public sealed class DemoClientTests : IDisposable
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private readonly string _temp = Directory.CreateTempSubdirectory("demo-client-").FullName;

    [Fact]
    public async Task SamplesFollow_PrintsChangesOnceThenHostKilled_OneLineAndExit3()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostProcess.NewSettings(TimeSpan.FromHours(1)), new Dictionary<string, string>
        {
            ["Reminders__Interval"] = "00:00:01",
            ["Reminders__FirstReminderAfter"] = "00:00:00",
        });
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/registrations")
        {
            Content = new StringContent(TestRegistrations.ActivePatient(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var submitted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetString()!;
        var state = Path.Combine(_temp, "samples.json");
        await File.WriteAllTextAsync(state, JsonSerializer.Serialize(new DemoState([new SampleSeen("active PPO", id, null, new Dictionary<string, string>())]),
            WebJson));
        var keyFile = Path.Combine(_temp, "api-key");
        await File.WriteAllTextAsync(keyFile, LocalHostProcess.ApiKey + "\n");

        var output = new StringWriter();
        var error = new StringWriter();
        using var synchronizedOutput = TextWriter.Synchronized(output);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var follow = CliApp.RunAsync(["samples", "follow", "--base-url", host.BaseAddress.ToString(), "--state", state, "--api-key-file", keyFile, "--interval", "0.5"],
            synchronizedOutput, error, cts.Token);

        // The clearance waits for the card and the first reminder goes out; a few more rounds print nothing new.
        const string waiting = "[active PPO] AwaitingCard (awaiting InsuranceCard)";
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!Printed(synchronizedOutput, output).Contains("outbox: CardNeeded by Sms, Sent", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !follow.IsCompleted)
        {
            await Task.Delay(250);
        }
        Assert.True(Printed(synchronizedOutput, output).Contains("outbox: CardNeeded by Sms, Sent", StringComparison.Ordinal),
            $"No sent reminder printed:\n{Printed(synchronizedOutput, output)}\n{error}\n{host.Output}");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await host.KillHardAsync();
        var code = await follow;

        var lines = Printed(synchronizedOutput, output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(code == ExitCodes.HostUnavailable, $"exit {code}\n{string.Join('\n', lines)}\n{error}");
        Assert.Equal(1, lines.Count(l => l == waiting));
        Assert.Equal(1, lines.Count(l => l.StartsWith("[active PPO] outbox: CardNeeded by Sms, Sent: \"Springfield Clinic:", StringComparison.Ordinal)));
        var complaint = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // Killed between two requests the host refuses the connection; killed during one, the answer ends early.
        Assert.Matches(@"^samples follow: the host at http://127\.0\.0\.1:\d+/ (refused the connection \(is it still running\?\)|stopped answering \(\w+\)); stopping$", complaint);
    }

    private static string Printed(TextWriter synchronized, StringWriter inner)
    {
        lock (synchronized) return inner.ToString();
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
