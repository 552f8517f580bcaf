using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.LocalHost;

/// <summary>
/// The LocalHost's stand-in for the re-check timer: runs the same sweep every
/// <see cref="EligibilityRecheckOptions.Interval"/>, first once at start. A failed pass is retried on the next tick.
/// </summary>
public sealed partial class EligibilityRecheckService(
    EligibilityRecheckSweep sweep,
    DurableTaskClient client,
    IOptions<EligibilityRecheckOptions> options,
    ILogger<EligibilityRecheckService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                await sweep.RunAsync(client, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(2102, LogLevel.Warning, "Eligibility re-check sweep failed ({ExceptionType}); retrying on the next tick")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType);
}
