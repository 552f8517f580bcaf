using Microsoft.Extensions.Logging.Testing;
using PatientAccess.Domain.Registrations;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

public class NoPhiInLogsTests
{
    [Fact]
    public async Task Clearance_WholeRegistrationFlow_LogsNoPhi()
    {
        var collector = new FakeLogCollector();
        using var provider = new FakeLoggerProvider(collector);
        await using var host = await ClearanceHost.StartAsync(provider);

        var form = Samples.Form();
        var key = Guid.NewGuid().ToString();
        var result = await host.Registrations.SubmitAsync(host.Client, key, form, Samples.Body(form), CancellationToken.None);
        await host.Registrations.SubmitAsync(host.Client, key, form, Samples.Body(form), CancellationToken.None);
        await host.WaitForStageAsync(result.RegistrationId, ClearanceStage.NeedsAttention);
        await host.Worklist.ResolveAsync(host.Client, result.RegistrationId, new Resolution(null, Domain.WorkItems.ResolutionAction.Close, null), "specialist", CancellationToken.None);
        await host.WaitForStageAsync(result.RegistrationId, ClearanceStage.Incomplete);

        var records = collector.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains(result.RegistrationId.Value, StringComparison.Ordinal));
        foreach (var record in records)
        {
            var text = record.Message + " " + record.Exception + " " +
                string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            Assert.False(PhiText.FirstIn(text, Samples.PhiValues) is not null, $"log {record.Category}/{record.Id} contains a PHI value");
        }
    }
}
