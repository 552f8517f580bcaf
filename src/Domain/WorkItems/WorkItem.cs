namespace PatientAccess.Domain.WorkItems;

/// <summary>Why a case needs a human. Stable codes: the worklist filters by them and reports count them.</summary>
public enum WorkItemReason
{
    /// <summary>No card photo arrived before the deadline.</summary>
    CardNotReceived,
    /// <summary>The card could not be read well enough to trust.</summary>
    CardUnreadable,
    /// <summary>The card and what the patient typed disagree, or a field was read with low confidence.</summary>
    CardDataMismatch,
    /// <summary>The payer could not find the member even after an automatic re-query.</summary>
    MemberNotFound,
    /// <summary>Coverage is inactive for the date of service.</summary>
    CoverageInactive,
    /// <summary>The payer rejected the inquiry for a reason a person must fix.</summary>
    EligibilityRejected,
    /// <summary>The payer denied a service line's authorization (A3).</summary>
    AuthorizationDenied,
    /// <summary>The payer approved less or other than asked (A2 partial, A6 modified).</summary>
    AuthorizationModified,
    /// <summary>The payer has not decided and the CMS-0057-F deadline is near or past.</summary>
    AuthorizationOverdue,
    /// <summary>The payer wants documentation or a call before deciding (pended asking for information, CT).</summary>
    AuthorizationNeedsDocumentation,
    /// <summary>The payer could not accept the request as sent (PAS OperationOutcome 4xx, 278 AAA): the data must be fixed.</summary>
    AuthorizationRequestRejected,
    /// <summary>Neither the 271 nor the payer's list says whether the service needs an authorization.</summary>
    AuthorizationNeedUnknown,
    /// <summary>The payer did not answer the authorization request after every retry.</summary>
    AuthorizationPayerUnavailable,
    /// <summary>The patient's estimated share is at or above the financial-counseling threshold: a counselor talks payment options through.</summary>
    FinancialCounseling,
    /// <summary>The estimate lacks something it needs (a price, the benefits for a service); the estimate lists what.</summary>
    EstimateIncomplete,
    /// <summary>The patient did not finish their part after every reminder.</summary>
    PatientUnresponsive,
    /// <summary>A clearance step still failed after its retries (a fault, not a business outcome); the item names the step.</summary>
    StepFailed,
    /// <summary>A form the visit needs is still unsigned the day before the visit (or after every reminder).</summary>
    FormsUnsigned,
    /// <summary>The patient withdrew a signed form the visit needs; staff must talk to them before care.</summary>
    ConsentWithdrawn,
    /// <summary>The Medicare Secondary Payer answers are incomplete, or make another plan primary without its details.</summary>
    MspReview,
    /// <summary>The clearance's orchestration stopped without finishing (terminated by an operator, or failed).</summary>
    ClearanceStopped,
    /// <summary>A service line's authorization request was cancelled at the payer while the clearance still needed it (the visit moved outside its dates, or its overdue item was closed).</summary>
    AuthorizationCancelled,
    /// <summary>The clearance's orchestration is running but stuck: past its own deadline in a step; the item names the step.</summary>
    ClearanceStalled,
}

/// <summary>How a specialist closed a work item; the orchestration acts on it.</summary>
public enum ResolutionAction
{
    /// <summary>The problem is fixed (e.g. corrected data on file); carry on with the clearance.</summary>
    Continue,
    /// <summary>Ask the patient again (e.g. re-upload a card) and wait once more.</summary>
    RetryPatientStep,
    /// <summary>Stop the clearance; it ends as incomplete.</summary>
    Close,
}

public enum WorkItemStatus
{
    Open,
    Resolved,
}

/// <summary>
/// One case in the specialists' queue: which registration, why, what to do, and how it ended.
/// The explanation and suggested action are plain words with no PHI values in them.
/// <see cref="OrchestrationInstanceId"/> is the orchestration waiting for the resolution (the clearance, or an
/// eligibility re-check); null on items written before it was recorded, which belong to the clearance.
/// <see cref="CorrelationId"/> ties a <see cref="WorkItemReason.StepFailed"/> item to the log lines of that failure.
/// </summary>
public sealed record WorkItem(
    string Id,
    string RegistrationId,
    WorkItemReason Reason,
    string Explanation,
    string SuggestedAction,
    DateTimeOffset CreatedAt,
    WorkItemStatus Status = WorkItemStatus.Open,
    string? AssignedTo = null,
    string? ResolvedBy = null,
    ResolutionAction? Resolution = null,
    string? ResolutionNote = null,
    DateTimeOffset? ResolvedAt = null,
    string? OrchestrationInstanceId = null,
    string? CorrelationId = null)
{
    /// <summary>
    /// The work item id is derived from the registration and the orchestration step that opened it, so a
    /// retried activity opens the same item instead of a second one.
    /// </summary>
    public static string IdFor(string registrationId, string step) => $"{registrationId}-{step}";

    public WorkItem Resolve(string by, ResolutionAction action, string? note, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (Status == WorkItemStatus.Resolved)
        {
            throw new InvalidOperationException($"Work item {Id} is already resolved.");
        }
        return this with
        {
            Status = WorkItemStatus.Resolved,
            ResolvedBy = by,
            Resolution = action,
            ResolutionNote = note,
            ResolvedAt = at,
        };
    }
}
