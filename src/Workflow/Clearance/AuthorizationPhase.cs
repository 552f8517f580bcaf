using Microsoft.DurableTask;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// The prior-authorization phase (issue 11, docs/prior-auth.md): after eligibility, every service line of the
/// appointment runs as its own <see cref="AuthorizationOrchestrator"/> sub-orchestration (instance id
/// <see cref="PriorAuthInstances.For"/>, so payer notifications and <see cref="PriorAuthEvents.CancelRequested"/> reach
/// it), all lines at once. Each line's decision is recorded on the registration with its reason (a line that needs no
/// authorization passes with the reason why). The patient is told once every line is settled: "your visit is ready"
/// when an authorization was involved and all are in place, "please call us" when one needs the team. Lines that need a
/// person (denied, modified, needs documentation, rejected, unknown need, payer unavailable, still pended) go to a
/// specialist one at a time: continue settles the line by their word and the clearance goes on (to the estimate), close
/// ends the clearance. A self-pay visit has no payer to ask: the phase records "not asked: self-pay" and goes on.
/// <para>
/// A line whose orchestration fails after its retries (its decide or cancel step broken) ends in a
/// <see cref="WorkItemReason.StepFailed"/> work item naming <c>auth-{lineKey}</c>; continue runs the line again under a
/// fresh child id (<c>…-auth-{lineKey}-{attempt}</c>). Failures are reported one line at a time, after every line has
/// finished, so two failed lines never wait for a specialist at once (the clearance has one resolution inbox).
/// </para>
/// </summary>
public static class AuthorizationPhase
{
    /// <summary>The outcome of step <c>auth-not-asked</c>: a self-pay visit has no payer to ask for an authorization.</summary>
    public const string NotAskedSelfPay = "not asked: self-pay (no payer to ask)";

    /// <summary>
    /// Done when every line is settled (stage <see cref="ClearanceStage.Authorized"/>, an intermediate stage: the
    /// estimate follows); Ended when a specialist closed the clearance.
    /// </summary>
    public static async Task<PhaseOutcome> RunAsync(ClearanceSteps steps, ClearanceInput input)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(input);
        var id = steps.RegistrationId;
        if (input.SelfPay)
        {
            await steps.ProgressAsync(ClearanceStage.Authorized, "auth-not-asked", NotAskedSelfPay);
            return PhaseOutcome.Done;
        }
        const string listStep = "auth-lines";
        var lines = await steps.CallAsync<string[]>(listStep, nameof(ListAuthorizationLinesActivity), new AuthorizationLinesRequest(id, listStep));
        await steps.ProgressAsync(ClearanceStage.AuthorizationPending, "auth-started", $"{lines.Length} service line(s) checked for prior authorization");

        // The lines keep their own deadlines (their watches); the clearance's is that they exist and move.
        steps.Watch("auth-lines", within: null, [.. lines.Select(key => LineInstanceId(id, key))]);
        var firstRuns = await Task.WhenAll(lines.Select(key => TryLineAsync(steps, input, key)));
        var outcomes = new List<AuthorizationOutcome>(lines.Length);
        foreach (var (key, run) in lines.Zip(firstRuns))
        {
            var outcome = run.Outcome ?? await steps.RunStepAsync(LineStep(key), attempt =>
                attempt == 1 ? Task.FromException<AuthorizationOutcome>(run.Failure!) : LineAsync(steps, input, key, attempt));
            await steps.CallAsync<AuthorizationState>($"{LineStep(key)}-recorded", nameof(RecordAuthorizationLineActivity),
                new AuthorizationLineRequest(id, key, $"{LineStep(key)}-recorded", outcome.Explanation));
            outcomes.Add(outcome);
        }

        if (PatientMessage(outcomes) is { } purpose)
        {
            const string messageStep = "auth-patient-message";
            await steps.CallAsync<bool>(messageStep, nameof(SendAuthorizationMessageActivity), new AuthorizationMessageRequest(id, messageStep, purpose, 1));
        }

        foreach (var outcome in outcomes)
        {
            if (AttentionFor(outcome) is not { } attention) continue;
            var step = $"{LineStep(outcome.LineKey)}-{outcome.State.ToString().ToLowerInvariant()}";
            var answer = await steps.AskSpecialistAsync(new WorkItemRequest(id, step, attention.Reason, attention.Explanation,
                $"{attention.SuggestedAction} {AuthorizationFollowUp.Resolution}".Trim()));
            if (answer.Action == ResolutionAction.Close)
            {
                await steps.ProgressAsync(ClearanceStage.Incomplete, "closed", "closed by a specialist");
                return PhaseOutcome.Ended;
            }
            await steps.CallAsync<AuthorizationState>($"{step}-settled", nameof(RecordAuthorizationLineActivity),
                new AuthorizationLineRequest(id, outcome.LineKey, $"{step}-settled", outcome.Explanation, AuthorizationSettledBy.Specialist, WorkItem.IdFor(id, step)));
        }

