using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PatientAccess.Api;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Functions;

/// <summary>
/// The payers' prior-authorization notification webhook. Function key required (the Subscription's endpoint URL carries
/// it as <c>?code=</c>), and the payer's own header secret is checked by the operation (constant time).
/// </summary>
public sealed class PriorAuthFunctions(PriorAuthNotificationOperations operations)
{
    public const string ReceiveName = "ReceivePriorAuthNotification";

    [Function(ReceiveName)]
    public Task<IResult> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoute.Api + ApiRoutes.PriorAuthNotifications)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        PriorAuthNotificationEndpoints.ReceiveAsync(request, client, operations, cancellationToken);
}
