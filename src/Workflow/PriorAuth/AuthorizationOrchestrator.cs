using Microsoft.DurableTask;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>
/// One service line's prior authorization, from "is one needed?" to the payer's decision. Run it with the instance id
/// <see cref="PriorAuthInstances.For"/> (<c>clearance-{registrationId}-auth-{lineKey}</c>); phase 2 calls it as a
/// sub-orchestration of the clearance.
/// <list type="number">
/// <item>Decide: reuse an approved authorization on file, or the need decision; not needed, reused and "a specialist
/// must look" end here.</item>
/// <item>Submit once (transient failures retried by the policy; after the last attempt the line waits for a specialist
/// as "payer unavailable").</item>
/// <item>Pended: wait for <see cref="PriorAuthEvents.AuthorizationNotified"/> (the subscription), or poll at the payer's
/// interval, never more often; at the decision clock's warning and at its deadline open an AuthorizationOverdue work
/// item (this orchestration owns it and keeps waiting); a specialist's Close or
/// <see cref="PriorAuthEvents.CancelRequested"/> cancels the request at the payer.</item>
/// </list>
/// It opens no work item for the decision itself: the outcome carries reason, explanation and suggested action, so the
/// clearance keeps one place that waits for specialists (as with eligibility).
/// </summary>
[DurableTask(nameof(AuthorizationOrchestrator))]
public sealed class AuthorizationOrchestrator : TaskOrchestrator<AuthorizationInput, AuthorizationOutcome>
{
    /// <summary>Waits while pended; past this many wake-ups the line goes to a specialist instead of waiting on.</summary>
    public const int MaxWakeUps = 500;

    /// <summary>The shortest poll interval honoured (tests and demos); payers' intervals are minutes to hours.</summary>
    public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(1);

    public static TaskOptions RetryOptions(AuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TaskOptions.FromRetryPolicy(new RetryPolicy(
            maxNumberOfAttempts: Math.Max(1, input.MaxAttempts),
            firstRetryInterval: input.FirstRetryInterval ?? TimeSpan.FromSeconds(5),
            backoffCoefficient: 2,
            maxRetryInterval: TimeSpan.FromMinutes(5))
        {
            HandleFailure = failure => failure.IsCausedBy<TransientDependencyException>() || failure.IsCausedBy<ConcurrencyConflictException>(),
        });
    }

