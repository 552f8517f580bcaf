using System.Text;
using Microsoft.AspNetCore.Http;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Api;

/// <summary>The handshake answer Event Grid expects for a subscription validation event.</summary>
public sealed record ValidationAnswer(string ValidationResponse);

/// <summary>
/// POST /api/notifications/inbound: the webhook ACS events reach us through (Event Grid schema or CloudEvents):
/// the subscription handshake, texts patients send (STOP, HELP, START), delivery reports. Written once for both
/// hosts. It touches PHI (numbers, texts), so it needs the function key (Event Grid sends it in the URL's query) or
/// the local API key, never anonymous.
/// </summary>
public static class InboundMessageEndpoints
{
    /// <summary>Event Grid delivers batches of at most 1 MB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The CloudEvents abuse-protection request header (OPTIONS) and our answer's headers.</summary>
    public const string RequestOriginHeader = "WebHook-Request-Origin";
    public const string AllowedOriginHeader = "WebHook-Allowed-Origin";
    public const string AllowedRateHeader = "WebHook-Allowed-Rate";

    /// <summary>The only sender we allow: Azure Event Grid.</summary>
    public const string EventGridOrigin = "eventgrid.azure.net";

    /// <summary>
    /// Handles the body: 200 {"validationResponse": code} for the subscription handshake, else 200 with nothing.
    /// A text from an unknown number is 200 too (nothing to retry). A store outage is 503 through the problem
    /// mapper, so Event Grid delivers again; every step is idempotent.
    /// </summary>
    public static async Task<IResult> ReceiveAsync(HttpRequest request, InboundMessageOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var bytes = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken);
        string body;
        try
        {
            body = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedRequestException("The body is not UTF-8.");
        }
        var receipt = await operations.ReceiveAsync(body, cancellationToken);
        return receipt.ValidationResponse is { } code ? Results.Ok(new ValidationAnswer(code)) : Results.Ok();
    }

    /// <summary>
    /// OPTIONS /api/notifications/inbound: the CloudEvents 1.0 webhook abuse-protection handshake. Event Grid sends
    /// <c>WebHook-Request-Origin: eventgrid.azure.net</c>; we allow that origin (any rate). Another origin or none: 400.
    /// </summary>
    public static IResult Handshake(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = request.Headers[RequestOriginHeader].ToString().Trim();
        if (!string.Equals(origin, EventGridOrigin, StringComparison.OrdinalIgnoreCase))
        {
            // Thrown, not returned, so both hosts map and log it like every other client error.
            throw new MalformedRequestException($"Only Event Grid's webhook handshake is accepted: send {RequestOriginHeader}: {EventGridOrigin}.");
        }
        request.HttpContext.Response.Headers[AllowedOriginHeader] = EventGridOrigin;
        request.HttpContext.Response.Headers[AllowedRateHeader] = "*";
        return Results.Ok();
    }
}
