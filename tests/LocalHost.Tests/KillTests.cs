using PatientAccess.KillTest;

namespace PatientAccess.LocalHost.Tests;

/// <summary>
/// The kill -9 proof, reduced to fit the suite: 20 clearances through the LocalHost and the payer sandbox, two SIGKILLs
/// with restarts while they move. The full run (200 clearances, 10 kills) and its timings are benchmarks/kill-test.sh;
/// here only correctness counts: every registration final and right, asked once (or again only after a kill that came
/// between the payer's answer and its record), one item per reason, one message per reminder, nothing moved back afterwards.
/// </summary>
public class KillTests
{
    [Fact]
    public async Task KillTest_TwentyClearancesTwoKills_EveryRegistrationFinalAndEveryStepOnce()
    {
        var settings = new KillTestSettings
        {
            RepoRoot = LocalHostProcess.RepoRoot(),
            Configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug",
            Clearances = 20,
            Kills = 2,
            SubmitOver = TimeSpan.FromSeconds(15),
            KillAfterMin = TimeSpan.FromSeconds(6),
            KillAfterMax = TimeSpan.FromSeconds(12),
            CardWait = TimeSpan.FromSeconds(10),
            SettleFor = TimeSpan.FromSeconds(25),
            GiveUpAfter = TimeSpan.FromMinutes(4),
            Seed = 20,
            ApiPort = LocalHostProcess.NewSettings(TimeSpan.Zero).ApiPort,
            SandboxUrl = new Uri("http://127.0.0.1:0/"),
            StorageConnectionString = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true",
            CosmosEndpoint = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/",
        };
        var log = new StringWriter();

        var report = await new KillTestRun(settings, log).RunAsync(CancellationToken.None);

        Assert.Equal(2, report.Kills.Count);
        Assert.True(report.AllFinalSecondsAfterLastRestart is not null, $"not every registration became final:\n{log}");
        Assert.Equal(0, report.MovedAfterFinal);
        Assert.True(report.Violations.Count == 0, string.Join("\n", report.Violations.Select(v => $"#{v.Number} {v.Kind} {v.Check}: {v.Detail}")) + $"\n{log}");
        Assert.Equal(20, report.PayerCalls - report.PayerRepeatsAfterAKill);
    }
}
