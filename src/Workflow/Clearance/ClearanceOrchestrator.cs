using Microsoft.DurableTask;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// The clearance of one registration, from "received" through eligibility, prior authorization, the estimate and the
/// consents to "cleared with estimate" or to a specialist, as a sequence of
/// phases over one <see cref="ClearanceSteps"/> (docs/decisions/0008-durable-steps.md). Deterministic: it uses only the
/// context, so it is replayed after a host restart without running a step twice.
/// </summary>
[DurableTask(nameof(ClearanceOrchestrator))]
public sealed class ClearanceOrchestrator : TaskOrchestrator<ClearanceInput, ClearanceResult>
{
    public override async Task<ClearanceResult> RunAsync(TaskOrchestrationContext context, ClearanceInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var steps = new ClearanceSteps(context, input.RegistrationId);
        try
        {
            return new ClearanceResult(input.RegistrationId, await RunPhasesAsync(steps, input));
        }
        catch (ClearanceClosedException)
        {
            await steps.RecordClosedAfterFailureAsync("closed-after-failure");
            return new ClearanceResult(input.RegistrationId, ClearanceStage.Incomplete);
        }
    }

    private static async Task<ClearanceStage> RunPhasesAsync(ClearanceSteps steps, ClearanceInput input)
    {
        await steps.ProgressAsync(ClearanceStage.Received, "clearance-started", input.SelfPay ? "started (self-pay: no insurance given)" : "started");

        // Card, then eligibility (not for a self-pay patient: there is no coverage to check); a specialist may send an
        // eligibility problem back to the patient ("check your insurance"), which waits for a new card photo again. The
        // counters in the steps run on across those rounds, so every step and work item id stays unique and the attempt
        // limits bound the whole clearance.
        var task = PatientTask.UploadCard;
        while (true)
        {
            if (!input.SelfPay)
            {
                if (await CardPhase.RunAsync(steps, task, input.CardWaitTimeout) == PhaseOutcome.Ended)
                {
                    return ClearanceStage.Incomplete;
                }
                switch (await EligibilityPhase.RunAsync(steps))
                {
                    case PhaseOutcome.BackToPatient:
                        task = PatientTask.ConfirmInsurance;
                        continue;
                    case PhaseOutcome.Ended:
                        return ClearanceStage.Incomplete;
                    default:
                        break;
                }
            }

            if (await AuthorizationPhase.RunAsync(steps, input) == PhaseOutcome.Ended) return ClearanceStage.Incomplete;
            if (await EstimatePhase.RunAsync(steps) == PhaseOutcome.Ended) return ClearanceStage.Incomplete;
            if (await ConsentPhase.RunAsync(steps) == PhaseOutcome.Ended) return ClearanceStage.Incomplete;
            return await EstimatePhase.ClearAsync(steps);
        }
    }
}
