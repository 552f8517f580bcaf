using System.Security.Cryptography;
using DurableTask.AzureStorage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using PatientAccess.Api;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Cosmos;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Integrations.PriorAuth;
using PatientAccess.LocalHost;
using PatientAccess.Workflow;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Operations;

var builder = WebApplication.CreateBuilder(args);
var local = builder.Configuration.GetSection(LocalHostOptions.Section).Get<LocalHostOptions>() ?? new LocalHostOptions();
using var engine = EngineSocket.CreatePrivate();

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(System.Net.IPAddress.Loopback, local.ApiPort, o => o.Protocols = HttpProtocols.Http1);
    // The task engine: no TCP port, a socket only this user can reach (see EngineSocket).
    kestrel.ListenUnixSocket(engine.Path, o => o.Protocols = HttpProtocols.Http2);
});
builder.Host.ConfigureHostOptions(o =>
{
    o.ShutdownTimeout = TimeSpan.FromSeconds(5);
    // Stop the Durable worker while Kestrel drains: Kestrel waits for every open request, and the worker's
    // work-item stream is one that only ends when the worker stops. Stopped one after the other, Kestrel waited the
    // whole timeout for it (docs/decisions/0008-durable-steps.md).
    o.ServicesStopConcurrently = true;
});

var apiKey = string.IsNullOrWhiteSpace(local.ApiKey)
    ? new ApiKeyHolder(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))) { Generated = true }
    : new ApiKeyHolder(local.ApiKey);
builder.Services.AddSingleton(apiKey);
builder.Services.AddOptions<LocalHostOptions>().BindConfiguration(LocalHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
// Machines send the API key; the console's browser the development sign-in cookie. The policy scheme picks by header.
const string localScheme = "Local";
builder.Services.AddAuthentication(localScheme)
    .AddPolicyScheme(localScheme, null, o => o.ForwardDefaultSelector = context =>
        ApiKeyAuthenticationHandler.IsPresented(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : DevSignIn.Scheme)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
    .AddDevSignIn();
builder.Services.AddAuthorizationBuilder()
    .AddPolicy("ApiKey", p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
builder.Services.AddSingleton<PortalRateLimiter>();
builder.Services.AddProblemDetails(o => o.UseOurProblemTypes());
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    foreach (var converter in ApiJson.Options.Converters) o.SerializerOptions.Converters.Add(converter);
    o.SerializerOptions.DefaultIgnoreCondition = ApiJson.Options.DefaultIgnoreCondition;
});

builder.Services.AddWorkflow();
builder.Services.AddCosmosStores();
builder.Services.AddEligibility(builder.Configuration);
builder.Services.AddCardIntake(builder.Configuration);
builder.Services.AddEstimates();
builder.Services.AddEstimateSources(builder.Configuration);
builder.Services.AddFormRequirements(builder.Configuration);
builder.Services.AddSignedForms(builder.Configuration);
builder.Services.AddPriorAuth(builder.Configuration);
builder.Services.AddHostedService<CardWatcherService>();
builder.Services.AddLocalDurableTask(local, engine);
builder.Services.AddNotificationChannel(builder.Configuration);
builder.Services.AddReminders();
builder.Services.AddInboundMessages();
builder.Services.AddHostedService<ReminderSweepService>();
builder.Services.AddHostedService<EligibilityRecheckService>();
builder.Services.AddHostedService<StoppedClearanceService>();

var app = builder.Build();

// Outermost the one log line per client error, then the error mapping (ApiExceptionHandler), then problem bodies for
// the framework's own 4xx answers (no route, wrong method).
app.UseRequestOutcomeLog();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.Use(async (context, next) =>
{
    // The engine's socket serves the engine only, and the API port never serves the engine.
    var engineCall = context.Request.Path.StartsWithSegments("/TaskHubSidecarService", StringComparison.Ordinal);
    if (engineCall != EngineSocket.IsEngineConnection(context))
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return;
    }
    await next(context);
});
app.Use((context, next) =>
{
    context.Items[SpecialistAccess.SignInItem] = DevSignIn.SignInUrl;
    return next(context);
});
app.UseAuthentication();
app.UseAuthorization();

