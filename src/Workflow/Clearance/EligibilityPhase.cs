using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// The eligibility phase: runs the eligibility step (a sub-orchestration per round); when it needs a person, opens its
/// work item and, once resolved, checks again (the specialist fixed the data), goes back to the patient for a new card
/// photo ("retry"), or ends the clearance ("close").
/// </summary>
public static class EligibilityPhase
{
    /// <summary>How many eligibility rounds (each possibly after a specialist's fix) before the clearance ends.</summary>
    public const int MaxEligibilityRounds = 5;

    /// <summary>Done when coverage is verified; BackToPatient when a specialist asked for a new card; Ended otherwise.</summary>
    public static async Task<PhaseOutcome> RunAsync(ClearanceSteps steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        while (steps.EligibilityRound < MaxEligibilityRounds)
        {
            var round = ++steps.EligibilityRound;
            var step = $"eligibility-{round}";
            var outcome = await steps.CheckEligibilityAsync(step, round);
            if (outcome.Status == EligibilityOutcomeStatus.Verified)
            {
                await steps.ProgressAsync(ClearanceStage.EligibilityVerified, step, outcome.ReasonCode);
                Log.ClearanceStepDone(steps.Context.CreateReplaySafeLogger(nameof(EligibilityPhase)), steps.RegistrationId, "eligibility");
                return PhaseOutcome.Done;
            }

            var answer = await steps.AskSpecialistAsync(WorkItemFor(steps.RegistrationId, step, outcome));
            switch (answer.Action)
            {
                case ResolutionAction.Close:
                    await steps.ProgressAsync(ClearanceStage.Incomplete, "closed", "closed by a specialist");
                    return PhaseOutcome.Ended;
                case ResolutionAction.RetryPatientStep:
                    return PhaseOutcome.BackToPatient;
                default:
                    continue;
            }
        }

        await steps.ProgressAsync(ClearanceStage.Incomplete, "eligibility-rounds-exhausted", $"eligibility not verified after {MaxEligibilityRounds} rounds");
        return PhaseOutcome.Ended;
    }

    /// <summary>The work item for an eligibility outcome that needs a person (also the re-check's).</summary>
    public static WorkItemRequest WorkItemFor(string registrationId, string step, EligibilityOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(
            registrationId,
            step,
            outcome.WorkItemReason ?? WorkItemReason.EligibilityRejected,
            outcome.Explanation,
            outcome.SuggestedAction + " To ask the patient to check their insurance and send a new card photo, choose retry.");
    }
}
