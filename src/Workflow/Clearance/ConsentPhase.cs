using Microsoft.DurableTask;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Forms;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// The consents phase (issue 15): the clearance does not end while a form the visit needs is unsigned. It asks which
/// forms are missing (<see cref="CheckFormsActivity"/>); while some are, it records the wait (stage
/// <see cref="ClearanceStage.AwaitingForms"/>, reminders <see cref="PatientTask.SignForms"/>, sent by the reminder
/// sweep as ConsentNeeded) and waits for a signature (<see cref="ClearanceEvents.FormSigned"/>), the reminder sweep's
/// give-up, or the day before the visit; then a specialist gets a <see cref="WorkItemReason.FormsUnsigned"/> item.
/// After every event it asks the store again before deciding (ADR 0008): an event says something happened, the
/// registration says what is true. Medicare Secondary Payer answers that put another payer first become a
/// <see cref="WorkItemReason.MspReview"/> item once, so staff bill and check the right plan first.
/// </summary>
public static class ConsentPhase
{
    /// <summary>How many waits (each ended by a specialist who did not close the case) before the clearance gives up.</summary>
    public const int MaxRounds = 5;

    private const int MaxStaleEvents = 20;

    private enum WaitEnd
    {
        Signed,
        Unanswered,
        DayBefore,
    }

    public static async Task<PhaseOutcome> RunAsync(ClearanceSteps steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var id = steps.RegistrationId;
        var mspReviewed = false;
        var checks = 0;
        for (var round = 1; round <= MaxRounds; round++)
        {
            var check = $"forms-check-{++checks}";
            var status = await steps.CallAsync<FormsStatus>(check, nameof(CheckFormsActivity), new FormsCheck(id, check));
            if (status.MspOtherPayerFirst && !mspReviewed)
            {
                mspReviewed = true;
                var answer = await steps.AskSpecialistAsync(new WorkItemRequest(id, $"msp-review-{round}", WorkItemReason.MspReview,
                    "The Medicare Secondary Payer answers make another payer primary, or leave a question open.",
                    "Review the answers and the order of benefits on the registration; check the primary plan's eligibility, then continue."));
                if (answer.Action == ResolutionAction.Close) return await CloseAsync(steps);
                check = $"forms-check-{++checks}";
                status = await steps.CallAsync<FormsStatus>(check, nameof(CheckFormsActivity), new FormsCheck(id, check));
            }
            if (status.Missing.Count == 0)
            {
                // Out of the wait (or the MSP item) back to the stage the phases before reached: authorization settled
                // (self-pay: not asked). Never back to EligibilityVerified, which comes before it.
                if (round > 1 || mspReviewed) await steps.ProgressAsync(ClearanceStage.Authorized, $"forms-signed-{checks}", "every required form signed");
                return PhaseOutcome.Done;
            }

            var wait = $"await-forms-{round}";
            await steps.ProgressAsync(ClearanceStage.AwaitingForms, wait, $"{status.Missing.Count} form(s) to sign", "Forms", PatientTask.SignForms);
            var end = await WaitAsync(steps, wait, status.WorkItemIn);
            if (end == WaitEnd.Signed) continue;

            var unsigned = await steps.AskSpecialistAsync(new WorkItemRequest(id, $"forms-unsigned-{round}", WorkItemReason.FormsUnsigned,
                end == WaitEnd.DayBefore
                    ? $"{status.Missing.Count} required form(s) are still unsigned the day before the visit."
                    : $"{status.Missing.Count} required form(s) are still unsigned after every reminder.",
                "Call the patient to sign on the patient page, or have them sign on paper at the desk and upload the scan; then continue.",
                Nudge: PatientTask.SignForms));
            if (unsigned.Action == ResolutionAction.Close) return await CloseAsync(steps);
        }

        await steps.ProgressAsync(ClearanceStage.Incomplete, "forms-rounds-exhausted", $"forms still unsigned after {MaxRounds} rounds");
        return PhaseOutcome.Ended;
    }

    private static async Task<PhaseOutcome> CloseAsync(ClearanceSteps steps)
    {
        await steps.ProgressAsync(ClearanceStage.Incomplete, "forms-closed", "closed by a specialist");
        return PhaseOutcome.Ended;
    }

    /// <summary>
    /// Waits for a signature, the reminder sweep's give-up for this wait, or the day before the visit. A give-up for an
    /// earlier wait is skipped; any signature ends the wait (the check that follows reads what is signed).
    /// </summary>
    private static async Task<WaitEnd> WaitAsync(ClearanceSteps steps, string step, TimeSpan dueIn)
    {
        var context = steps.Context;
        var inbox = steps.Inbox;
        using var cancelTimer = new CancellationTokenSource();
        var dayBefore = context.CreateTimer(context.CurrentUtcDateTime.Add(dueIn), cancelTimer.Token);
        steps.WatchUntil(step, context.CurrentUtcDateTime.Add(dueIn));
        for (var stale = 0; stale <= MaxStaleEvents; stale++)
        {
            var winner = await Task.WhenAny(inbox.FormSigned, inbox.GiveUp, dayBefore);
            if (winner == dayBefore) return WaitEnd.DayBefore;
            WaitEnd? end = null;
            if (winner == inbox.FormSigned)
            {
                await inbox.TakeFormSignedAsync();
                end = WaitEnd.Signed;
            }
            else if ((await inbox.TakeGiveUpAsync()).Step == step)
            {
                end = WaitEnd.Unanswered;
            }
            if (end is { } result)
            {
                // Synchronous on purpose (as in CardPhase): CancelAsync would resume the orchestrator off its scheduler.
#pragma warning disable CA1849
                cancelTimer.Cancel();
#pragma warning restore CA1849
                return result;
            }
        }
        throw new InvalidOperationException("The clearance received too many give-up events of earlier waits.");
    }
}
