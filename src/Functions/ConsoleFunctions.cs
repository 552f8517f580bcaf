using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PatientAccess.Api;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Operations;
using PatientAccess.Workflow.SpecialistConsole;

namespace PatientAccess.Functions;

/// <summary>
/// The specialist console's operations as Functions triggers. They take no function key: App Service authentication
/// (Entra ID, app role Specialist) sits in front and sets the principal header, which <see cref="SignedIn"/> reads only
/// when <see cref="ConsoleHostOptions.PlatformAuthentication"/> says that authentication is there; each operation then
/// requires the Specialist role (src/Api). See docs/decisions/0015-web-pages-and-sign-in.md.
/// </summary>
public sealed class ConsoleFunctions(ConsoleOperations console, WorklistOperations worklist, CardIntakeOperations intake, IOptions<ConsoleHostOptions> options)
{
    public const string MeName = "ConsoleMe";
    public const string WorklistName = "ConsoleWorklist";
    public const string RegistrationName = "ConsoleRegistration";
    public const string ResolveName = "ConsoleResolve";
    public const string CorrectName = "ConsoleCorrect";
    public const string UploadUrlName = "ConsoleCardUploadUrl";
    public const string IssueLinkName = "ConsoleIssuePatientLink";
    public const string RevokeLinksName = "ConsoleRevokePatientLinks";

    [Function(MeName)]
    public IResult Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.ConsoleMe)] HttpRequest request) =>
        ConsoleEndpoints.Me(SignedIn(request));

    [Function(WorklistName)]
    public Task<IResult> ListWorklistAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.ConsoleWorklist)] HttpRequest request, CancellationToken cancellationToken) =>
        ConsoleEndpoints.ListWorklistAsync(SignedIn(request), console, cancellationToken);

    [Function(RegistrationName)]
    public Task<IResult> GetRegistrationAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.ConsoleRegistration)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ConsoleEndpoints.GetRegistrationAsync(id, SignedIn(request), console, cancellationToken);

    [Function(ResolveName)]
    public Task<IResult> ResolveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.ConsoleResolution)] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ConsoleEndpoints.ResolveAsync(id, SignedIn(request), client, worklist, cancellationToken);

    [Function(CorrectName)]
    public Task<IResult> CorrectAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.ConsoleCorrection)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ConsoleEndpoints.CorrectAsync(id, SignedIn(request), console, cancellationToken);

    [Function(UploadUrlName)]
    public Task<IResult> CreateUploadUrlAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.ConsoleCardUploadUrl)] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ConsoleEndpoints.CreateUploadUrlAsync(id, SignedIn(request), client, intake, cancellationToken);

    [Function(IssueLinkName)]
    public Task<IResult> IssuePatientLinkAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.ConsolePatientLink)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ConsoleEndpoints.IssuePatientLinkAsync(id, SignedIn(request), console, cancellationToken);

    [Function(RevokeLinksName)]
    public Task<IResult> RevokePatientLinksAsync([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = FunctionRoute.Api + ApiRoutes.ConsolePatientLink)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ConsoleEndpoints.RevokePatientLinksAsync(id, SignedIn(request), console, cancellationToken);

    /// <summary>The request with the platform's principal on it, when App Service authentication is in front.</summary>
    internal HttpRequest SignedIn(HttpRequest request) => PlatformSignIn.Apply(request, options.Value);
}
