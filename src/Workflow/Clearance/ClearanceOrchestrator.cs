using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// The clearance of one registration, from "received" to "eligibility verified" or to a specialist.
/// Deterministic: it uses only the context (activities, sub-orchestrations, timers, external events, the
/// replay-safe logger), so it can be replayed after a host restart without running a step twice.
/// Phases: card (wait with reminders, give-up or deadline, specialist; a new photo is read at once even while a
/// specialist looks at the last one) then eligibility (run inline, specialist; "retry" sends it back to the patient
/// for a new card photo).
/// </summary>
[DurableTask(nameof(ClearanceOrchestrator))]
public sealed class ClearanceOrchestrator : TaskOrchestrator<ClearanceInput, ClearanceResult>
{
    /// <summary>Retries for activities that hit a transient dependency failure or a write conflict.</summary>
    public static readonly TaskOptions StoreRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure =>
            failure.IsCausedBy<TransientDependencyException>() || failure.IsCausedBy<ConcurrencyConflictException>(),
    });

    /// <summary>How many times a specialist may send the patient back to upload a card before the clearance ends.</summary>
    public const int MaxCardAttempts = 5;

    /// <summary>How many eligibility rounds (each possibly after a specialist's fix) before the clearance ends.</summary>
    public const int MaxEligibilityRounds = 5;

    private const int MaxStaleResolutions = 20;

    private static readonly EligibilityOrchestrator Eligibility = new();

    public override async Task<ClearanceResult> RunAsync(TaskOrchestrationContext context, ClearanceInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var id = input.RegistrationId;

        await Progress(context, new ProgressUpdate(id, ClearanceStage.Received, "clearance-started", "started", null));

        // Card, then eligibility; a specialist may send an eligibility problem back to the patient ("check your
        // insurance"), which waits for a new card photo again. Step numbers run on across those rounds so every
        // step and work item id stays unique, and the attempt limits bound the whole clearance.
        var counters = new Counters();
        var inbox = new Inbox(context);
        var task = PatientTask.UploadCard;
        while (true)
        {
            if (!await ObtainCardAsync(context, inbox, input, task, counters))
            {
                return new ClearanceResult(id, ClearanceStage.Incomplete);
            }
            var (stage, backToPatient) = await VerifyEligibilityAsync(context, inbox, id, counters);
            if (!backToPatient)
            {
                return new ClearanceResult(id, stage);
            }
            task = PatientTask.ConfirmInsurance;
        }
    }

    /// <summary>Step numbers and photos seen by this clearance; replayed identically, so they are deterministic.</summary>
    private sealed class Counters
    {
        public HashSet<string> Photos { get; } = new(StringComparer.Ordinal);

        public int CardAttempt { get; set; }
        public int EligibilityRound { get; set; }
    }

    /// <summary>
    /// Waits for the card and reads it. A problem goes to a specialist; while that item is open a new photo from the
    /// patient is welcome and is read at once (the item is closed as superseded). False when the clearance ended here.
    /// </summary>
    private static async Task<bool> ObtainCardAsync(TaskOrchestrationContext context, Inbox inbox, ClearanceInput input, PatientTask task, Counters counters)
    {
        var id = input.RegistrationId;
        var logger = context.CreateReplaySafeLogger<ClearanceOrchestrator>();
        var received = counters.Photos;
        CardUploadedEvent? arrived = null;
        while (counters.CardAttempt < MaxCardAttempts)
        {
            var attempt = ++counters.CardAttempt;
            CardWait wait;
            if (arrived is null)
            {
                var step = $"await-card-{attempt}";
                await Progress(context, new ProgressUpdate(id, ClearanceStage.AwaitingCard, step, "waiting", "InsuranceCard", task));
                wait = await WaitForCardAsync(context, inbox, input.CardWaitTimeout, received, step);
            }
            else
            {
                wait = new CardWait(arrived, null);
                arrived = null;
            }

            WorkItemRequest problem;
            if (wait.Card is { } card)
            {
                await Progress(context, new ProgressUpdate(id, ClearanceStage.CardReceived, $"card-received-{attempt}", $"{card.Side} image recorded", null));
                var read = await context.CallActivityAsync<ReadCardResult>(nameof(ReadCardActivity), new ReadCardRequest(id, card.BlobName), StoreRetry);
                if (read.Outcome == CardReadOutcome.Settled)
                {
                    await Progress(context, new ProgressUpdate(id, ClearanceStage.CardRead, $"card-read-{attempt}", "coverage settled", null));
                    Log.ClearanceStepDone(logger, id, "card-read");
                    return true;
                }
                problem = read.Outcome == CardReadOutcome.Unreadable
                    ? new WorkItemRequest(id, $"card-unreadable-{attempt}", WorkItemReason.CardUnreadable, read.Explanation,
                        "The patient has been asked for a sharper photo and a new one is read as soon as it arrives; or record the insurance from another source and continue.",
                        Nudge: PatientTask.RetakeCard)
                    : new WorkItemRequest(id, $"card-review-{attempt}", WorkItemReason.CardDataMismatch, read.Explanation,
                        "Compare the card photo with what the patient typed, correct the registration, then continue.");
            }
            else if (wait.Unresponsive is { } unresponsive)
            {
                await Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, $"patient-unresponsive-{attempt}",
                    $"no card after {unresponsive.RemindersSent} reminders", null));
                problem = new WorkItemRequest(id, $"card-unanswered-{attempt}", WorkItemReason.PatientUnresponsive,
                    $"The patient did not send a card photo after {unresponsive.RemindersSent} reminders; the clearance is marked incomplete.",
                    "Call the patient: ask again (retry), record the insurance from another source and continue, or close the case.",
                    StageWhileOpen: ClearanceStage.Incomplete);
            }
            else
            {
                problem = new WorkItemRequest(id, $"card-deadline-{attempt}", WorkItemReason.CardNotReceived,
                    "No insurance card photo arrived before the deadline.",
                    "Call the patient to get the card photographed, or record the insurance from another source, then continue.");
            }

            var answer = await AskSpecialistAsync(context, inbox, problem, received);
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
                    await Progress(context, new ProgressUpdate(id, ClearanceStage.CardReceived, $"card-waived-{attempt}", "specialist continued with the insurance on file", null));
                    return true;
                default:
                    await Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, "closed", "closed by a specialist", null));
                    return false;
            }
        }

        await Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, "card-attempts-exhausted", $"no card after {MaxCardAttempts} attempts", null));
        return false;
    }

    /// <summary>
    /// Runs the eligibility step; when it needs a person, opens its work item and, once resolved, checks again (the
    /// specialist fixed the data), sends it back to the patient (BackToPatient), or ends the clearance.
    /// </summary>
    private static async Task<(ClearanceStage Stage, bool BackToPatient)> VerifyEligibilityAsync(TaskOrchestrationContext context, Inbox inbox, string id, Counters counters)
    {
        var logger = context.CreateReplaySafeLogger<ClearanceOrchestrator>();
        while (counters.EligibilityRound < MaxEligibilityRounds)
        {
            var round = ++counters.EligibilityRound;
            // Run inline in this orchestration's history rather than as a sub-orchestration: the local host's
            // gRPC sidecar over the Azure Storage backend does not start sub-orchestrations (see
            // docs/decisions/0004-eligibility-inline.md). Same activities, same retries, same outcome.
            var outcome = await Eligibility.RunAsync(context, new EligibilityInput(id));
            if (outcome.Status == EligibilityOutcomeStatus.Verified)
            {
                await Progress(context, new ProgressUpdate(id, ClearanceStage.EligibilityVerified, $"eligibility-{round}", outcome.ReasonCode, null));
                Log.ClearanceStepDone(logger, id, "eligibility");
                return (ClearanceStage.EligibilityVerified, false);
            }

            var answer = await AskSpecialistAsync(context, inbox, EligibilityWorkItem(id, $"eligibility-{round}", outcome), null);
            switch (answer.Action)
            {
                case ResolutionAction.Close:
                    await Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, "closed", "closed by a specialist", null));
                    return (ClearanceStage.Incomplete, false);
                case ResolutionAction.RetryPatientStep:
                    return (ClearanceStage.AwaitingCard, true);
                default:
                    continue;
            }
        }

        await Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, "eligibility-rounds-exhausted", $"eligibility not verified after {MaxEligibilityRounds} rounds", null));
        return (ClearanceStage.Incomplete, false);
    }

    /// <summary>The work item for an eligibility outcome that needs a person (shared with the re-check).</summary>
    internal static WorkItemRequest EligibilityWorkItem(string id, string step, EligibilityOutcome outcome) => new(
        id,
        step,
        outcome.WorkItemReason ?? WorkItemReason.EligibilityRejected,
        outcome.Explanation,
        outcome.SuggestedAction + " To ask the patient to check their insurance and send a new card photo, choose retry.");

    /// <summary>Records a step (shared with the re-check).</summary>
    internal static Task<ClearanceStage> Progress(TaskOrchestrationContext context, ProgressUpdate update) =>
        context.CallActivityAsync<ClearanceStage>(nameof(RecordProgressActivity), update, StoreRetry);

    /// <summary>
    /// One waiter per external event for the whole clearance. The Durable SDK hands an event to the oldest waiter of
    /// that name, even one the code stopped awaiting (a card wait that lost to the deadline); a fresh waiter per wait
    /// would let that abandoned one swallow the next photo. So a waiter is created once and replaced only after its
    /// event was taken.
    /// </summary>
    internal sealed class Inbox(TaskOrchestrationContext context)
    {
        private Task<CardUploadedEvent>? _card;
        private Task<WorkItemResolvedEvent>? _resolved;
        private Task<PatientUnresponsiveEvent>? _giveUp;

        public Task<CardUploadedEvent> Card => _card ??= context.WaitForExternalEvent<CardUploadedEvent>(ClearanceEvents.CardUploaded);

        public Task<WorkItemResolvedEvent> Resolved => _resolved ??= context.WaitForExternalEvent<WorkItemResolvedEvent>(ClearanceEvents.WorkItemResolved);

        public Task<PatientUnresponsiveEvent> GiveUp => _giveUp ??= context.WaitForExternalEvent<PatientUnresponsiveEvent>(ClearanceEvents.PatientUnresponsive);

        public async Task<CardUploadedEvent> TakeCardAsync()
        {
            var card = await Card;
            _card = null;
            return card;
        }

        public async Task<WorkItemResolvedEvent> TakeResolvedAsync()
        {
            var resolved = await Resolved;
            _resolved = null;
            return resolved;
        }

        public async Task<PatientUnresponsiveEvent> TakeGiveUpAsync()
        {
            var giveUp = await GiveUp;
            _giveUp = null;
            return giveUp;
        }
    }

    /// <summary>How a wait for the card ended: a photo, the patient not answering the reminders, or (both null) the deadline.</summary>
    private sealed record CardWait(CardUploadedEvent? Card, PatientUnresponsiveEvent? Unresponsive);

    /// <summary>
    /// Waits for a card upload, the reminder sweep's give-up for this wait (<paramref name="step"/>), or the deadline,
    /// whichever comes first. The intake raises <c>CardUploaded</c> at least once (a redelivery after a failure past
    /// the raise raises it again), so an event for a blob this clearance already received is skipped: it is not a new
    /// photo. A give-up for an earlier wait is skipped too.
    /// </summary>
    private static async Task<CardWait> WaitForCardAsync(TaskOrchestrationContext context, Inbox inbox, TimeSpan timeout, HashSet<string> received, string step)
    {
        using var cancelTimer = new CancellationTokenSource();
        var deadline = context.CreateTimer(context.CurrentUtcDateTime.Add(timeout), cancelTimer.Token);
        for (var stale = 0; stale <= MaxStaleResolutions; stale++)
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
                if (received.Add(card.BlobName)) result = new CardWait(card, null);
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

    /// <summary>What ended a wait for a specialist: their resolution, or (when photos are welcome) a new card photo.</summary>
    internal sealed record SpecialistAnswer(ResolutionAction Action, CardUploadedEvent? NewCard);

    /// <summary>
    /// Opens a work item and waits until a specialist resolves that very item. With <paramref name="photos"/> (the
    /// blobs this card phase has seen) a new card photo ends the wait as well: the patient fixed it first, so the item
    /// is closed as superseded and the photo is read.
    /// </summary>
    internal static async Task<SpecialistAnswer> AskSpecialistAsync(TaskOrchestrationContext context, Inbox inbox, WorkItemRequest request, HashSet<string>? photos)
    {
        var workItemId = await context.CallActivityAsync<string>(nameof(OpenWorkItemActivity), request, StoreRetry);
        for (var stale = 0; stale < MaxStaleResolutions; stale++)
        {
            Task winner = photos is null ? inbox.Resolved : await Task.WhenAny(inbox.Resolved, inbox.Card);
            if (winner == inbox.Resolved)
            {
                var resolved = await inbox.TakeResolvedAsync();
                if (resolved.WorkItemId == workItemId)
                {
                    return new SpecialistAnswer(resolved.Action, null);
                }
                continue;
            }
            var card = await inbox.TakeCardAsync();
            if (photos!.Add(card.BlobName))
            {
                await context.CallActivityAsync(nameof(SupersedeWorkItemActivity),
                    new SupersedeRequest(request.RegistrationId, workItemId, "the patient sent a new card photo"), StoreRetry);
                return new SpecialistAnswer(ResolutionAction.RetryPatientStep, card);
            }
        }
        // Resolutions only come from the worklist for the open item; this many stray ones means something is wrong.
        throw new InvalidOperationException($"Clearance {request.RegistrationId} received too many resolutions for other work items.");
    }
}
