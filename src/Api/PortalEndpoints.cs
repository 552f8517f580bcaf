using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PatientAccess.Domain.Portal;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Api;

/// <summary>The body of <c>PUT /api/portal/{token}/contact</c>: each null leaves that choice as it is.</summary>
public sealed record ContactRequest(bool? Sms, bool? Email, string? Language);

/// <summary>
/// The patient page's HTTP operations, written once for both hosts. No API key: the token in the path is the
/// capability, and every operation answers only for the registration it opens. Each request counts against the link's
/// limit; a token that opens nothing counts against the client's, and all of them (forged, unknown, expired, revoked)
/// answer the same 410 <c>link-expired</c>.
/// </summary>
public static class PortalEndpoints
{
    /// <summary>The bodies are a few short fields.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>GET /api/portal/{token}: what the patient page shows.</summary>
    public static Task<IResult> GetViewAsync(string token, HttpRequest request, PortalOperations operations, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return GuardedAsync(token, request, limiter, async () => Results.Ok(await operations.GetViewAsync(token, cancellationToken)));
    }

    /// <summary>POST /api/portal/{token}/card-upload-url: a create-only URL for a photo of the link's registration.</summary>
    public static Task<IResult> CreateUploadUrlAsync(string token, HttpRequest request, DurableTaskClient client, PortalOperations operations, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        return GuardedAsync(token, request, limiter, async () =>
        {
            var body = RequestBody.Deserialize<UploadUrlRequest>(await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken));
            var target = await operations.CreateUploadUrlAsync(client, token, body.Side, body.ContentType, cancellationToken);
            return Results.Ok(new UploadUrlResponse(target.UploadUrl.ToString(), target.BlobName, target.ExpiresAt, CardEndpoints.How));
        });
    }

    /// <summary>PUT /api/portal/{token}/contact: SMS and email on or off, language; answers the new view.</summary>
    public static Task<IResult> ChangeContactAsync(string token, HttpRequest request, PortalOperations operations, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        return GuardedAsync(token, request, limiter, async () =>
        {
            var body = RequestBody.Deserialize<ContactRequest>(await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken));
            return Results.Ok(await operations.ChangeContactAsync(token, new ContactChange(body.Sms, body.Email, body.Language), cancellationToken));
        });
    }

    /// <summary>The rate limits around one portal operation.</summary>
    internal static async Task<IResult> GuardedAsync(string token, HttpRequest request, PortalRateLimiter limiter, Func<Task<IResult>> operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limiter);
        var client = ClientOf(request);
        limiter.CheckClient(client);
        if (!PatientLinkToken.HasShape(token))
        {
            limiter.CountInvalid(client);
            throw new PatientLinkInvalidException(PatientLinkRefusal.Malformed);
        }
        limiter.CountLinkUse(PatientLinkToken.Hash(token));
        try
        {
            return await operation();
        }
        catch (PatientLinkInvalidException)
        {
            limiter.CountInvalid(client);
            throw;
        }
    }

    /// <summary>The client's address (the platform's front end gives the app the caller's address); "unknown" when none.</summary>
    private static string ClientOf(HttpRequest request) =>
        request.HttpContext.Connection.RemoteIpAddress is { } address ? address.ToString() : IPAddress.None.ToString();
}
