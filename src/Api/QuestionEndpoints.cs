using Microsoft.AspNetCore.Http;
using PatientAccess.Domain.Portal;
using PatientAccess.Workflow.Questions;

namespace PatientAccess.Api;

/// <summary>
/// Patient questions' HTTP operations, written once for both hosts: on the patient page (the token is the capability,
/// rate-limited as every portal operation, and asking at most <see cref="PortalRateLimiter.QuestionsPerLinkPerHour"/> an
/// hour per link) and in the console (a signed-in specialist, whose name the audit of every reply carries).
/// </summary>
public static class QuestionEndpoints
{
    /// <summary>A question or a reply: a request id and at most 1,000 characters (4 bytes each at worst) and the JSON around them.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    /// <summary>The query parameters of GET /api/console/questions.</summary>
    public static IReadOnlyList<string> QueryNames { get; } = ["max"];

    /// <summary>GET /api/portal/{token}/questions: the conversation of the link's registration.</summary>
    public static Task<IResult> GetForPatientAsync(string token, HttpRequest request, QuestionOperations questions, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(questions);
        return PortalEndpoints.GuardedAsync(token, request, limiter, async () => Results.Ok(await questions.GetForPatientAsync(token, cancellationToken)));
    }

    /// <summary>POST /api/portal/{token}/questions: the patient asks a question.</summary>
    public static Task<IResult> AskAsync(string token, HttpRequest request, QuestionOperations questions, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(limiter);
        return PortalEndpoints.GuardedAsync(token, request, limiter, async () =>
        {
            var body = RequestBody.Deserialize<QuestionRequest>(await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken));
            limiter.CountQuestion(PatientLinkToken.Hash(token));
            return Results.Ok(await questions.AskAsync(token, body, cancellationToken));
        });
    }

    /// <summary>GET /api/console/questions?max=: open questions, the first due first, with their registrations.</summary>
    public static async Task<IResult> ListOpenAsync(HttpRequest request, QuestionOperations questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(questions);
        var viewer = SpecialistAccess.Identity(SpecialistAccess.Require(request.HttpContext)).Name;
        var max = QueryParameters.Int(request, "max", 200, 1, 1000);
        return Results.Ok(await questions.ListOpenAsync(viewer, max, cancellationToken));
    }

    /// <summary>POST /api/console/registrations/{id}/questions/reply: the signed-in specialist replies.</summary>
    public static async Task<IResult> ReplyAsync(string id, HttpRequest request, QuestionOperations questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(questions);
        var by = SpecialistAccess.Identity(SpecialistAccess.Require(request.HttpContext)).Name;
        var registrationId = RegistrationEndpoints.ParseId(id);
        var body = RequestBody.Deserialize<QuestionRequest>(await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken));
        return Results.Ok(await questions.ReplyAsync(registrationId, by, body, cancellationToken));
    }
}
