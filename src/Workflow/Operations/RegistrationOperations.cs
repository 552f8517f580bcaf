using System.Security.Cryptography;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Clearance;

namespace PatientAccess.Workflow.Operations;

/// <summary>The answer to a pre-registration: which registration, and whether this was a repeat of an earlier request.</summary>
public sealed record SubmissionResult(RegistrationId RegistrationId, bool Replayed);

/// <summary>An Idempotency-Key was used before with a different request body.</summary>
public sealed class IdempotencyKeyReusedException()
    : DomainException("This Idempotency-Key was already used with a different request body.");

/// <summary>
/// Pre-registration as an application operation, called by the Functions trigger and the LocalHost
/// endpoint alike. Every step is idempotent, so a retried request (same key, same body) finishes whatever
/// an interrupted first attempt left undone and answers with the same registration.
/// </summary>
public sealed class RegistrationOperations(
    IRegistrationStore registrations,
    IIdempotencyStore idempotency,
    IAuditTrail audit,
    TimeProvider time,
    IOptions<ClearanceOptions> options,
    IOptions<ClinicOptions> clinic,
    ILogger<RegistrationOperations> logger)
{
    /// <param name="requestBody">The raw request body; its hash decides whether a reused key is the same request.</param>
    /// <exception cref="ValidationException">The form has invalid fields.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key was used with another body.</exception>
    public async Task<SubmissionResult> SubmitAsync(
        DurableTaskClient client, string idempotencyKey, RegistrationForm form, ReadOnlyMemory<byte> requestBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var now = time.GetUtcNow();
        var fresh = RegistrationId.New(Guid.NewGuid());
        form.Validate(fresh, now, clinic.Value.TimeZone); // all field errors before the key is claimed

        var hash = Convert.ToHexStringLower(SHA256.HashData(requestBody.Span));
        var claimed = await idempotency.ClaimAsync(new IdempotencyRecord(idempotencyKey, hash, fresh, now), cancellationToken);
        if (claimed.RequestHash != hash)
        {
            throw new IdempotencyKeyReusedException();
        }
        var id = claimed.RegistrationId;
        var replayed = id != fresh;

        var registration = form.Validate(id, claimed.CreatedAt, clinic.Value.TimeZone);
        if (await registrations.TryCreateAsync(registration, cancellationToken))
        {
            await audit.AppendAsync(new AuditEntry(RegistrationUpdater.AuditId(id.Value, "submitted"), id.Value, "api", "registration submitted", now), cancellationToken);
        }
        await EnsureClearanceStartedAsync(client, id, RegistrationEstimates.IsSelfPay(registration), cancellationToken);
        Log.RegistrationSubmitted(logger, id.Value, replayed);
        return new SubmissionResult(id, replayed);
    }

    /// <summary>The status view of a registration: stage, steps, what is awaited, timestamps. No PHI.</summary>
    /// <exception cref="NotFoundException">Unknown id.</exception>
    public async Task<RegistrationStatus> GetStatusAsync(RegistrationId id, CancellationToken cancellationToken)
    {
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        return RegistrationStatus.From(registration);
    }

    /// <summary>
    /// The status view with the state of the clearance's orchestration (Running, Completed, Terminated, Failed...), so a
    /// clearance that stopped shows as stopped even before the stopped-clearance sweep puts it on the worklist.
    /// </summary>
    /// <exception cref="NotFoundException">Unknown id.</exception>
    public async Task<RegistrationStatus> GetStatusAsync(DurableTaskClient client, RegistrationId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var status = await GetStatusAsync(id, cancellationToken);
        var instance = await client.GetInstanceAsync(id.ClearanceInstanceId, getInputsAndOutputs: false, cancellationToken);
        return status with { Clearance = instance?.RuntimeStatus.ToString() ?? "NotStarted" };
    }

    private async Task EnsureClearanceStartedAsync(DurableTaskClient client, RegistrationId id, bool selfPay, CancellationToken cancellationToken)
    {
        var instanceId = id.ClearanceInstanceId;
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null)
        {
            return;
        }
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ClearanceOrchestrator),
            new ClearanceInput(id.Value, options.Value.CardWaitTimeout, selfPay,
                new AuthorizationSettings(options.Value.AuthorizationPollInterval, options.Value.AuthorizationDecisionWindow)),
            new StartOrchestrationOptions(instanceId),
            cancellationToken);
        Log.ClearanceStarted(logger, instanceId);
    }
}

/// <summary>
/// What GET /api/registrations/{id} answers: where the clearance stands, without PHI. <see cref="FollowUp"/> says
/// what the patient was asked to do, how many reminders went out, when the next is due and whether the sweep gave up.
/// <see cref="Clearance"/>: the clearance orchestration's runtime status (Running, Completed, Terminated, Failed,
/// NotStarted), when asked for. <see cref="Estimate"/>: what the patient is expected to owe, with its breakdown and every
/// number's sources (a Good Faith Estimate's id and deadline for a self-pay patient); null until estimated.
/// <see cref="Authorizations"/>: each service line's prior authorization (state, reason, payer reference, decision,
/// approved dates and units, deadline while pended); null before the authorization phase.
/// </summary>
public sealed record RegistrationStatus(
    string Id,
    ClearanceStage Stage,
    string? Awaiting,
    string? OpenWorkItemId,
    IReadOnlyList<StepRecord> Steps,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    PatientFollowUp? FollowUp = null,
    string? Clearance = null,
    Estimates.EstimateView? Estimate = null,
    IReadOnlyList<AuthorizationLine>? Authorizations = null)
{
    public static RegistrationStatus From(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new(registration.Id.Value, registration.Stage, registration.Awaiting, registration.OpenWorkItemId,
            registration.Steps, registration.CreatedAt, registration.UpdatedAt, registration.FollowUp, Estimate: Estimates.EstimateView.From(registration.Estimate),
            Authorizations: registration.Authorizations.Count == 0 ? null : registration.Authorizations);
    }
}
