using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.LocalHost;

/// <summary>The re-check timer's stand-in: the same sweep every <see cref="EligibilityRecheckOptions.Interval"/>.</summary>
public sealed class EligibilityRecheckService(
    EligibilityRecheckSweep sweep,
    DurableTaskClient client,
    IOptions<EligibilityRecheckOptions> options,
    ILogger<EligibilityRecheckService> logger) : PeriodicService(logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.RunAsync(client, cancellationToken);
}
