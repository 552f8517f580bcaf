using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>
/// Does this line need an authorization? Reuses an approved one on file (same payer, member, code, dates), else the
/// pure need decision (payer list over the 271's EB11). Records the answer and its reason. Idempotent: a line
/// decided before is answered from its record.
/// </summary>
[DurableTask(nameof(DecideAuthorizationActivity))]
public sealed class DecideAuthorizationActivity(AuthorizationSteps steps, IAuthorizationStore records, ILogger<DecideAuthorizationActivity> logger)
    : TaskActivity<AuthorizationStep, AuthorizationStepResult>
{
    public override async Task<AuthorizationStepResult> RunAsync(TaskActivityContext context, AuthorizationStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var existing = await steps.FindAsync(input);
        var line = await steps.LoadAsync(input);
        if (existing is { Value.State: not AuthorizationState.Open } done)
        {
            PriorAuthLog.AlreadyDone(logger, input.RegistrationId, input.LineKey, done.Value.State);
            return AuthorizationSteps.Result(done.Value, line.Payer?.PollInterval);
        }

        var fresh = AuthorizationSteps.NewRecord(input, line, steps.Now);
        if (line.PayerId is null || line.MemberId is null)
        {
            return await Hold(input, fresh, "coverage-missing", AuthorizationFollowUp.CoverageMissing(input.LineKey));
        }

        var onFile = await records.ListApprovedAsync(line.PayerId, fresh.MemberKey, line.Line.Code.Value, CancellationToken.None);
        if (AuthorizationReuse.Find(line.Line, line.PayerId, fresh.MemberKey, onFile.Where(r => r.Id != fresh.Id)) is { } reuse)
        {
            var reused = await steps.UpdateAsync(input, r => (r ?? fresh) is var b && b.CanMoveTo(AuthorizationState.Reused)
                ? b with { State = AuthorizationState.Reused, ReusedFrom = reuse.Id, Decision = reuse.Decision, Need = new NeedDecision(AuthorizationNeed.Needed, "on-file", "An approved authorization on file covers this service, its dates and units.") }
                : null, $"reused authorization {reuse.Id}");
            PriorAuthLog.Decided(logger, input.RegistrationId, input.LineKey, AuthorizationNeed.Needed, "on-file");
            return AuthorizationSteps.Result(reused);
        }

        var need = AuthorizationNeedPolicy.Decide(line.Line, line.Registration.Eligibility?.Benefits ?? [], steps.Directory.RulesFor(line.PayerId));
        PriorAuthLog.Decided(logger, input.RegistrationId, input.LineKey, need.Need, need.ReasonCode);
        if (need.Need == AuthorizationNeed.NotNeeded)
        {
            var notNeeded = await steps.UpdateAsync(input, r => (r ?? fresh) is var b && b.CanMoveTo(AuthorizationState.NotNeeded)
                ? b with { State = AuthorizationState.NotNeeded, Need = need } : null, $"not needed ({need.ReasonCode})");
            return AuthorizationSteps.Result(notNeeded);
        }
        if (line.Payer is null)
        {
            return await Hold(input, fresh with { Need = need }, need.ReasonCode, need.Need == AuthorizationNeed.Unknown
                ? AuthorizationFollowUp.NeedUnknown(input.LineKey, need) : AuthorizationFollowUp.NotElectronic(input.LineKey));
        }
        if (need.Need == AuthorizationNeed.Unknown && line.Payer.WhenUnknown == UnknownNeedPolicy.AskSpecialist)
        {
            return await Hold(input, fresh with { Need = need }, need.ReasonCode, AuthorizationFollowUp.NeedUnknown(input.LineKey, need));
        }

        var open = await steps.UpdateAsync(input, r => r is null ? fresh with { Need = need } : r.Need is null ? r with { Need = need } : null, $"needed ({need.ReasonCode})");
        return AuthorizationSteps.Result(open, line.Payer.PollInterval) with { ReasonCode = need.ReasonCode };
    }

    private async Task<AuthorizationStepResult> Hold(AuthorizationStep input, AuthorizationRecord fresh, string reasonCode, AuthorizationAttention attention)
    {
        await steps.UpdateAsync(input, r => (r ?? fresh) is var b && b.CanMoveTo(AuthorizationState.NeedsSpecialist)
            ? b with { State = AuthorizationState.NeedsSpecialist, Need = b.Need ?? fresh.Need } : null, $"needs a specialist ({reasonCode})");
        return AuthorizationSteps.Attention(AuthorizationState.NeedsSpecialist, reasonCode, attention);
    }
}

