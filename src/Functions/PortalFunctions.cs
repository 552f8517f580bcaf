using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PatientAccess.Api;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Functions;

/// <summary>
/// The patient page's operations and the API description as Functions triggers. Anonymous: the patient link's token
/// is the capability (rate-limited per link and per client, in src/Api); the OpenAPI document holds no PHI.
/// </summary>
public sealed class PortalFunctions(PortalOperations portal, PortalRateLimiter limiter)
{
    public const string ViewName = "PortalView";
    public const string UploadUrlName = "PortalCardUploadUrl";
    public const string ContactName = "PortalContact";
    public const string OpenApiName = "OpenApiDocument";

    [Function(ViewName)]
    public Task<IResult> GetViewAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.PortalView)] HttpRequest request, string token, CancellationToken cancellationToken) =>
        PortalEndpoints.GetViewAsync(token, request, portal, limiter, cancellationToken);

    [Function(UploadUrlName)]
    public Task<IResult> CreateUploadUrlAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.PortalCardUploadUrl)] HttpRequest request, string token, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        PortalEndpoints.CreateUploadUrlAsync(token, request, client, portal, limiter, cancellationToken);

    [Function(ContactName)]
    public Task<IResult> ChangeContactAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = FunctionRoute.Api + ApiRoutes.PortalContact)] HttpRequest request, string token, CancellationToken cancellationToken) =>
        PortalEndpoints.ChangeContactAsync(token, request, portal, limiter, cancellationToken);

    [Function(OpenApiName)]
    public static IResult OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.OpenApi)] HttpRequest request) =>
        Results.Text(OpenApiDocument.Text, "application/json; charset=utf-8");
}
