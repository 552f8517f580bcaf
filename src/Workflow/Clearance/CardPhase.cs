using Microsoft.DurableTask;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Cards;

namespace PatientAccess.Workflow.Clearance;

/// <summary>How a phase of the clearance ended.</summary>
public enum PhaseOutcome
{
    /// <summary>The phase did its part; the clearance goes on to the next phase.</summary>
    Done,

    /// <summary>The patient must act again (a new card photo): the clearance goes back to the card phase.</summary>
    BackToPatient,

    /// <summary>The clearance ended here (closed by a specialist, attempts exhausted); the stage is recorded.</summary>
    Ended,
}

/// <summary>
/// The card phase: waits for the card photo (with reminders, the give-up after them, and a deadline), reads it, and
/// hands problems to a specialist; while that item is open a new photo from the patient is welcome and is read at once
/// (the item is closed as superseded).
/// </summary>
public static class CardPhase
{
    /// <summary>How many times a specialist may send the patient back to upload a card before the clearance ends.</summary>
    public const int MaxCardAttempts = 5;

    private const int MaxStaleEvents = 20;

    /// <summary>How a wait for the card ended: a photo, the patient not answering the reminders, or (both null) the deadline.</summary>
    private sealed record CardWait(CardUploadedEvent? Card, PatientUnresponsiveEvent? Unresponsive);

    /// <summary>Done when the coverage to check is settled (or a specialist waived the card); Ended otherwise.</summary>
    /// <param name="task">What the patient is asked to do (upload, retake, or confirm their insurance).</param>
    public static async Task<PhaseOutcome> RunAsync(ClearanceSteps steps, PatientTask task, TimeSpan cardWait)
    {
        ArgumentNullException.ThrowIfNull(steps);
        CardUploadedEvent? arrived = null;
        while (steps.CardAttempt < MaxCardAttempts)
        {
            var attempt = ++steps.CardAttempt;
            CardWait wait;
            if (arrived is null)
            {
                var step = $"await-card-{attempt}";
                await steps.ProgressAsync(ClearanceStage.AwaitingCard, step, "waiting", "InsuranceCard", task);
                wait = await WaitForCardAsync(steps, cardWait, step);
            }
            else
            {
                wait = new CardWait(arrived, null);
                arrived = null;
            }

            var problem = await ProblemAsync(steps, wait, attempt);
            if (problem is null)
            {
                Log.ClearanceStepDone(steps.Context.CreateReplaySafeLogger(nameof(CardPhase)), steps.RegistrationId, "card-read");
                return PhaseOutcome.Done;
            }

            var answer = await steps.AskSpecialistAsync(problem, photosWelcome: true);
            if (answer.NewCard is { } newCard)
            {
                arrived = newCard;
                continue;
            }
            switch (answer.Action)
            {
                case ResolutionAction.RetryPatientStep:
                    task = problem.Reason == WorkItemReason.CardUnreadable ? PatientTask.RetakeCard : task;
                    continue;
                case ResolutionAction.Continue:
                    await steps.ProgressAsync(ClearanceStage.CardReceived, $"card-waived-{attempt}", "specialist continued with the insurance on file");
                    return PhaseOutcome.Done;
                default:
                    await steps.ProgressAsync(ClearanceStage.Incomplete, "closed", "closed by a specialist");
                    return PhaseOutcome.Ended;
            }
        }

        await steps.ProgressAsync(ClearanceStage.Incomplete, "card-attempts-exhausted", $"no card after {MaxCardAttempts} attempts");
        return PhaseOutcome.Ended;
    }

    /// <summary>Reads a photo that arrived; the work item for what went wrong, or null when the coverage is settled.</summary>
    private static async Task<WorkItemRequest?> ProblemAsync(ClearanceSteps steps, CardWait wait, int attempt)
    {
        var id = steps.RegistrationId;
        if (wait.Card is { } card)
        {
            await steps.ProgressAsync(ClearanceStage.CardReceived, $"card-received-{attempt}", $"{card.Side} image recorded");
            var read = await steps.ReadCardAsync($"card-ocr-{attempt}", card.BlobName);
            if (read.Outcome == CardReadOutcome.Settled)
            {
                await steps.ProgressAsync(ClearanceStage.CardRead, $"card-read-{attempt}", "coverage settled");
                return null;
            }
            return read.Outcome == CardReadOutcome.Unreadable
                ? new WorkItemRequest(id, $"card-unreadable-{attempt}", WorkItemReason.CardUnreadable, read.Explanation,
                    "The patient has been asked for a sharper photo and a new one is read as soon as it arrives; or record the insurance from another source and continue.",
                    Nudge: PatientTask.RetakeCard)
                : new WorkItemRequest(id, $"card-review-{attempt}", WorkItemReason.CardDataMismatch, read.Explanation,
                    "Compare the card photo with what the patient typed, correct the registration, then continue.");
        }
        if (wait.Unresponsive is { } unresponsive)
        {
            await steps.ProgressAsync(ClearanceStage.Incomplete, $"patient-unresponsive-{attempt}", $"no card after {unresponsive.RemindersSent} reminders");
            return new WorkItemRequest(id, $"card-unanswered-{attempt}", WorkItemReason.PatientUnresponsive,
                $"The patient did not send a card photo after {unresponsive.RemindersSent} reminders; the clearance is marked incomplete.",
                "Call the patient: ask again (retry), record the insurance from another source and continue, or close the case.",
                StageWhileOpen: ClearanceStage.Incomplete);
        }
        return new WorkItemRequest(id, $"card-deadline-{attempt}", WorkItemReason.CardNotReceived,
            "No insurance card photo arrived before the deadline.",
            "Call the patient to get the card photographed, or record the insurance from another source, then continue.");
    }

    /// <summary>
    /// Waits for a card upload, the reminder sweep's give-up for this wait (<paramref name="step"/>), or the deadline,
    /// whichever comes first. The intake raises <c>CardUploaded</c> at least once (a redelivery after a failure past
    /// the raise raises it again), so an event for a blob this clearance already received is skipped: it is not a new
    /// photo. A give-up for an earlier wait is skipped too.
    /// </summary>
    private static async Task<CardWait> WaitForCardAsync(ClearanceSteps steps, TimeSpan timeout, string step)
    {
        var context = steps.Context;
        var inbox = steps.Inbox;
        using var cancelTimer = new CancellationTokenSource();
        var deadline = context.CreateTimer(context.CurrentUtcDateTime.Add(timeout), cancelTimer.Token);
        steps.WatchUntil(step, context.CurrentUtcDateTime.Add(timeout));
        for (var stale = 0; stale <= MaxStaleEvents; stale++)
        {
            var winner = await Task.WhenAny(inbox.Card, inbox.GiveUp, deadline);
            CardWait? result = null;
            if (winner == deadline)
            {
                return new CardWait(null, null);
            }
            if (winner == inbox.Card)
            {
                var card = await inbox.TakeCardAsync();
                if (steps.Photos.Add(card.BlobName)) result = new CardWait(card, null);
            }
            else
            {
                var giveUp = await inbox.TakeGiveUpAsync();
                if (giveUp.Step == step) result = new CardWait(null, giveUp);
            }
            if (result is not null)
            {
                // Synchronous on purpose: CancelAsync would resume this orchestrator on a thread-pool thread,
                // outside the orchestration's scheduler, and the clearance would stall.
#pragma warning disable CA1849
                cancelTimer.Cancel();
#pragma warning restore CA1849
                return result;
            }
        }
        // Redeliveries are rare; this many for photos already taken means something is wrong.
        throw new InvalidOperationException("The clearance received too many repeated card or give-up events.");
    }
}
