using Microsoft.DurableTask.Client;
using PatientAccess.Domain.Ports;
using PatientAccess.Workflow.Cards;

namespace PatientAccess.LocalHost;

/// <summary>
/// The LocalHost's stand-in for the Functions blob trigger: polls the card container every two seconds and
/// hands each unprocessed blob to the same intake operation. Safe to find a blob twice.
/// </summary>
public sealed partial class CardWatcherService(
    ICardImageStore images,
    CardIntakeOperations intake,
    DurableTaskClient client,
    ILogger<CardWatcherService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await foreach (var blobName in images.ListUnprocessedAsync(stoppingToken))
                {
                    await intake.HandleUploadedAsync(client, blobName, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Logged by type only: a message could name a blob path, never PHI, but keep it minimal.
                LogPassFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(2001, LogLevel.Warning, "Card watcher pass failed ({ExceptionType}); retrying on the next tick")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType);
}
