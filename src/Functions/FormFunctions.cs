using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PatientAccess.Api;
using PatientAccess.Workflow.Forms;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Functions;

/// <summary>
/// The forms' operations as Functions triggers: on the patient page anonymous (the link's token is the capability,
/// rate-limited in src/Api), in the console a signed-in specialist (the platform's principal read as
/// <see cref="ConsoleFunctions"/> does, then checked by each operation).
/// </summary>
public sealed class FormFunctions(FormOperations forms, PortalRateLimiter limiter, Microsoft.Extensions.Options.IOptions<ConsoleHostOptions> options)
{
    public const string ListName = "PortalForms";
    public const string SignName = "PortalFormSignature";
    public const string WithdrawName = "PortalFormWithdrawal";
    public const string DocumentName = "PortalFormDocument";
    public const string PaperSignatureName = "ConsolePaperSignature";
    public const string ConsoleWithdrawalName = "ConsoleFormWithdrawal";
    public const string ConsoleDocumentName = "ConsoleFormDocument";

    [Function(ListName)]
    public Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.PortalForms)] HttpRequest request, string token, CancellationToken cancellationToken) =>
        FormEndpoints.ListAsync(token, request, forms, limiter, cancellationToken);

    [Function(SignName)]
    public Task<IResult> SignAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.PortalFormSignature)] HttpRequest request, string token, string kind, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        FormEndpoints.SignAsync(token, kind, request, client, forms, limiter, cancellationToken);

    [Function(WithdrawName)]
    public Task<IResult> WithdrawAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.PortalFormWithdrawal)] HttpRequest request, string token, string kind, CancellationToken cancellationToken) =>
        FormEndpoints.WithdrawAsync(token, kind, request, forms, limiter, cancellationToken);

    [Function(DocumentName)]
    public Task<IResult> GetDocumentAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.PortalFormDocument)] HttpRequest request, string token, string kind, CancellationToken cancellationToken) =>
        FormEndpoints.GetDocumentAsync(token, kind, request, forms, limiter, cancellationToken);

    [Function(PaperSignatureName)]
    public Task<IResult> RecordPaperSignatureAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.ConsolePaperSignature)] HttpRequest request, string id, string kind, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        FormEndpoints.RecordPaperSignatureAsync(id, kind, PlatformSignIn.Apply(request, options.Value), client, forms, cancellationToken);

    [Function(ConsoleWithdrawalName)]
    public Task<IResult> RecordWithdrawalAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.ConsoleFormWithdrawal)] HttpRequest request, string id, string kind, CancellationToken cancellationToken) =>
        FormEndpoints.RecordWithdrawalAsync(id, kind, PlatformSignIn.Apply(request, options.Value), forms, cancellationToken);

    [Function(ConsoleDocumentName)]
    public Task<IResult> GetConsoleDocumentAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.ConsoleFormDocument)] HttpRequest request, string id, string kind, CancellationToken cancellationToken) =>
        FormEndpoints.GetDocumentForSpecialistAsync(id, kind, PlatformSignIn.Apply(request, options.Value), forms, cancellationToken);
}
