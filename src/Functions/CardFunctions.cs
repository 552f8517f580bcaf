using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PatientAccess.Api;
using PatientAccess.Workflow.Cards;

namespace PatientAccess.Functions;

/// <summary>
/// Card intake as Functions triggers: the upload URL over HTTP, and the Event Grid blob trigger on the card
/// container (connection "CardStorage", identity-based in Azure). Both call the operations in src/Workflow.
/// </summary>
public sealed class CardFunctions(CardIntakeOperations intake)
{
    public const string UploadUrlName = "CreateCardUploadUrl";
    public const string UploadedName = "CardUploaded";

    [Function(UploadUrlName)]
    public Task<IResult> CreateUploadUrlAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoute.Api + ApiRoutes.CardUploadUrl)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        CardEndpoints.CreateUploadUrlAsync(id, request, client, intake, cancellationToken);

    /// <summary>
    /// A new card photo in the upload inbox: check it, quarantine it or re-encode and record it, tell the clearance,
    /// remove it from the inbox. Redelivery changes nothing. The trigger binds a <see cref="BlobClient"/> (an SDK-type
    /// binding: no download) because the intake checks the blob's size before it reads the content itself through the
    /// card image store. Event Grid also reports our own writes (the accepted copy, quarantine) but only for other
    /// containers, which this trigger does not watch.
    /// </summary>
    [Function(UploadedName)]
    public Task CardUploadedAsync(
        [BlobTrigger(CardBlobPath, Source = BlobTriggerSource.EventGrid, Connection = "CardStorage")] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return intake.HandleUploadedAsync(client, blob.Name, cancellationToken);
    }

    /// <summary>The card container and the blob name the intake expects under it.</summary>
    public const string CardBlobPath = "insurance-cards/{name}";
}
