using Microsoft.DurableTask;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;

namespace PatientAccess.Workflow.Eligibility;

/// <summary>
/// The eligibility step of a clearance (and of the re-check), as a sub-orchestration per round whose instance id comes
/// from the parent's and the round (<see cref="Clearance.ClearanceSteps.EligibilityInstanceId"/>): one check with a retry policy for transient failures
/// (payer AAA 42/79/80, HTTP 5xx/408/429, timeouts, a 412 on the registration); on a member-not-found style rejection
/// (AAA 64, 65, 67, 72, 73, 75, 77) one re-query with alternate identity data; then a small outcome. It opens no work
/// item: the caller does (the outcome carries reason, explanation and suggested action), so the clearance keeps one
/// place that waits for specialists.
/// </summary>
[DurableTask(nameof(EligibilityOrchestrator))]
public sealed class EligibilityOrchestrator : TaskOrchestrator<EligibilityInput, EligibilityOutcome>
{
    public const int DefaultMaxAttempts = 5;

    public static TaskOptions RetryOptions(EligibilityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TaskOptions.FromRetryPolicy(new RetryPolicy(
            maxNumberOfAttempts: Math.Max(1, input.MaxAttempts),
            firstRetryInterval: input.FirstRetryInterval ?? TimeSpan.FromSeconds(5),
            backoffCoefficient: 2,
            maxRetryInterval: TimeSpan.FromMinutes(5))
        {
            HandleFailure = failure =>
                failure.IsCausedBy<TransientDependencyException>() || failure.IsCausedBy<ConcurrencyConflictException>(),
        });
    }

    /// <summary>
    /// The longest a round may take by its own retry policy: two questions (the primary and the alternate identity),
    /// each with every attempt and back-off (<see cref="Clearance.ClearanceWatch.RetryBudget"/>). The parent's watch
    /// of the round (docs/decisions/0008-durable-steps.md, amendment on stalls).
    /// </summary>
    public static TimeSpan Budget(EligibilityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return 2 * Clearance.ClearanceWatch.RetryBudget(Math.Max(1, input.MaxAttempts), input.FirstRetryInterval ?? TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5));
    }

    public override async Task<EligibilityOutcome> RunAsync(TaskOrchestrationContext context, EligibilityInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<EligibilityOrchestrator>();
        var options = RetryOptions(input);

        var result = await CheckAsync(context, new EligibilityCheckRequest(input.RegistrationId, EligibilityAttemptKind.Primary), options, input);
        var queries = 1;
        var alternate = false;
        if (result.Verdict == EligibilityVerdict.RequeryWithAlternateIdentity)
        {
            result = await CheckAsync(context, new EligibilityCheckRequest(input.RegistrationId, EligibilityAttemptKind.AlternateIdentity), options, input);
            queries = 2;
            alternate = true;
        }

        var status = result.Verdict switch
        {
            EligibilityVerdict.Verified => EligibilityOutcomeStatus.Verified,
            EligibilityVerdict.Inactive => EligibilityOutcomeStatus.Inactive,
            _ => EligibilityOutcomeStatus.NeedsSpecialist,
        };
        EligibilityLog.Ended(logger, input.RegistrationId, status, result.ReasonCode, queries);
        return new EligibilityOutcome(
            input.RegistrationId,
            status,
            result.WorkItemReason,
            result.Classification,
            result.ReasonCode,
            result.Explanation,
            result.SuggestedAction,
            queries,
            alternate,
            result.ResponseBlobName);
    }

    /// <summary>One check; transient failures that outlast the retries and permanent refusals become decisions for a person.</summary>
    private static async Task<EligibilityCheckResult> CheckAsync(TaskOrchestrationContext context, EligibilityCheckRequest request, TaskOptions options, EligibilityInput input)
    {
        try
        {
            return await context.CallActivityAsync<EligibilityCheckResult>(nameof(CheckEligibilityActivity), request, options);
        }
        catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<TransientDependencyException>())
        {
            return FromDecision(EligibilityDecisions.PayerUnavailable(Math.Max(1, input.MaxAttempts)));
        }
        catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<PermanentDependencyException>())
        {
            return FromDecision(EligibilityDecisions.ClearinghouseRefused());
        }
    }

    private static EligibilityCheckResult FromDecision(EligibilityDecision d) =>
        new(d.Verdict, d.WorkItemReason, d.Classification, d.ReasonCode, d.Explanation, d.SuggestedAction, null);
}