var apiHost = $"*:{local.ApiPort}";
app.MapGrpcService<TaskHubGrpcServer>();
app.MapGet("/health", () => Results.Ok(new { status = "ok" })).RequireHost(apiHost);

var api = app.MapGroup("/" + ApiRoutes.Prefix).RequireAuthorization("ApiKey").RequireHost(apiHost);
api.MapPost(ApiRoutes.Registrations, (HttpRequest request, DurableTaskClient client, RegistrationOperations operations, CancellationToken ct) =>
    RegistrationEndpoints.SubmitAsync(request, client, operations, ct));
api.MapGet(ApiRoutes.Registration, (string id, DurableTaskClient client, RegistrationOperations operations, CancellationToken ct) =>
    RegistrationEndpoints.GetStatusAsync(id, client, operations, ct));
api.MapGet(ApiRoutes.Worklist, (HttpRequest request, WorklistOperations operations, CancellationToken ct) =>
    RegistrationEndpoints.ListWorklistAsync(request, operations, ct));
api.MapPost(ApiRoutes.CardUploadUrl, (string id, HttpRequest request, DurableTaskClient client, PatientAccess.Workflow.Cards.CardIntakeOperations operations, CancellationToken ct) =>
    CardEndpoints.CreateUploadUrlAsync(id, request, client, operations, ct));
api.MapGet(ApiRoutes.Outbox, (HttpRequest request, PatientAccess.Domain.Notifications.INotificationOutbox outbox, CancellationToken ct) =>
    OutboxEndpoints.ListRecentAsync(request, outbox, ct));
api.MapPost(ApiRoutes.Resolution, (string id, HttpRequest request, DurableTaskClient client, WorklistOperations operations, CancellationToken ct) =>
    RegistrationEndpoints.ResolveAsync(id, request, client, operations, ct));
api.MapPatch(ApiRoutes.Appointment, (string id, HttpRequest request, DurableTaskClient client, VisitChangeOperations operations, CancellationToken ct) =>
    RegistrationEndpoints.RescheduleAsync(id, request, client, operations, ct));
api.MapPost(ApiRoutes.Cancellation, (string id, HttpRequest request, DurableTaskClient client, VisitChangeOperations operations, CancellationToken ct) =>
    RegistrationEndpoints.CancelAsync(id, request, client, operations, ct));
api.MapPost(ApiRoutes.InboundMessages, (HttpRequest request, InboundMessageOperations operations, CancellationToken ct) =>
    InboundMessageEndpoints.ReceiveAsync(request, operations, ct));
api.MapOptions(ApiRoutes.InboundMessages, (HttpRequest request) => InboundMessageEndpoints.Handshake(request));
// Payers authenticate with their own notification secret (checked by the operation), not the local API key.
api.MapPost(ApiRoutes.PriorAuthNotifications, (HttpRequest request, DurableTaskClient client, PatientAccess.Workflow.PriorAuth.PriorAuthNotificationOperations operations, CancellationToken ct) =>
    PriorAuthNotificationEndpoints.ReceiveAsync(request, client, operations, ct)).AllowAnonymous();

// The console: a signed-in specialist (development sign-in cookie, or the API key for scripts), checked by each
// operation so a signed-out browser gets the 401 problem naming the sign-in page.
var open = app.MapGroup("/" + ApiRoutes.Prefix).AllowAnonymous().RequireHost(apiHost);
open.MapGet(ApiRoutes.ConsoleMe, (HttpRequest request) => ConsoleEndpoints.Me(request));
open.MapGet(ApiRoutes.ConsoleWorklist, (HttpRequest request, PatientAccess.Workflow.SpecialistConsole.ConsoleOperations operations, CancellationToken ct) =>
    ConsoleEndpoints.ListWorklistAsync(request, operations, ct));
open.MapGet(ApiRoutes.ConsoleRegistration, (string id, HttpRequest request, PatientAccess.Workflow.SpecialistConsole.ConsoleOperations operations, CancellationToken ct) =>
    ConsoleEndpoints.GetRegistrationAsync(id, request, operations, ct));
