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
        var id = RegistrationId.Parse(input.RegistrationId);
        var registration = (await registrations.GetAsync(id, CancellationToken.None)).Value;

        var primary = EligibilityRequestFactory.FromRegistration(registration, Guid.NewGuid().ToString("N"), out var missing);
        if (primary is null)
        {
            var gap = EligibilityDecisions.CoverageMissing(missing);
            EligibilityLog.NotCheckable(logger, input.RegistrationId, gap.ReasonCode);
            return Result(gap, null);
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
        await updater.UpdateAsync(
            id,
            r => r.RecordEligibility(snapshot, updater.Now),
            auditAction: $"eligibility checked ({input.Attempt}): {snapshot.Status}, {decision.ReasonCode}, response {blobName}",
            CancellationToken.None);
        EligibilityLog.Checked(logger, input.RegistrationId, input.Attempt, decision.Verdict, decision.ReasonCode);
        return Result(decision, blobName);
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