/// <summary>
/// Sends the line's request to the payer once. The record moves to Submitted before the call; a retried activity
/// that finds it Submitted asks the payer first ($inquire / the same 278 again) and submits only when the payer
/// does not know the request, so a crash between the payer's answer and our write does not request twice. Transient
/// failures propagate for the retry policy; a data refusal ends as Rejected with the payer's issues.
/// </summary>
[DurableTask(nameof(SubmitAuthorizationActivity))]
public sealed class SubmitAuthorizationActivity(AuthorizationSteps steps, IPriorAuthGateway gateway, ILogger<SubmitAuthorizationActivity> logger)
    : TaskActivity<AuthorizationStep, AuthorizationStepResult>
{
    public override async Task<AuthorizationStepResult> RunAsync(TaskActivityContext context, AuthorizationStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var record = (await steps.FindAsync(input))?.Value ?? throw new NotFoundException("Authorization", AuthorizationRecord.IdFor(input.RegistrationId, input.LineKey));
        var line = await steps.LoadAsync(input);
        if (record.State is not (AuthorizationState.Open or AuthorizationState.Submitted))
        {
            PriorAuthLog.AlreadyDone(logger, input.RegistrationId, input.LineKey, record.State);
            return AuthorizationSteps.Result(record, line.Payer?.PollInterval);
        }
        var inFlight = record.State == AuthorizationState.Submitted;
        if (!inFlight && line.Registration.Stage == ClearanceStage.Cancelled)
        {
            // A line that outlived its cancelled clearance (ADR 0018): nothing is sent to the payer.
            var cancelled = await steps.UpdateAsync(input, r => r!.CanMoveTo(AuthorizationState.Cancelled) ? r with { State = AuthorizationState.Cancelled } : null, "not submitted: visit cancelled");
            PriorAuthLog.Answered(logger, input.RegistrationId, input.LineKey, "submit", cancelled.State, null);
            return AuthorizationSteps.Result(cancelled);
        }
        if (!inFlight)
        {
            record = await steps.UpdateAsync(input, r => r!.CanMoveTo(AuthorizationState.Submitted)
                ? r with { State = AuthorizationState.Submitted, SubmissionId = r.Id, SubmittedAt = steps.Now } : null, "submitting");
        }

        var request = steps.Request(line, record);
        AuthorizationResponse response;
        try
        {
            response = inFlight ? await AskThenSubmitAsync(request) : await gateway.SubmitAsync(request, CancellationToken.None);
        }
        catch (AuthorizationRequestRejectedException e)
        {
            PriorAuthLog.Rejected(logger, input.RegistrationId, input.LineKey, e.Message);
            await steps.UpdateAsync(input, r => r!.CanMoveTo(AuthorizationState.Rejected) ? r with { State = AuthorizationState.Rejected, DecidedAt = steps.Now } : null, "rejected by the payer");
            return AuthorizationSteps.Attention(AuthorizationState.Rejected, "payer-rejected", AuthorizationFollowUp.Rejected(input.LineKey, e.Issues));
        }

        var blob = await steps.KeepAsync(input, response, "submit");
        var decision = response.ItemFor(1) ?? new ItemDecision(1, null, AuthorizationDecisionKind.Error, null, null, null, null, null, []);
        var zone = AuthorizationSteps.ZoneOf(line.Registration);
        var updated = await steps.UpdateAsync(input, r => steps.Apply(r!, decision, response.PayerReference, blob, zone, input.DecisionWindow, inquiry: false),
            $"submitted: {decision.Decision} ({decision.ReviewActionCode ?? "no review action"})");
        PriorAuthLog.Answered(logger, input.RegistrationId, input.LineKey, "submit", updated.State, decision.ReviewActionCode);
        return AuthorizationSteps.Result(updated, line.Payer?.PollInterval);
    }

    private async Task<AuthorizationResponse> AskThenSubmitAsync(AuthorizationRequest request)
    {
        try
        {
            var known = await gateway.InquireAsync(request, CancellationToken.None);
            if (known.ItemFor(1) is { Decision: not AuthorizationDecisionKind.Error }) return known;
        }
        catch (AuthorizationRequestRejectedException)
        {
            // The payer does not know this request: it never arrived. Submit it now.
        }
        return await gateway.SubmitAsync(request, CancellationToken.None);
    }
}

