using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;

namespace PatientAccess.Workflow.Eligibility;

/// <summary>What a re-check starts with: the registration id only.</summary>
public sealed record EligibilityRecheckInput(string RegistrationId);

/// <summary>
/// Checks eligibility again shortly before the visit for a registration that was verified earlier: coverage ends,
/// plans change, and the payer's answer of two weeks ago does not hold on the day. A short orchestration of its own
/// (the clearance finished long ago): the same eligibility step as the clearance; verified again is recorded and done,
/// anything else opens a work item that names this orchestration, and a specialist's "continue" or "retry" checks
/// again (they fixed the data) while "close" marks the registration incomplete.
/// </summary>
[DurableTask(nameof(EligibilityRecheckOrchestrator))]
public sealed class EligibilityRecheckOrchestrator : TaskOrchestrator<EligibilityRecheckInput, ClearanceStage>
{
    private static readonly EligibilityOrchestrator Eligibility = new();

    /// <summary>One re-check per registration and visit time: the sweep starts it under this id, so a second sweep finds it.</summary>
    public static string InstanceIdFor(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return $"recheck-{registration.Id.Value}-{registration.Appointment.ScheduledAt.ToUnixTimeSeconds()}";
    }

    public override async Task<ClearanceStage> RunAsync(TaskOrchestrationContext context, EligibilityRecheckInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var id = input.RegistrationId;
        var logger = context.CreateReplaySafeLogger<EligibilityRecheckOrchestrator>();
        var inbox = new ClearanceOrchestrator.Inbox(context);
        for (var round = 1; round <= ClearanceOrchestrator.MaxEligibilityRounds; round++)
        {
            // Inline, as in the clearance (docs/decisions/0004-eligibility-inline.md).
            var outcome = await Eligibility.RunAsync(context, new EligibilityInput(id));
            if (outcome.Status == EligibilityOutcomeStatus.Verified)
            {
                await ClearanceOrchestrator.Progress(context, new ProgressUpdate(id, ClearanceStage.EligibilityVerified, $"eligibility-recheck-{round}", outcome.ReasonCode, null));
                EligibilityLog.Rechecked(logger, id, round);
                return ClearanceStage.EligibilityVerified;
            }

            var answer = await ClearanceOrchestrator.AskSpecialistAsync(context, inbox,
                ClearanceOrchestrator.EligibilityWorkItem(id, $"eligibility-recheck-{round}", outcome) with
                {
                    SuggestedAction = outcome.SuggestedAction + " This is the re-check before the visit; continue checks again after the fix.",
                },
                photos: null);
            if (answer.Action == ResolutionAction.Close)
            {
                await ClearanceOrchestrator.Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, "recheck-closed", "closed by a specialist", null));
                return ClearanceStage.Incomplete;
            }
        }
        await ClearanceOrchestrator.Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, "recheck-rounds-exhausted",
            $"eligibility not verified again after {ClearanceOrchestrator.MaxEligibilityRounds} rounds", null));
        return ClearanceStage.Incomplete;
    }
}
