namespace PatientAccess.Workflow.Estimates;

/// <summary>
/// Input of <see cref="ComputeEstimateActivity"/>: which registration, the clearance step's key (the estimate is kept
/// per step key) and its name (the activity's <see cref="StepAnswer"/> names it).
/// </summary>
public sealed record EstimateActivityInput(string RegistrationId, string StepKey, string Step);

/// <summary>How the estimate step ended.</summary>
public enum EstimateOutcome
{
    /// <summary>Insured: the patient's part is on the registration with its breakdown.</summary>
    Estimated,

    /// <summary>Self-pay or uninsured: the estimate and its Good Faith Estimate are on the registration.</summary>
    GoodFaithEstimate,

    /// <summary>Something an estimate needs is missing (prices, benefits); what is on the registration's estimate.</summary>
    NotEnoughInformation,
}

/// <summary>
/// What <see cref="ComputeEstimateActivity"/> returns to an orchestration: ids, the outcome and flags, never an amount,
/// a code or a date (those stay on the registration).
/// </summary>
/// <param name="NeedsFinancialCounseling">The patient's total is at or above the configured counseling threshold.</param>
/// <param name="UsedFallbackPrice">A line's allowed amount came from a fallback (de-identified maximum, gross charge), not a rate for the plan.</param>
/// <param name="AlreadyRecorded">This step's estimate was on the registration already (a retried or replayed step).</param>
public sealed record EstimateActivityResult(
    string RegistrationId,
    string StepKey,
    string EstimateId,
    EstimateOutcome Outcome,
    bool SelfPay,
    bool NeedsFinancialCounseling,
    bool UsedFallbackPrice,
    bool AlreadyRecorded);