/// <summary>
/// Looks at a pended request again: the decisions a full-resource notification carried, or the payer's answer to an
/// inquiry ($inquire / 278). A settled line is answered from its record.
/// </summary>
[DurableTask(nameof(InquireAuthorizationActivity))]
public sealed class InquireAuthorizationActivity(AuthorizationSteps steps, IPriorAuthGateway gateway, IPriorAuthNotificationStore notifications, ILogger<InquireAuthorizationActivity> logger)
    : TaskActivity<AuthorizationStep, AuthorizationStepResult>
{
    public override async Task<AuthorizationStepResult> RunAsync(TaskActivityContext context, AuthorizationStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var record = (await steps.FindAsync(input))?.Value ?? throw new NotFoundException("Authorization", AuthorizationRecord.IdFor(input.RegistrationId, input.LineKey));
        var line = await steps.LoadAsync(input);
        if (record.State.IsSettled())
        {
            return AuthorizationSteps.Result(record, line.Payer?.PollInterval);
        }

        var notified = input.NotificationId is null ? null : await notifications.FindAsync(input.NotificationId, CancellationToken.None);
        ItemDecision? decision;
        string? reference;
        string? blob = null;
        var operation = "notification";
        if (notified?.Items is { Count: > 0 } items)
        {
            decision = items.FirstOrDefault(i => i.ItemSequence == 1) ?? items[0];
            reference = notified.PayerReference;
        }
        else
        {
            operation = "inquire";
            AuthorizationResponse response;
            try
            {
                response = await gateway.InquireAsync(steps.Request(line, record), CancellationToken.None);
            }
            catch (AuthorizationRequestRejectedException e)
            {
                // The payer refused the inquiry as data; the request itself stands. Keep waiting: the clock escalates.
                PriorAuthLog.Rejected(logger, input.RegistrationId, input.LineKey, e.Message);
                return AuthorizationSteps.Result(record, line.Payer?.PollInterval);
            }
            blob = await steps.KeepAsync(input, response, "inquire");
            decision = response.ItemFor(1);
            reference = response.PayerReference;
        }
        if (decision is null) return AuthorizationSteps.Result(record, line.Payer?.PollInterval);

        var zone = AuthorizationSteps.ZoneOf(line.Registration);
        var updated = await steps.UpdateAsync(input, r => steps.Apply(r!, decision, reference, blob, zone, input.DecisionWindow, inquiry: operation == "inquire"),
            $"{operation}: {decision.Decision} ({decision.ReviewActionCode ?? "no review action"})");
        PriorAuthLog.Answered(logger, input.RegistrationId, input.LineKey, operation, updated.State, decision.ReviewActionCode);
        return AuthorizationSteps.Result(updated, line.Payer?.PollInterval);
    }
}

