using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PatientAccess.Api;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Functions;

/// <summary>
/// The HTTP API as Functions triggers. Each is one call to the operation written once in src/Api; the
/// routes come from <see cref="ApiRoutes"/> (each under <see cref="FunctionRoute.Api"/>; host.json's routePrefix is empty), errors are mapped by
/// <see cref="ProblemDetailsMiddleware"/>. Every trigger needs a function key; Entra ID sits in front in Azure, and a
/// resolution is audited under its principal only when that authentication is there (<see cref="PlatformSignIn"/>).
/// </summary>
public sealed class RegistrationFunctions(RegistrationOperations registrations, WorklistOperations worklist, IOptions<ConsoleHostOptions> options, VisitChangeOperations visits)
{
    public const string SubmitName = "SubmitRegistration";
    public const string GetStatusName = "GetRegistrationStatus";
    public const string ListWorklistName = "ListWorklist";
    public const string ResolveName = "ResolveWorkItem";
    public const string CancelName = "CancelVisit";
    public const string RescheduleName = "RescheduleVisit";

    [Function(SubmitName)]
    public Task<IResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoute.Api + ApiRoutes.Registrations)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        RegistrationEndpoints.SubmitAsync(request, client, registrations, cancellationToken);

    [Function(GetStatusName)]
    public Task<IResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoute.Api + ApiRoutes.Registration)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        RegistrationEndpoints.GetStatusAsync(id, client, registrations, cancellationToken);

    [Function(ListWorklistName)]
    public Task<IResult> ListWorklistAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FunctionRoute.Api + ApiRoutes.Worklist)] HttpRequest request,
        CancellationToken cancellationToken) =>
        RegistrationEndpoints.ListWorklistAsync(request, worklist, cancellationToken);

    [Function(ResolveName)]
    public Task<IResult> ResolveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoute.Api + ApiRoutes.Resolution)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        RegistrationEndpoints.ResolveAsync(id, PlatformSignIn.Apply(request, options.Value), client, worklist, cancellationToken);

    [Function(CancelName)]
    public Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FunctionRoute.Api + ApiRoutes.Cancellation)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        RegistrationEndpoints.CancelAsync(id, PlatformSignIn.Apply(request, options.Value), client, visits, cancellationToken);

    [Function(RescheduleName)]
    public Task<IResult> RescheduleAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = FunctionRoute.Api + ApiRoutes.Appointment)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        RegistrationEndpoints.RescheduleAsync(id, PlatformSignIn.Apply(request, options.Value), client, visits, cancellationToken);
}
