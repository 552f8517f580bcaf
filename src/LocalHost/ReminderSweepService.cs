using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.LocalHost;

/// <summary>
/// The LocalHost's stand-in for the Functions timer: runs the same reminder sweep (write due reminders to the
/// outbox, then dispatch what is due) every <see cref="ReminderOptions.Interval"/>, first once at start.
/// A failed pass is retried on the next tick; running beside another host's sweep is safe.
/// </summary>
public sealed partial class ReminderSweepService(
    ReminderSweep sweep,
    DurableTaskClient client,
    IOptions<ReminderOptions> options,
    ILogger<ReminderSweepService> logger) : BackgroundService
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

    [LoggerMessage(2101, LogLevel.Warning, "Reminder sweep failed ({ExceptionType}); retrying on the next tick")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType);
}
