using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Functions;

/// <summary>
/// The eligibility re-check schedule (app setting <c>EligibilityRecheck__Schedule</c>): starts one short re-check
/// orchestration per verified registration whose visit is three days away. Safe when two instances fire at once.
/// </summary>
public sealed class EligibilityRecheckFunctions(EligibilityRecheckSweep sweep)
{
    public const string SweepName = "EligibilityRecheckSweep";

    [Function(SweepName)]
    public Task SweepAsync(
        [TimerTrigger("%EligibilityRecheck:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        sweep.RunAsync(client, cancellationToken);
}