/// <summary>Cancels the line's request at the payer (PAS update with certification type 3 / 278 UM02 3) and records it cancelled.</summary>
[DurableTask(nameof(CancelAuthorizationActivity))]
public sealed class CancelAuthorizationActivity(AuthorizationSteps steps, IPriorAuthGateway gateway, ILogger<CancelAuthorizationActivity> logger)
    : TaskActivity<AuthorizationStep, AuthorizationStepResult>
{
    public override async Task<AuthorizationStepResult> RunAsync(TaskActivityContext context, AuthorizationStep input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var record = (await steps.FindAsync(input))?.Value;
        if (record is null || record.State == AuthorizationState.Cancelled)
        {
            return new AuthorizationStepResult(AuthorizationState.Cancelled, "cancelled", null, null, null, null);
        }
        if (record.SubmissionId is not null && record.State is AuthorizationState.Submitted or AuthorizationState.Pended or AuthorizationState.Approved or AuthorizationState.Modified)
        {
            var line = await steps.LoadAsync(input);
            try
            {
                var response = await gateway.CancelAsync(steps.Request(line, record, CertificationType.Cancel), CancellationToken.None);
                await steps.KeepAsync(input, response, "cancel");
            }
            catch (AuthorizationRequestRejectedException e)
            {
                // The payer could not take the cancel (already closed on its side); ours is cancelled either way.
                PriorAuthLog.Rejected(logger, input.RegistrationId, input.LineKey, e.Message);
            }
        }
        var cancelled = await steps.UpdateAsync(input, r => r!.CanMoveTo(AuthorizationState.Cancelled) ? r with { State = AuthorizationState.Cancelled } : null, "cancelled");
        PriorAuthLog.Answered(logger, input.RegistrationId, input.LineKey, "cancel", cancelled.State, null);
        return AuthorizationSteps.Result(cancelled);
    }
}

/// <summary>Records a state the orchestration reached without an answer (the payer unavailable after every retry).</summary>
[DurableTask(nameof(RecordAuthorizationAttentionActivity))]
public sealed class RecordAuthorizationAttentionActivity(AuthorizationSteps steps) : TaskActivity<AuthorizationAttentionRecord, AuthorizationState>
{
    public override async Task<AuthorizationState> RunAsync(TaskActivityContext context, AuthorizationAttentionRecord input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var record = await steps.UpdateAsync(new AuthorizationStep(input.RegistrationId, input.LineKey),
            r => r is not null && r.CanMoveTo(input.State) ? r with { State = input.State } : null, $"{input.State}: {input.Reason}");
        return record.State;
    }
}

/// <summary>
/// Opens a work item for an authorization line while its orchestration waits (the overdue warning and deadline). The id
/// comes from the registration and the step, so a retry finds the item it opened; the item names this orchestration,
/// so the worklist's resolution comes back here. The registration's stage is not changed (the clearance owns it).
/// </summary>
[DurableTask(nameof(OpenAuthorizationWorkItemActivity))]
public sealed class OpenAuthorizationWorkItemActivity(IWorkItemStore workItems, RegistrationUpdater updater, ILogger<OpenAuthorizationWorkItemActivity> logger)
    : TaskActivity<AuthorizationWorkItemRequest, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, AuthorizationWorkItemRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var item = await workItems.CreateOrGetAsync(
            new WorkItem(WorkItem.IdFor(input.RegistrationId, input.Step), input.RegistrationId, input.Reason, input.Explanation, input.SuggestedAction,
                updater.Now, OrchestrationInstanceId: context.InstanceId),
            CancellationToken.None);
        await updater.UpdateAsync(RegistrationId.Parse(input.RegistrationId), _ => true, $"work item {item.Id} opened: {input.Reason}", CancellationToken.None);
        PriorAuthLog.WorkItemOpened(logger, input.RegistrationId, input.Step, item.Id, input.Reason);
        return item.Id;
    }
}

/// <summary>Closes an authorization work item the payer made moot (it decided after the overdue warning); a specialist's own resolution stands.</summary>
[DurableTask(nameof(CloseAuthorizationWorkItemActivity))]
public sealed class CloseAuthorizationWorkItemActivity(IWorkItemStore workItems, RegistrationUpdater updater) : TaskActivity<AuthorizationWorkItemRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, AuthorizationWorkItemRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = WorkItem.IdFor(input.RegistrationId, input.Step);
        var current = await workItems.GetAsync(input.RegistrationId, id, CancellationToken.None);
        if (current.Value.Status != WorkItemStatus.Open) return false;
        try
        {
            await workItems.ReplaceAsync(current.Value.Resolve("prior-authorization", ResolutionAction.Continue, input.Explanation, updater.Now), current.ETag, CancellationToken.None);
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
        await updater.UpdateAsync(RegistrationId.Parse(input.RegistrationId), _ => true, $"work item {id} closed: the payer decided", CancellationToken.None, actor: "prior-authorization");
        return true;
    }
}
