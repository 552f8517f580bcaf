using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.LocalHost;

/// <summary>The stopped-clearance timer's stand-in: the same sweep every <see cref="StoppedClearanceOptions.Interval"/>.</summary>
public sealed class StoppedClearanceService(
    StoppedClearanceSweep sweep,
    DurableTaskClient client,
    IOptions<StoppedClearanceOptions> options,
    ILogger<StoppedClearanceService> logger) : PeriodicService(logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.RunAsync(client, cancellationToken);
}
