using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Eligibility;

/// <summary>
/// Asks the payer about one registration: loads it (the PHI stays here, out of the orchestration history), builds the
/// question from the settled coverage (or what the patient typed), the patient and the appointment, calls the gateway,
/// keeps the raw answer as an audit blob, records the summary on the registration and returns a small decision.
/// Transient failures propagate (<see cref="Domain.Common.TransientDependencyException"/>) so the orchestrator's retry
/// policy handles them; a transient payer answer (AAA 42/79/80) is stored for audit before it propagates.
/// Idempotent by its step key (the eligibility round's instance id and the question asked): the decision is recorded on
/// the registration with the eligibility summary (one write), and a repeated run returns it without asking the payer
/// again. The trace number sent (TRN02) comes from the step key too, so the payer sees the same question each time.
/// </summary>
[DurableTask(nameof(CheckEligibilityActivity))]
public sealed class CheckEligibilityActivity(
    IRegistrationStore registrations,
    IEligibilityGateway gateway,
    IAuditPayloadStore auditPayloads,
    RegistrationUpdater updater,
    ILogger<CheckEligibilityActivity> logger)
    : TaskActivity<EligibilityCheckRequest, EligibilityCheckResult>
{
    public override async Task<EligibilityCheckResult> RunAsync(TaskActivityContext context, EligibilityCheckRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var id = RegistrationId.Parse(input.RegistrationId);
        var registration = (await registrations.GetAsync(id, CancellationToken.None)).Value;
        var key = StepOutput.Key(context.InstanceId, input.Attempt.ToString());
        if (registration.CompletedStepOutput(key) is { } recorded)
        {
            Log.StepRepeated(logger, input.RegistrationId, key);
            return StepOutput.Read<EligibilityCheckResult>(recorded);
        }
        if (registration.Stage == ClearanceStage.Cancelled)
        {
            // A round that outlived its cancelled clearance (ADR 0018): no question to the payer, nothing recorded.
            EligibilityLog.NotCheckable(logger, input.RegistrationId, EligibilityDecisions.ReasonVisitCancelled);
            return Result(EligibilityDecisions.VisitCancelled(), null);
        }

        var primary = EligibilityRequestFactory.FromRegistration(registration, TraceNumber(id, key), out var missing);
        if (primary is null)
        {
            var gap = EligibilityDecisions.CoverageMissing(missing);
            EligibilityLog.NotCheckable(logger, input.RegistrationId, gap.ReasonCode);
            return await RecordAsync(id, key, Result(gap, null), null, $"eligibility not checkable: {gap.ReasonCode}");
        }
        var alternate = AlternateIdentity.For(primary);
        var request = input.Attempt == EligibilityAttemptKind.Primary
            ? primary
            : alternate?.Request ?? throw new InvalidOperationException($"Registration {input.RegistrationId} has no alternate identity data to re-query with.");

        EligibilityResponse response;
        try
        {
            response = await gateway.CheckAsync(request, CancellationToken.None);
        }
        catch (PayerUnavailableException e)
        {
            await StoreAsync(id, input.Attempt, e.Response);
            EligibilityLog.PayerUnavailable(logger, input.RegistrationId, input.Attempt);
            throw;
        }

        var blobName = await StoreAsync(id, input.Attempt, response);
        var decision = EligibilityDecisions.Decide(response, input.Attempt, alternate is not null);
        if (decision.Verdict == EligibilityVerdict.RetryLater)
        {
            EligibilityLog.PayerUnavailable(logger, input.RegistrationId, input.Attempt);
            throw new PayerUnavailableException(response);
        }

        var snapshot = response.Snapshot with { ResponseBlobName = blobName };
        var result = await RecordAsync(id, key, Result(decision, blobName), snapshot,
            $"eligibility checked ({input.Attempt}): {snapshot.Status}, {decision.ReasonCode}, response {blobName}");
        EligibilityLog.Checked(logger, input.RegistrationId, input.Attempt, result.Verdict, result.ReasonCode);
        return result;
    }

    /// <summary>
    /// The trace number (TRN02) of the question asked under <paramref name="key"/>: the registration id (a random id,
    /// no PHI) and a hash of the key, 41 characters. The same step asks with the same trace, so a payer (and the
    /// sandbox, which counts questions per trace) can tell a repeat from a new question.
    /// </summary>
    public static string TraceNumber(RegistrationId id, string key)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
        return $"{id.Value}-{Convert.ToHexStringLower(hash.AsSpan(0, 4))}";
    }

    /// <summary>The decision under the step key and the eligibility summary, in one write; the decision on file when a duplicate run recorded first.</summary>
    private async Task<EligibilityCheckResult> RecordAsync(RegistrationId id, string key, EligibilityCheckResult result, EligibilitySnapshot? snapshot, string auditAction)
    {
        var recorded = await updater.CompleteStepAsync(id, key, StepOutput.Write(result),
            r => { if (snapshot is not null) r.RecordEligibility(snapshot, updater.Now); }, auditAction, CancellationToken.None);
        return StepOutput.Read<EligibilityCheckResult>(recorded);
    }

    private async Task<string> StoreAsync(RegistrationId id, EligibilityAttemptKind attempt, EligibilityResponse response)
    {
        var name = EligibilityAudit.BlobName(id, updater.Now, attempt == EligibilityAttemptKind.Primary ? 1 : 2, response.PayloadExtension);
        var contentType = response.PayloadExtension == "json" ? "application/json" : "application/edi-x12";
        return await auditPayloads.SaveAsync(EligibilityAudit.Container, name, response.RawPayload, contentType, CancellationToken.None);
    }

    private static EligibilityCheckResult Result(EligibilityDecision d, string? blobName) =>
        new(d.Verdict, d.WorkItemReason, d.Classification, d.ReasonCode, d.Explanation, d.SuggestedAction, blobName);
}
