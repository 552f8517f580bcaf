using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Functions;

/// <summary>
/// Every 15 minutes (<see cref="StoppedClearanceOptions.Schedule"/>): puts clearances whose orchestration was terminated
/// or failed on the worklist. Safe when two instances fire at once (the work item id comes from the orchestration).
/// </summary>
public sealed class StoppedClearanceFunctions(StoppedClearanceSweep sweep)
{
    public const string SweepName = "StoppedClearanceSweep";

    [Function(SweepName)]
    public Task SweepAsync(
        [TimerTrigger(StoppedClearanceOptions.Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        sweep.RunAsync(client, cancellationToken);
}
