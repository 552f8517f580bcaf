using Microsoft.DurableTask;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;

namespace PatientAccess.Workflow.Eligibility;

/// <summary>
/// What a re-check starts with: the registration id, the visit it checks for (Unix seconds; names its steps, so a
/// second re-check for a moved visit has steps and work items of its own) and the registration's
/// <see cref="Registration.StepSequence"/> when it was started (its steps are numbered after the clearance's).
/// <paramref name="Verified"/>: the stage a verified re-check records, the one the clearance ended with
/// (<see cref="ClearanceStage.Cleared"/>, or <see cref="ClearanceStage.EligibilityVerified"/> for a clearance of before
/// the estimate phase).
/// </summary>
public sealed record EligibilityRecheckInput(string RegistrationId, long VisitAt = 0, long StepSequence = 0, ClearanceStage Verified = ClearanceStage.EligibilityVerified);

/// <summary>
/// Checks eligibility again shortly before the visit for a registration that was verified earlier: coverage ends,
/// plans change, and the payer's answer of two weeks ago does not hold on the day. A short orchestration of its own
/// (the clearance finished long ago) on the same <see cref="ClearanceSteps"/>: the same eligibility sub-orchestration;
/// verified again is recorded and done, anything else opens a work item that names this orchestration, and a
/// specialist's "continue" or "retry" checks again (they fixed the data) while "close" marks the registration incomplete.
/// </summary>
[DurableTask(nameof(EligibilityRecheckOrchestrator))]
public sealed class EligibilityRecheckOrchestrator : TaskOrchestrator<EligibilityRecheckInput, ClearanceStage>
{
    /// <summary>One re-check per registration and visit time: the sweep starts it under this id, so a second sweep finds it.</summary>
    public static string InstanceIdFor(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return $"recheck-{registration.Id.Value}-{registration.Appointment.ScheduledAt.ToUnixTimeSeconds()}";
    }

    /// <summary>The re-check's input for the registration as it is now.</summary>
    public static EligibilityRecheckInput InputFor(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new EligibilityRecheckInput(registration.Id.Value, registration.Appointment.ScheduledAt.ToUnixTimeSeconds(), registration.StepSequence,
            registration.Stage == ClearanceStage.Cleared ? ClearanceStage.Cleared : ClearanceStage.EligibilityVerified);
    }

    /// <summary>The name of round <paramref name="round"/>'s step (and work item) of the re-check for visit <paramref name="visitAt"/>.</summary>
    public static string StepName(long visitAt, int round) => $"recheck-{visitAt}-eligibility-{round}";

    public override async Task<ClearanceStage> RunAsync(TaskOrchestrationContext context, EligibilityRecheckInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var steps = new ClearanceSteps(context, input.RegistrationId, input.StepSequence);
        try
        {
            return await RecheckAsync(steps, input.VisitAt, input.Verified);
        }
        catch (ClearanceClosedException)
        {
            await steps.RecordClosedAfterFailureAsync($"recheck-{input.VisitAt}-closed-after-failure");
            return ClearanceStage.Incomplete;
        }
    }

    private static async Task<ClearanceStage> RecheckAsync(ClearanceSteps steps, long visitAt, ClearanceStage verified)
    {
        for (var round = 1; round <= EligibilityPhase.MaxEligibilityRounds; round++)
        {
            var step = StepName(visitAt, round);
            var outcome = await steps.CheckEligibilityAsync(step, round);
            if (outcome.Status == EligibilityOutcomeStatus.Verified)
            {
                await steps.ProgressAsync(verified, step, outcome.ReasonCode);
                EligibilityLog.Rechecked(steps.Context.CreateReplaySafeLogger<EligibilityRecheckOrchestrator>(), steps.RegistrationId, round);
                return verified;
            }

            var answer = await steps.AskSpecialistAsync(EligibilityPhase.WorkItemFor(steps.RegistrationId, step, outcome) with
            {
                SuggestedAction = outcome.SuggestedAction + " This is the re-check before the visit; continue checks again after the fix.",
            });
            if (answer.Action == ResolutionAction.Close)
            {
                await steps.ProgressAsync(ClearanceStage.Incomplete, $"recheck-{visitAt}-closed", "closed by a specialist");
                return ClearanceStage.Incomplete;
            }
        }
        await steps.ProgressAsync(ClearanceStage.Incomplete, $"recheck-{visitAt}-rounds-exhausted",
            $"eligibility not verified again after {EligibilityPhase.MaxEligibilityRounds} rounds");
        return ClearanceStage.Incomplete;
    }
}
