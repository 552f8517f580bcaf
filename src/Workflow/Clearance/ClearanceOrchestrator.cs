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
/// Phases: card (wait, deadline, specialist) then eligibility (sub-orchestration, specialist).
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

        if (!await ObtainCardAsync(context, input))
        {
            return new ClearanceResult(id, ClearanceStage.Incomplete);
        }
        var stage = await VerifyEligibilityAsync(context, id);
        return new ClearanceResult(id, stage);
    }

    /// <summary>Waits for the card; on the deadline asks a specialist. False when the clearance ended here.</summary>
    private static async Task<bool> ObtainCardAsync(TaskOrchestrationContext context, ClearanceInput input)
    {
        var id = input.RegistrationId;
        var logger = context.CreateReplaySafeLogger<ClearanceOrchestrator>();
        var received = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 1; attempt <= MaxCardAttempts; attempt++)
        {
            await Progress(context, new ProgressUpdate(id, ClearanceStage.AwaitingCard, $"await-card-{attempt}", "waiting", "InsuranceCard"));
            var card = await WaitForCardAsync(context, input.CardWaitTimeout, received);
            WorkItemRequest problem;
            if (card is not null)
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
                        "Ask the patient for a sharper photo (retry), or record the insurance from another source and continue.")
                    : new WorkItemRequest(id, $"card-review-{attempt}", WorkItemReason.CardDataMismatch, read.Explanation,
                        "Compare the card photo with what the patient typed, correct the registration, then continue.");
            }
            else
            {
                problem = new WorkItemRequest(id, $"card-deadline-{attempt}", WorkItemReason.CardNotReceived,
                    "No insurance card photo arrived before the deadline.",
                    "Call the patient to get the card photographed, or record the insurance from another source, then continue.");
            }

            var action = await AskSpecialistAsync(context, problem);
            switch (action)
            {
                case ResolutionAction.RetryPatientStep:
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
    /// Runs the eligibility sub-orchestration; when it needs a person, opens its work item and, once resolved,
    /// checks again (the specialist fixed the data) or ends the clearance.
    /// </summary>
    private static async Task<ClearanceStage> VerifyEligibilityAsync(TaskOrchestrationContext context, string id)
    {
        var logger = context.CreateReplaySafeLogger<ClearanceOrchestrator>();
        for (var round = 1; round <= MaxEligibilityRounds; round++)
        {
            // Run inline in this orchestration's history rather than as a sub-orchestration: the local host's
            // gRPC sidecar over the Azure Storage backend does not start sub-orchestrations (see
            // docs/decisions/0004-eligibility-inline.md). Same activities, same retries, same outcome.
            var outcome = await Eligibility.RunAsync(context, new EligibilityInput(id));
            if (outcome.Status == EligibilityOutcomeStatus.Verified)
            {
                await Progress(context, new ProgressUpdate(id, ClearanceStage.EligibilityVerified, $"eligibility-{round}", outcome.ReasonCode, null));
                Log.ClearanceStepDone(logger, id, "eligibility");
                return ClearanceStage.EligibilityVerified;
            }

            var action = await AskSpecialistAsync(context, new WorkItemRequest(
                id,
                $"eligibility-{round}",
                outcome.WorkItemReason ?? WorkItemReason.EligibilityRejected,
                outcome.Explanation,
                outcome.SuggestedAction));
            if (action == ResolutionAction.Close)
            {
                await Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, "closed", "closed by a specialist", null));
                return ClearanceStage.Incomplete;
            }
        }

        await Progress(context, new ProgressUpdate(id, ClearanceStage.Incomplete, "eligibility-rounds-exhausted", $"eligibility not verified after {MaxEligibilityRounds} rounds", null));
        return ClearanceStage.Incomplete;
    }

    private static Task<ClearanceStage> Progress(TaskOrchestrationContext context, ProgressUpdate update) =>
        context.CallActivityAsync<ClearanceStage>(nameof(RecordProgressActivity), update, StoreRetry);

    /// <summary>
    /// Waits for a card upload or the deadline, whichever comes first; null on the deadline. The intake raises
    /// <c>CardUploaded</c> at least once (a redelivery after a failure past the raise raises it again), so an
    /// event for a blob this clearance already received is skipped: it is not a new photo.
    /// </summary>
    private static async Task<CardUploadedEvent?> WaitForCardAsync(TaskOrchestrationContext context, TimeSpan timeout, HashSet<string> received)
    {
        using var cancelTimer = new CancellationTokenSource();
        var deadline = context.CreateTimer(context.CurrentUtcDateTime.Add(timeout), cancelTimer.Token);
        for (var duplicates = 0; duplicates <= MaxStaleResolutions; duplicates++)
        {
            var cardTask = context.WaitForExternalEvent<CardUploadedEvent>(ClearanceEvents.CardUploaded);
            var winner = await Task.WhenAny(cardTask, deadline);
            if (winner != cardTask)
            {
                return null;
            }
            var card = await cardTask;
            if (!received.Add(card.BlobName))
            {
                continue;
            }
            // Synchronous on purpose: CancelAsync would resume this orchestrator on a thread-pool thread,
            // outside the orchestration's scheduler, and the clearance would stall.
#pragma warning disable CA1849
            cancelTimer.Cancel();
#pragma warning restore CA1849
            return card;
        }
        // Redeliveries are rare; this many for photos already taken means something is wrong.
        throw new InvalidOperationException("The clearance received too many repeated card upload events.");
    }

    /// <summary>Opens a work item and waits until a specialist resolves that very item.</summary>
    private static async Task<ResolutionAction> AskSpecialistAsync(TaskOrchestrationContext context, WorkItemRequest request)
    {
        var workItemId = await context.CallActivityAsync<string>(nameof(OpenWorkItemActivity), request, StoreRetry);
        for (var stale = 0; stale < MaxStaleResolutions; stale++)
        {
            var resolved = await context.WaitForExternalEvent<WorkItemResolvedEvent>(ClearanceEvents.WorkItemResolved);
            if (resolved.WorkItemId == workItemId)
            {
                return resolved.Action;
            }
        }
        // Resolutions only come from the worklist for the open item; this many stray ones means something is wrong.
        throw new InvalidOperationException($"Clearance {request.RegistrationId} received too many resolutions for other work items.");
    }
}