        await steps.ProgressAsync(ClearanceStage.Authorized, "auth-done", Summary(outcomes));
        Log.ClearanceStepDone(steps.Context.CreateReplaySafeLogger(nameof(AuthorizationPhase)), id, "authorization");
        return PhaseOutcome.Done;
    }

    /// <summary>
    /// The work item a line's outcome needs, or null: the outcome's own (denied, modified, needs documentation,
    /// rejected, unknown need, payer unavailable, still pended), or for a line cancelled while the clearance still runs
    /// (a reschedule moved the visit outside its dates, or a specialist closed its overdue item: a cancelled visit stops
    /// the clearance before its lines end) <see cref="AuthorizationFollowUp.Cancelled"/>.
    /// </summary>
    public static AuthorizationAttention? AttentionFor(AuthorizationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.WorkItemReason is { } reason)
        {
            return new AuthorizationAttention(reason, outcome.Explanation ?? $"Service line {outcome.LineKey}: the authorization needs a person.", outcome.SuggestedAction ?? string.Empty);
        }
        return outcome.State == AuthorizationState.Cancelled ? AuthorizationFollowUp.Cancelled(outcome.LineKey) : null;
    }

    /// <summary><c>auth-{lineKey}</c>: the line's step in the clearance (its StepFailed item names it).</summary>
    public static string LineStep(string lineKey) => $"auth-{lineKey}";

    /// <summary>
    /// The line's child id: <see cref="PriorAuthInstances.For"/> first (notifications and cancellations are routed
    /// there), <c>-{attempt}</c> after when a specialist asked to run a failed line again (a failed child's id is not reused).
    /// </summary>
    public static string LineInstanceId(string registrationId, string lineKey, int attempt = 1) =>
        attempt <= 1 ? PriorAuthInstances.For(registrationId, lineKey) : $"{PriorAuthInstances.For(registrationId, lineKey)}-{attempt}";

    /// <summary>
    /// The patient's message for the lines' first outcomes: "please call us" when one needs the team, "your visit is
    /// ready" when every line is in place and at least one needed an authorization; none when no line needed one (the
    /// clearance has nothing new to say) or a line is still open.
    /// </summary>
    public static MessagePurpose? PatientMessage(IReadOnlyCollection<AuthorizationOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Any(o => AttentionFor(o) is not null)) return MessagePurpose.AuthorizationUpdate;
        var purpose = AuthorizationFollowUp.PatientMessage(outcomes.Select(o => o.State));
        return purpose == MessagePurpose.VisitReady && outcomes.All(o => o.State == AuthorizationState.NotNeeded) ? null : purpose;
    }

    private sealed record LineRun(AuthorizationOutcome? Outcome, TaskFailedException? Failure);

    private static async Task<LineRun> TryLineAsync(ClearanceSteps steps, ClearanceInput input, string key)
    {
        try
        {
            return new LineRun(await LineAsync(steps, input, key, 1), null);
        }
        catch (TaskFailedException e)
        {
            return new LineRun(null, e);
        }
    }

    /// <summary>
    /// One run of the line's orchestration. An outcome about another registration or line (never expected: a child is
    /// never the first task after a branch on events) fails visibly rather than pass as this line's decision.
    /// </summary>
    private static async Task<AuthorizationOutcome> LineAsync(ClearanceSteps steps, ClearanceInput input, string key, int attempt)
    {
        var settings = input.Authorization;
        if (attempt > 1) steps.Watch(LineStep(key), within: null, [LineInstanceId(steps.RegistrationId, key, attempt)]);
        var outcome = await steps.Context.CallSubOrchestratorAsync<AuthorizationOutcome>(
            nameof(AuthorizationOrchestrator),
            new AuthorizationInput(steps.RegistrationId, key, PollInterval: settings?.PollInterval, DecisionWindow: settings?.DecisionWindow),
            new SubOrchestrationOptions(new TaskOptions(), LineInstanceId(steps.RegistrationId, key, attempt)));
        return outcome is not null && outcome.RegistrationId == steps.RegistrationId && outcome.LineKey == key
            ? outcome
            : throw new InvalidOperationException($"Step {LineStep(key)} of {steps.Context.InstanceId} received an answer that is not its authorization outcome.");
    }

    private static string Summary(List<AuthorizationOutcome> outcomes) =>
        outcomes.Count == 0
            ? "no service lines to authorize"
            : string.Join(", ", outcomes.GroupBy(o => o.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
}