open.MapPost(ApiRoutes.ConsoleResolution, (string id, HttpRequest request, DurableTaskClient client, WorklistOperations operations, CancellationToken ct) =>
    ConsoleEndpoints.ResolveAsync(id, request, client, operations, ct));
open.MapPost(ApiRoutes.ConsoleCorrection, (string id, HttpRequest request, PatientAccess.Workflow.SpecialistConsole.ConsoleOperations operations, CancellationToken ct) =>
    ConsoleEndpoints.CorrectAsync(id, request, operations, ct));
open.MapPost(ApiRoutes.ConsoleCardUploadUrl, (string id, HttpRequest request, DurableTaskClient client, PatientAccess.Workflow.Cards.CardIntakeOperations operations, CancellationToken ct) =>
    ConsoleEndpoints.CreateUploadUrlAsync(id, request, client, operations, ct));
open.MapPost(ApiRoutes.ConsolePatientLink, (string id, HttpRequest request, PatientAccess.Workflow.SpecialistConsole.ConsoleOperations operations, CancellationToken ct) =>
    ConsoleEndpoints.IssuePatientLinkAsync(id, request, operations, ct));
open.MapDelete(ApiRoutes.ConsolePatientLink, (string id, HttpRequest request, PatientAccess.Workflow.SpecialistConsole.ConsoleOperations operations, CancellationToken ct) =>
    ConsoleEndpoints.RevokePatientLinksAsync(id, request, operations, ct));

// The patient page's operations: the token is the capability (no key, no sign-in), rate-limited.
open.MapGet(ApiRoutes.PortalView, (string token, HttpRequest request, PatientAccess.Workflow.Portal.PortalOperations operations, PortalRateLimiter limiter, CancellationToken ct) =>
    PortalEndpoints.GetViewAsync(token, request, operations, limiter, ct));
open.MapPost(ApiRoutes.PortalCardUploadUrl, (string token, HttpRequest request, DurableTaskClient client, PatientAccess.Workflow.Portal.PortalOperations operations, PortalRateLimiter limiter, CancellationToken ct) =>
    PortalEndpoints.CreateUploadUrlAsync(token, request, client, operations, limiter, ct));
open.MapPut(ApiRoutes.PortalContact, (string token, HttpRequest request, PatientAccess.Workflow.Portal.PortalOperations operations, PortalRateLimiter limiter, CancellationToken ct) =>
    PortalEndpoints.ChangeContactAsync(token, request, operations, limiter, ct));
open.MapGet(ApiRoutes.PortalForms, (string token, HttpRequest request, PatientAccess.Workflow.Forms.FormOperations forms, PortalRateLimiter limiter, CancellationToken ct) =>
    FormEndpoints.ListAsync(token, request, forms, limiter, ct));
open.MapPost(ApiRoutes.PortalFormSignature, (string token, string kind, HttpRequest request, DurableTaskClient client, PatientAccess.Workflow.Forms.FormOperations forms, PortalRateLimiter limiter, CancellationToken ct) =>
    FormEndpoints.SignAsync(token, kind, request, client, forms, limiter, ct));
open.MapPost(ApiRoutes.PortalFormWithdrawal, (string token, string kind, HttpRequest request, PatientAccess.Workflow.Forms.FormOperations forms, PortalRateLimiter limiter, CancellationToken ct) =>
    FormEndpoints.WithdrawAsync(token, kind, request, forms, limiter, ct));
open.MapGet(ApiRoutes.PortalFormDocument, (string token, string kind, HttpRequest request, PatientAccess.Workflow.Forms.FormOperations forms, PortalRateLimiter limiter, CancellationToken ct) =>
    FormEndpoints.GetDocumentAsync(token, kind, request, forms, limiter, ct));
open.MapPost(ApiRoutes.ConsolePaperSignature, (string id, string kind, HttpRequest request, DurableTaskClient client, PatientAccess.Workflow.Forms.FormOperations forms, CancellationToken ct) =>
    FormEndpoints.RecordPaperSignatureAsync(id, kind, request, client, forms, ct));