    /// <summary>The longest one call of the line may take by its retry policy (<see cref="ClearanceWatch.RetryBudget"/>).</summary>
    public static TimeSpan Budget(AuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ClearanceWatch.RetryBudget(Math.Max(1, input.MaxAttempts), input.FirstRetryInterval ?? TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5));
    }

    public override async Task<AuthorizationOutcome> RunAsync(TaskOrchestrationContext context, AuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<AuthorizationOrchestrator>();
        var options = RetryOptions(input);
        var step = new AuthorizationStep(input.RegistrationId, input.LineKey, input.DecisionWindow);
        // Decide, submit and record: three calls under the line's retry policy (the clearance's watch of the line).
        ClearanceWatch.Set(context, $"auth-{input.LineKey}", 3 * Budget(input));

        var decided = await context.CallActivityAsync<AuthorizationStepResult>(nameof(DecideAuthorizationActivity), step, options);
        if (decided.State != Domain.PriorAuth.AuthorizationState.Open)
        {
            return End(context, input, decided, null, 0);
        }

        AuthorizationStepResult result;
        try
        {
            result = await context.CallActivityAsync<AuthorizationStepResult>(nameof(SubmitAuthorizationActivity), step, options);
        }
        catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<TransientDependencyException>() || e.FailureDetails.IsCausedBy<PermanentDependencyException>())
        {
            var attention = AuthorizationFollowUp.PayerUnavailable(input.LineKey, Math.Max(1, input.MaxAttempts));
            await context.CallActivityAsync(nameof(RecordAuthorizationAttentionActivity), new AuthorizationAttentionRecord(
                input.RegistrationId, input.LineKey, Domain.PriorAuth.AuthorizationState.NeedsSpecialist, attention.Reason, attention.Explanation, attention.SuggestedAction), options);
            result = AuthorizationSteps.Attention(Domain.PriorAuth.AuthorizationState.NeedsSpecialist, "payer-unavailable", attention);
        }

        if (result.State is not (Domain.PriorAuth.AuthorizationState.Pended or Domain.PriorAuth.AuthorizationState.Submitted))
        {
            return End(context, input, result, null, 0);
        }
        var waited = await WaitForDecisionAsync(context, input, step, result, options);
        PriorAuthLog.Ended(logger, input.RegistrationId, input.LineKey, waited.Outcome.State, waited.Outcome.ReasonCode, waited.Inquiries);
        return waited.Outcome;
    }

    private static AuthorizationOutcome End(TaskOrchestrationContext context, AuthorizationInput input, AuthorizationStepResult r, string? overdueItem, int inquiries)
    {
        var logger = context.CreateReplaySafeLogger<AuthorizationOrchestrator>();
        var outcome = Outcome(input, r, overdueItem, inquiries);
        PriorAuthLog.Ended(logger, input.RegistrationId, input.LineKey, outcome.State, outcome.ReasonCode, inquiries);
        return outcome;
    }

    private static AuthorizationOutcome Outcome(AuthorizationInput input, AuthorizationStepResult r, string? overdueItem, int inquiries) =>
        new(input.RegistrationId, input.LineKey, r.State, r.ReasonCode, r.ReviewActionCode, r.WorkItemReason, r.Explanation, r.SuggestedAction, r.DeadlineUtc, overdueItem, inquiries);

    private sealed record Waited(AuthorizationOutcome Outcome, int Inquiries);

    /// <summary>
    /// The pended wait: one waiter per external event for the whole wait (see ADR 0007), a poll timer re-armed only
    /// after it fired, and the clock's warning and deadline timers each fired once.
    /// </summary>
    private static async Task<Waited> WaitForDecisionAsync(TaskOrchestrationContext context, AuthorizationInput input, AuthorizationStep step, AuthorizationStepResult pended, TaskOptions options)
    {
        var poll = input.PollInterval ?? pended.PollInterval ?? TimeSpan.FromHours(4);
        if (poll < MinimumPollInterval) poll = MinimumPollInterval;
        var deadline = pended.DeadlineUtc;
        var warnAt = pended.WarnAtUtc;
        var warningStep = $"auth-{input.LineKey}-overdue-warning";
        var deadlineStep = $"auth-{input.LineKey}-overdue";
        string? overdueItem = null;
        var openItems = new List<string>();
        var inquiries = 0;

        using var stop = new CancellationTokenSource();
        Task<AuthorizationNotifiedEvent>? notified = null;
        Task<AuthorizationCancelEvent>? cancel = null;
        Task<WorkItemResolvedEvent>? resolved = null;
        Task? pollTimer = null;
        var pollAt = context.CurrentUtcDateTime;
        Task? warnTimer = warnAt is { } w ? context.CreateTimer(Max(w, context.CurrentUtcDateTime), stop.Token) : null;
        Task? deadlineTimer = deadline is { } d ? context.CreateTimer(Max(d, context.CurrentUtcDateTime), stop.Token) : null;
        var current = pended;
        try
        {
            for (var wake = 0; wake < MaxWakeUps; wake++)
            {
                notified ??= context.WaitForExternalEvent<AuthorizationNotifiedEvent>(PriorAuthEvents.AuthorizationNotified);
                cancel ??= context.WaitForExternalEvent<AuthorizationCancelEvent>(PriorAuthEvents.CancelRequested);
                resolved ??= context.WaitForExternalEvent<WorkItemResolvedEvent>(ClearanceEvents.WorkItemResolved);
                if (pollTimer is null)
                {
                    pollAt = context.CurrentUtcDateTime.Add(poll);
                    pollTimer = context.CreateTimer(pollAt, stop.Token);
                }
                // Pended: the poll timer wakes the line at the latest, then one inquiry (or an item) follows.
                ClearanceWatch.Set(context, $"auth-{input.LineKey}-pended", pollAt - context.CurrentUtcDateTime + Budget(input));
                var waits = new List<Task> { notified, cancel, resolved, pollTimer };
                if (warnTimer is not null) waits.Add(warnTimer);
                if (deadlineTimer is not null) waits.Add(deadlineTimer);
                var winner = await Task.WhenAny(waits);

                if (winner == cancel)
                {
                    await cancel;
                    return new Waited(await CancelAsync(context, input, step, options, openItems, inquiries), inquiries);
                }
                if (winner == resolved)
                {
                    var resolution = await resolved;
                    resolved = null;
                    if (!openItems.Contains(resolution.WorkItemId)) continue;
                    openItems.Remove(resolution.WorkItemId);
                    if (resolution.Action == ResolutionAction.Close)
                    {
                        return new Waited(await CancelAsync(context, input, step, options, openItems, inquiries), inquiries);
                    }
                    // Continue or retry: the specialist spoke to the payer; look now.
                    current = await InquireAsync(context, step, null, options);
                    inquiries++;
                }
                else if (winner == notified)
                {
                    var notification = await notified;
                    notified = null;
                    current = await InquireAsync(context, step, notification.NotificationId, options);
                }
                else if (winner == pollTimer)
                {
                    pollTimer = null;
                    current = await InquireAsync(context, step, null, options);
                    inquiries++;
                }
                else if (winner == warnTimer)
                {
                    warnTimer = null;
                    openItems.Add(overdueItem = await OpenOverdueAsync(context, input, warningStep, pended, pastDeadline: false, options));
                    continue;
                }
                else if (winner == deadlineTimer)
                {
                    deadlineTimer = null;
                    openItems.Add(overdueItem = await OpenOverdueAsync(context, input, deadlineStep, pended, pastDeadline: true, options));
                    continue;
                }

                if (current.State.IsSettled())
                {
                    await CloseOpenItemsAsync(context, input, openItems, options);
                    return new Waited(Outcome(input, current, overdueItem, inquiries), inquiries);
                }
            }
        }
        finally
        {
            // Synchronous on purpose: CancelAsync would resume the orchestrator outside its scheduler.
#pragma warning disable CA1849
            stop.Cancel();
#pragma warning restore CA1849
        }

        var attention = AuthorizationFollowUp.Overdue(input.LineKey, new DecisionDeadline(AuthorizationUrgency.Standard, context.CurrentUtcDateTime, context.CurrentUtcDateTime, deadline ?? context.CurrentUtcDateTime), pastDeadline: true);
        return new Waited(Outcome(input, AuthorizationSteps.Attention(Domain.PriorAuth.AuthorizationState.Pended, "still-pended", attention), overdueItem, inquiries), inquiries);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static async Task<AuthorizationStepResult> InquireAsync(TaskOrchestrationContext context, AuthorizationStep step, string? notificationId, TaskOptions options)
    {
        try
        {
            return await context.CallActivityAsync<AuthorizationStepResult>(nameof(InquireAuthorizationActivity), step with { NotificationId = notificationId }, options);
        }
        catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<TransientDependencyException>() || e.FailureDetails.IsCausedBy<PermanentDependencyException>())
        {
            // The payer did not answer this time; the line is still pended and the next poll or notification tries again.
            return new AuthorizationStepResult(Domain.PriorAuth.AuthorizationState.Pended, "inquiry-failed", null, null, null, null);
        }
    }

    private static async Task<string> OpenOverdueAsync(TaskOrchestrationContext context, AuthorizationInput input, string stepName, AuthorizationStepResult pended, bool pastDeadline, TaskOptions options)
    {
        var deadline = pended.DeadlineUtc ?? context.CurrentUtcDateTime;
        var clock = new DecisionDeadline(AuthorizationUrgency.Standard, context.CurrentUtcDateTime, pended.WarnAtUtc ?? deadline, deadline);
        var attention = AuthorizationFollowUp.Overdue(input.LineKey, clock, pastDeadline);
        return await context.CallActivityAsync<string>(nameof(OpenAuthorizationWorkItemActivity),
            new AuthorizationWorkItemRequest(input.RegistrationId, stepName, attention.Reason, attention.Explanation, attention.SuggestedAction), options);
    }

    private static async Task CloseOpenItemsAsync(TaskOrchestrationContext context, AuthorizationInput input, List<string> openItems, TaskOptions options)
    {
        foreach (var id in openItems)
        {
            var stepName = id[(input.RegistrationId.Length + 1)..];
            await context.CallActivityAsync<bool>(nameof(CloseAuthorizationWorkItemActivity),
                new AuthorizationWorkItemRequest(input.RegistrationId, stepName, WorkItemReason.AuthorizationOverdue, "The payer decided.", string.Empty), options);
        }
        openItems.Clear();
    }

    private static async Task<AuthorizationOutcome> CancelAsync(TaskOrchestrationContext context, AuthorizationInput input, AuthorizationStep step, TaskOptions options, List<string> openItems, int inquiries)
    {
        var result = await context.CallActivityAsync<AuthorizationStepResult>(nameof(CancelAuthorizationActivity), step, options);
        await CloseOpenItemsAsync(context, input, openItems, options);
        return Outcome(input, result, null, inquiries);
    }
}
