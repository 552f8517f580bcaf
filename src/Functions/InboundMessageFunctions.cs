using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using PatientAccess.Api;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Functions;

/// <summary>
/// The webhook of the Event Grid subscription on the Communication Services resource (SMSReceived,
/// SMSDeliveryReportReceived). Function key required: the subscription's endpoint URL carries it as
/// <c>?code=</c> (see docs/notifications.md); never anonymous, the body holds patients' numbers and texts.
/// </summary>
public sealed class InboundMessageFunctions(InboundMessageOperations operations)
{
    public const string ReceiveName = "ReceiveInboundMessages";
    public const string HandshakeName = "InboundMessagesHandshake";

    [Function(ReceiveName)]
    public Task<IResult> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoute.Api + ApiRoutes.InboundMessages)] HttpRequest request,
        CancellationToken cancellationToken) =>
        InboundMessageEndpoints.ReceiveAsync(request, operations, cancellationToken);

    [Function(HandshakeName)]
    public static IResult Handshake(
        [HttpTrigger(AuthorizationLevel.Function, "options", Route = FunctionRoute.Api + ApiRoutes.InboundMessages)] HttpRequest request) =>
        InboundMessageEndpoints.Handshake(request);
}
