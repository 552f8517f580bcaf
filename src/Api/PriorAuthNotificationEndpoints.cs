using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Api;

/// <summary>
/// POST /api/priorauth/notifications: a payer's rest-hook notification for pended prior authorizations (R4
/// Subscriptions Backport, full-resource or id-only). Written once for both hosts. The payer authenticates with the
/// secret configured for it (<c>PriorAuth:Payers:n:NotificationSecretName</c>, sent in its
/// <c>NotificationHeader</c>): no matching secret is 401. Then the body is read as every body is (ADR 0009): JSON
/// only (<c>application/fhir+json</c> is <c>application/*+json</c>), else 415; over <see cref="MaxBodyBytes"/>, 413.
/// A body that is not a notification Bundle is 400 with the field named; a replay is 200 and changes nothing. In Azure
/// the function key is required as well (the subscription's endpoint URL carries it as <c>?code=</c>).
/// </summary>
public static class PriorAuthNotificationEndpoints
{
    /// <summary>Notifications carry one ClaimResponse and its references; 1 MB is ample.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static async Task<IResult> ReceiveAsync(HttpRequest request, DurableTaskClient client, PriorAuthNotificationOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var headers = request.Headers;
        string? Header(string name) => headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

        // Authenticate before reading the body: an unauthenticated caller never reaches the parser.
        var payerId = operations.Authenticate(Header);
        var body = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken);
        var receipt = await operations.ReceiveAsync(payerId, body, client, cancellationToken);
        return Results.Ok(receipt);
    }
}
