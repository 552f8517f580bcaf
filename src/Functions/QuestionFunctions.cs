using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using PatientAccess.Api;
using PatientAccess.Workflow.Questions;

namespace PatientAccess.Functions;

/// <summary>
/// Patient questions as Functions triggers: on the patient page anonymous (the link's token is the capability,
/// rate-limited in src/Api), in the console a signed-in specialist (the platform's principal, then checked by each
/// operation). Inbound texts reach the questions through <see cref="InboundMessageFunctions"/>.
/// </summary>
public sealed class QuestionFunctions(QuestionOperations questions, PortalRateLimiter limiter, IOptions<ConsoleHostOptions> options)
{
    public const string PortalListName = "PortalQuestions";
    public const string PortalAskName = "PortalAskQuestion";
    public const string ConsoleListName = "ConsoleQuestions";
    public const string ConsoleReplyName = "ConsoleQuestionReply";

    [Function(PortalListName)]
    public Task<IResult> GetForPatientAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.PortalQuestions)] HttpRequest request, string token, CancellationToken cancellationToken) =>
        QuestionEndpoints.GetForPatientAsync(token, request, questions, limiter, cancellationToken);

    [Function(PortalAskName)]
    public Task<IResult> AskAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.PortalQuestions)] HttpRequest request, string token, CancellationToken cancellationToken) =>
        QuestionEndpoints.AskAsync(token, request, questions, limiter, cancellationToken);

    [Function(ConsoleListName)]
    public Task<IResult> ListOpenAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoute.Api + ApiRoutes.ConsoleQuestions)] HttpRequest request, CancellationToken cancellationToken) =>
        QuestionEndpoints.ListOpenAsync(PlatformSignIn.Apply(request, options.Value), questions, cancellationToken);

    [Function(ConsoleReplyName)]
    public Task<IResult> ReplyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoute.Api + ApiRoutes.ConsoleQuestionReply)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        QuestionEndpoints.ReplyAsync(id, PlatformSignIn.Apply(request, options.Value), questions, cancellationToken);
}
