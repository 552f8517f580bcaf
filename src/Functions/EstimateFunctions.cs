using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using PatientAccess.Api;
using PatientAccess.Workflow.Estimates;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Functions;

/// <summary>
/// The Good Faith Estimate document as Functions triggers: for the patient anonymous (the link's token is the
/// capability, rate-limited in src/Api), for the console a signed-in specialist (the platform's principal, as
/// <see cref="ConsoleFunctions"/> reads it, checked by the endpoint).
/// </summary>
public sealed class EstimateFunctions(EstimateDocumentOperations documents, PortalRateLimiter limiter, Microsoft.Extensions.Options.IOptions<ConsoleHostOptions> options)
{
    public const string PortalName = "PortalGoodFaithEstimate";
    public const string ConsoleName = "ConsoleGoodFaithEstimate";

    [Function(PortalName)]
    public Task<IResult> GetForPatientAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.PortalGoodFaithEstimate)] HttpRequest request, string token, CancellationToken cancellationToken) =>
        EstimateEndpoints.GetForPatientAsync(token, request, documents, limiter, cancellationToken);

    [Function(ConsoleName)]
    public Task<IResult> GetForSpecialistAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.ConsoleGoodFaithEstimate)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        EstimateEndpoints.GetForSpecialistAsync(id, PlatformSignIn.Apply(request, options.Value), documents, cancellationToken);
}
