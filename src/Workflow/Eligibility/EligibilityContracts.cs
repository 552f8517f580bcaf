using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.Eligibility;

/// <summary>
/// Input of <see cref="EligibilityOrchestrator"/>: ids and retry settings only (orchestration inputs are stored in
/// plain text in the Durable history; no PHI).
/// </summary>
/// <param name="MaxAttempts">Attempts per query for transient failures (payer AAA 42/79/80, 5xx, timeouts).</param>
/// <param name="FirstRetryInterval">Backoff before the second attempt (doubles each time, up to 5 minutes); 5 s when null.</param>
public sealed record EligibilityInput(string RegistrationId, int MaxAttempts = 5, TimeSpan? FirstRetryInterval = null);

/// <summary>Input of <see cref="CheckEligibilityActivity"/>: which question to ask for which registration.</summary>
public sealed record EligibilityCheckRequest(string RegistrationId, EligibilityAttemptKind Attempt);

/// <summary>
/// What one check decided. Codes and fixed plain words only (no PHI); the 271 itself is in the audit blob
/// <see cref="ResponseBlobName"/>, the summary on the registration.
/// </summary>
public sealed record EligibilityCheckResult(
    EligibilityVerdict Verdict,
    WorkItemReason? WorkItemReason,
    RejectionKind? Classification,
    string ReasonCode,
    string Explanation,
    string SuggestedAction,
    string? ResponseBlobName);

/// <summary>How the eligibility step ended.</summary>
public enum EligibilityOutcomeStatus
{
    /// <summary>Coverage is active; benefits are on the registration.</summary>
    Verified,

    /// <summary>Coverage is inactive for the date of service; a specialist should talk to the patient (<see cref="WorkItemReason.CoverageInactive"/>).</summary>
    Inactive,

    /// <summary>A person must act: <see cref="EligibilityOutcome.WorkItemReason"/>, explanation and suggested action say why and what.</summary>
    NeedsSpecialist,
}

/// <summary>
/// Output of <see cref="EligibilityOrchestrator"/>: small, no PHI. For <see cref="EligibilityOutcomeStatus.Inactive"/> and
/// <see cref="EligibilityOutcomeStatus.NeedsSpecialist"/> the work-item fields are filled, ready for a
/// <c>WorkItemRequest</c>.
/// </summary>
/// <param name="ReasonCode">Stable code: coverage-active, coverage-inactive, coverage-unknown, coverage-missing, aaa-75, payer-unavailable, clearinghouse-refused...</param>
/// <param name="Queries">How many distinct questions were asked (1, or 2 with the alternate-identity re-query); transient retries are not counted.</param>
public sealed record EligibilityOutcome(
    string RegistrationId,
    EligibilityOutcomeStatus Status,
    WorkItemReason? WorkItemReason,
    RejectionKind? Classification,
    string ReasonCode,
    string Explanation,
    string SuggestedAction,
    int Queries,
    bool UsedAlternateIdentity,
    string? ResponseBlobName);
