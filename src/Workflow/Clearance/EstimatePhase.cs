using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Estimates;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// The estimate phase (issue 13): what the patient will owe, computed by <see cref="ComputeEstimateActivity"/> and kept
/// on the registration with its sources (an insured patient's from the 271 benefits; a self-pay or uninsured patient's
/// as a Good Faith Estimate with its business-day deadline). A financial counselor is asked when the patient's share is
/// at or above <see cref="EstimateSettings.CounselingThreshold"/>, a specialist when the estimate lacks something it
/// needs. The patient is told at once that the estimate is on their page (<see cref="MessagePurpose.EstimateReady"/>:
/// the link, never the amount). Amounts never enter the orchestration: the activity answers with ids and flags.
/// <para>
/// A work item of this phase is resolved like any other: "continue" goes on with the estimate as it is, "retry"
/// estimates again (a new step: prices or benefits were fixed meanwhile), "close" ends the clearance.
/// </para>
/// </summary>
public static class EstimatePhase
{
    /// <summary>How many estimates one clearance computes before it goes on with the last one.</summary>
    public const int MaxEstimateRounds = 3;

    /// <summary>Done when the estimate is on the registration (and any counseling item settled); Ended when a specialist closed the case.</summary>
    public static async Task<PhaseOutcome> RunAsync(ClearanceSteps steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        while (steps.EstimateRound < MaxEstimateRounds)
        {
            var round = ++steps.EstimateRound;
            var step = $"estimate-{round}";
            var estimate = await steps.CallAsync<EstimateActivityResult>(step, nameof(ComputeEstimateActivity),
                new EstimateActivityInput(steps.RegistrationId, StepOutput.Key(steps.Context.InstanceId, step), step));
            Log.ClearanceStepDone(steps.Context.CreateReplaySafeLogger(nameof(EstimatePhase)), steps.RegistrationId, step);
            // At once, before any work item: a Good Faith Estimate is due within its business days whatever a counselor does.
            var message = $"{step}-message";
            await steps.CallAsync<PatientMessageOutcome>(message, nameof(SendPatientMessageActivity),
                new PatientMessageRequest(steps.RegistrationId, message, MessagePurpose.EstimateReady, round - 1));
            if (WorkItemFor(steps.RegistrationId, step, estimate) is not { } problem || round >= MaxEstimateRounds)
            {
                return PhaseOutcome.Done;
            }
            switch ((await steps.AskSpecialistAsync(problem)).Action)
            {
                case ResolutionAction.Close:
                    await steps.ProgressAsync(ClearanceStage.Incomplete, "closed", "closed by a specialist");
                    return PhaseOutcome.Ended;
                case ResolutionAction.RetryPatientStep:
                    continue;
                default:
                    return PhaseOutcome.Done;
            }
        }
        return PhaseOutcome.Done;
    }

    /// <summary>
    /// The end of the clearance: the registration is <see cref="ClearanceStage.Cleared"/>, "cleared with estimate" (the
    /// patient was told of the estimate when it was computed).
    /// </summary>
    public static async Task<ClearanceStage> ClearAsync(ClearanceSteps steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        await steps.ProgressAsync(ClearanceStage.Cleared, "cleared", steps.EstimateRound > 0 ? "cleared with estimate" : "cleared");
        return ClearanceStage.Cleared;
    }

    /// <summary>The work item an estimate needs, or null when it needs none (pure).</summary>
    public static WorkItemRequest? WorkItemFor(string registrationId, string step, EstimateActivityResult estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        if (estimate.Outcome == EstimateOutcome.NotEnoughInformation)
        {
            return new WorkItemRequest(registrationId, $"{step}-incomplete", WorkItemReason.EstimateIncomplete,
                "The estimate lacks something it needs (a price for a service, or the benefits that apply); the estimate lists what is missing.",
                "Find the missing price or benefit (price file, payer portal), then choose retry to estimate again; continue goes on with the estimate as it is; close ends the case.");
        }
        if (estimate.NeedsFinancialCounseling)
        {
            return new WorkItemRequest(registrationId, $"{step}-counseling", WorkItemReason.FinancialCounseling,
                estimate.SelfPay
                    ? "The Good Faith Estimate for this self-pay patient is at or above the financial-counseling threshold."
                    : "The patient's estimated share is at or above the financial-counseling threshold.",
                "Call the patient before the visit: walk through the estimate, payment plans and financial assistance (charity care, Medicaid screening); then continue. Retry estimates again.");
        }
        return null;
    }
}