open.MapPost(ApiRoutes.ConsoleFormWithdrawal, (string id, string kind, HttpRequest request, PatientAccess.Workflow.Forms.FormOperations forms, CancellationToken ct) =>
    FormEndpoints.RecordWithdrawalAsync(id, kind, request, forms, ct));
open.MapGet(ApiRoutes.ConsoleFormDocument, (string id, string kind, HttpRequest request, PatientAccess.Workflow.Forms.FormOperations forms, CancellationToken ct) =>
    FormEndpoints.GetDocumentForSpecialistAsync(id, kind, request, forms, ct));
open.MapGet(ApiRoutes.PortalGoodFaithEstimate, (string token, HttpRequest request, PatientAccess.Workflow.Estimates.EstimateDocumentOperations documents, PortalRateLimiter limiter, CancellationToken ct) =>
    EstimateEndpoints.GetForPatientAsync(token, request, documents, limiter, ct));
open.MapGet(ApiRoutes.ConsoleGoodFaithEstimate, (string id, HttpRequest request, PatientAccess.Workflow.Estimates.EstimateDocumentOperations documents, CancellationToken ct) =>
    EstimateEndpoints.GetForSpecialistAsync(id, request, documents, ct));
open.MapGet(ApiRoutes.PortalQuestions, (string token, HttpRequest request, PatientAccess.Workflow.Questions.QuestionOperations questions, PortalRateLimiter limiter, CancellationToken ct) =>
    QuestionEndpoints.GetForPatientAsync(token, request, questions, limiter, ct));
open.MapPost(ApiRoutes.PortalQuestions, (string token, HttpRequest request, PatientAccess.Workflow.Questions.QuestionOperations questions, PortalRateLimiter limiter, CancellationToken ct) =>
    QuestionEndpoints.AskAsync(token, request, questions, limiter, ct));
open.MapGet(ApiRoutes.ConsoleQuestions, (HttpRequest request, PatientAccess.Workflow.Questions.QuestionOperations questions, CancellationToken ct) =>
    QuestionEndpoints.ListOpenAsync(request, questions, ct));
open.MapPost(ApiRoutes.ConsoleQuestionReply, (string id, HttpRequest request, PatientAccess.Workflow.Questions.QuestionOperations questions, CancellationToken ct) =>
    QuestionEndpoints.ReplyAsync(id, request, questions, ct));
if (local.BenchmarkBaseline) app.MapBenchmarkBaseline(apiHost);
open.MapGet(ApiRoutes.OpenApi, () => Results.Text(OpenApiDocument.Text, "application/json; charset=utf-8"));

// The pages themselves (src/Api/wwwroot) and, on loopback only, the development sign-in.
foreach (var route in StaticPages.Routes)
{
    app.MapMethods("/" + route, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) => StaticPages.Serve(context)).AllowAnonymous().RequireHost(apiHost);
}
app.MapDevSignIn(apiHost);

// The backend and the stores must exist before the worker asks for work.
await app.Services.GetRequiredService<AzureStorageOrchestrationService>().CreateIfNotExistsAsync();
await app.Services.GetRequiredService<CosmosDatabaseProvider>().EnsureReadyAsync(CancellationToken.None);
// The patient page PUTs photos straight to Azurite from this origin (the browser's CORS check).
await ((PatientAccess.Integrations.Blob.BlobCardImageStore)app.Services.GetRequiredService<PatientAccess.Domain.Ports.ICardImageStore>())
    .AllowBrowserUploadsAsync([$"http://127.0.0.1:{local.ApiPort}", $"http://localhost:{local.ApiPort}"], CancellationToken.None);

if (apiKey.Generated)
{
    // The key is a local secret for this run only; printing it is how an operator learns it.
    Console.WriteLine($"PatientAccess LocalHost API key (generated for this run): {apiKey.Value}");
}
Console.WriteLine($"PatientAccess LocalHost task engine on unix socket {engine.Path} (this user only)");
Console.WriteLine($"PatientAccess LocalHost listening on http://127.0.0.1:{local.ApiPort}");
await app.RunAsync();

/// <summary>Entry point type, visible to tests that start the host.</summary>
public partial class Program;
