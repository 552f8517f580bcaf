using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PatientAccess.Workflow.Cards;

namespace PatientAccess.Api;

/// <summary>The card-upload HTTP operation, written once for both hosts.</summary>
public static class CardEndpoints
{
    /// <summary>The body is two short strings.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>What the phone must send with its one PUT.</summary>
    public const string How = "PUT the photo once to uploadUrl with the header x-ms-blob-type: BlockBlob (a single Put Blob, no block upload); the URL cannot overwrite, read or delete";

    /// <summary>
    /// POST /api/registrations/{id}/card-upload-url with {"side":"front","contentType":"image/jpeg"}: a create-only URL
    /// for a blob name the server chooses. 409 when the clearance is finished.
    /// </summary>
    public static async Task<IResult> CreateUploadUrlAsync(string id, HttpRequest request, DurableTaskClient client, CardIntakeOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var registrationId = RegistrationEndpoints.ParseId(id);
        var body = RequestBody.Deserialize<UploadUrlRequest>(await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken));
        var target = await operations.CreateUploadUrlAsync(client, registrationId, body.Side, body.ContentType, cancellationToken);
        return Results.Ok(new UploadUrlResponse(target.UploadUrl.ToString(), target.BlobName, target.ExpiresAt, How));
    }
}

public sealed record UploadUrlRequest(string? Side, string? ContentType);

public sealed record UploadUrlResponse(string UploadUrl, string BlobName, DateTimeOffset ExpiresAt, string How);
