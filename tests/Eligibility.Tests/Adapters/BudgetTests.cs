using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Eligibility.Tests.Infrastructure;
using PatientAccess.Integrations.Eligibility;

namespace PatientAccess.Eligibility.Tests.Adapters;

/// <summary>A payer that stalls (45 s) is cut off by the 20 s budget per check; one class per mode so they run in parallel.</summary>
public abstract class BudgetTests(SandboxHost sandbox, ClearinghouseMode mode)
{
    [Fact]
    public async Task Check_StalledPayer_GivesUpAtTheTwentySecondBudget()
    {
        await using var services = Gateways.Build(sandbox.BaseAddress, mode);
        var gateway = services.GetRequiredService<IEligibilityGateway>();
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<TransientDependencyException>(() =>
            gateway.CheckAsync(Gateways.Subscriber("SBXPPO", "100000006", "Stan", "Stalled", new DateOnly(1961, 1, 6)), CancellationToken.None));

        watch.Stop();
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(26));
        Assert.Contains("time budget", e.Message, StringComparison.Ordinal);
        Assert.InRange(sandbox.Simulator.Hits("SBXPPO", "100000006"), 2, 4);
    }
}

public sealed class CoreBudgetTests(SandboxHost sandbox) : BudgetTests(sandbox, ClearinghouseMode.Core), IClassFixture<SandboxHost>;

public sealed class JsonBudgetTests(SandboxHost sandbox) : BudgetTests(sandbox, ClearinghouseMode.Json), IClassFixture<SandboxHost>;
