using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.LocalHost;

/// <summary>
/// The reminder timer's stand-in: the same sweep (write due reminders, tell clearances about unanswered ones,
/// dispatch what is due) every <see cref="ReminderOptions.Interval"/>. Running beside another host's sweep is safe.
/// </summary>
public sealed class ReminderSweepService(
    ReminderSweep sweep,
    DurableTaskClient client,
    IOptions<ReminderOptions> options,
    ILogger<ReminderSweepService> logger) : PeriodicService(logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.RunAsync(client, cancellationToken);
}
