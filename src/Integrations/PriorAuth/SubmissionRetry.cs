using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>
/// What the HTTP pipeline may send again of a request that asks the payer to act (a submission, a cancellation): only
/// after an answer that says it was not taken (429, 503). After an attempt timed out, a connection broke or a 5xx other
/// than 503 the payer may have it, so the pipeline gives up and the activity's retry asks the payer first ($inquire, a
/// 278 inquiry) and submits again only if the payer has nothing. The kill test saw the payer receive one line three
/// times when an attempt's 10 s timeout re-sent the POST under load.
/// </summary>
internal static class SubmissionRetry
{
    private static readonly HttpRequestOptionsKey<bool> Key = new("PatientAccess.PriorAuth.Submission");

    /// <summary>Marks a request as one the payer acts on.</summary>
    public static void Mark(HttpRequestMessage message) => message.Options.Set(Key, true);

    /// <summary>The pipeline's retry predicate, narrowed for marked requests.</summary>
    public static Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> Guard(Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> retryable) =>
        args => args.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(Key, out var submission) && submission
            ? ValueTask.FromResult(args.Outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            : retryable(args);
}
