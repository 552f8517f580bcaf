using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Cards;

namespace PatientAccess.Api;

/// <summary>The card-upload HTTP operation, written once for both hosts.</summary>
public static class CardEndpoints
{
    /// <summary>POST /api/registrations/{id}/card-upload-url with {"side":"front","contentType":"image/jpeg"}.</summary>
    public static async Task<IResult> CreateUploadUrlAsync(string id, HttpRequest request, CardIntakeOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        if (!RegistrationId.TryParse(id, out var registrationId))
        {
            throw new Domain.Common.NotFoundException("Registration", "(malformed id)");
        }
        UploadUrlRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<UploadUrlRequest>(request.Body, ApiJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new MalformedRequestException($"The body is not valid JSON for this request (at {e.Path ?? "$"}).");
        }
        var target = await operations.CreateUploadUrlAsync(registrationId, body?.Side, body?.ContentType, cancellationToken);
        return Results.Ok(new UploadUrlResponse(target.UploadUrl.ToString(), target.BlobName, target.ExpiresAt, "PUT with header x-ms-blob-type: BlockBlob"));
    }
}

public sealed record UploadUrlRequest(string? Side, string? ContentType);

public sealed record UploadUrlResponse(string UploadUrl, string BlobName, DateTimeOffset ExpiresAt, string How);
