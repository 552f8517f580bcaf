using Microsoft.DurableTask.Client;
using PatientAccess.Domain.Ports;
using PatientAccess.Workflow.Cards;

namespace PatientAccess.LocalHost;

/// <summary>
/// The LocalHost's stand-in for the Functions blob trigger: polls the upload inbox every two seconds and hands each
/// upload in it to the same intake operation, which removes what it handled. Safe to find a blob twice.
/// </summary>
public sealed class CardWatcherService(
    ICardImageStore images,
    CardIntakeOperations intake,
    DurableTaskClient client,
    ILogger<CardWatcherService> logger) : PeriodicService(logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(2);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await foreach (var blobName in images.ListUploadsAsync(cancellationToken))
        {
            await intake.HandleUploadedAsync(client, blobName, cancellationToken);
        }
    }
}
