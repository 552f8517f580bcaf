using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Workflow.Clearance;

/// <summary>What ended a wait for a specialist: their resolution, or (when photos are welcome) a new card photo.</summary>
public sealed record SpecialistAnswer(ResolutionAction Action, CardUploadedEvent? NewCard);

/// <summary>A specialist closed a step-failed work item: the orchestration ends as incomplete.</summary>
public sealed class ClearanceClosedException(string step)
    : Exception($"A specialist closed the clearance at step {step}.")
{
    public string Step { get; } = step;
}

/// <summary>
/// The steps every phase of a clearance takes, built once per orchestration run from its context: the event inbox,
/// the counters (card attempts, eligibility rounds, photos seen, the step sequence), recording progress, asking a
/// specialist and waiting for them, reading a card and running the eligibility step as a sub-orchestration.
/// Everything is replayed identically, so it is deterministic.
/// <para>
/// The durability contract (docs/decisions/0008-durable-steps.md): every stage change (progress, a work item) carries
/// the next number of <see cref="Sequence"/>, so the registration never takes an older step over a newer one; every
/// activity is idempotent by its step key (orchestration instance id + step name, unique per registration); and every
/// call goes through <see cref="RunStepAsync{T}"/>, which turns a step that still fails after its retries into a
/// <see cref="WorkItemReason.StepFailed"/> work item and waits for a specialist: no case hangs silently.
/// </para>
/// <para>
/// Every activity answers with a <see cref="StepAnswer"/> naming its step. An answer for another step (a stray: the
/// message of an episode that ran again after a crash and took another branch), or a stage change refused because a
/// stray's effect took its number, is discarded and the step asked again, as a new task with a new sequence number
/// (<see cref="AskAsync{T}"/>); the activities are idempotent by step key, so asking again is safe.
/// </para>
/// </summary>
public sealed class ClearanceSteps
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

    /// <summary>How often one step may fail (each time a specialist says "try again") before the orchestration itself fails.</summary>
    public const int MaxStepFailures = 3;

    /// <summary>How often one step is asked again because a stray answered it, before the orchestration fails.</summary>
    public const int MaxStrayAnswers = 5;

    private const int MaxStaleResolutions = 20;

    private readonly TaskOrchestrationContext _context;
    private long _sequence;

    /// <param name="sequenceBase">The registration's <see cref="Registration.StepSequence"/> when this orchestration
    /// started (0 for the clearance; the re-check starts above the finished clearance's last step).</param>
    public ClearanceSteps(TaskOrchestrationContext context, string registrationId, long sequenceBase = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(registrationId);
        _context = context;
        RegistrationId = registrationId;
        _sequence = sequenceBase;
        Inbox = new ClearanceInbox(context);
    }

    public string RegistrationId { get; }

    public TaskOrchestrationContext Context => _context;

    public ClearanceInbox Inbox { get; }

    /// <summary>Card photos (blob names) this orchestration has received; a redelivered upload event is not a new photo.</summary>
    public HashSet<string> Photos { get; } = new(StringComparer.Ordinal);

    /// <summary>Card waits so far; numbers the card steps across every round of the clearance.</summary>
    public int CardAttempt { get; set; }

    /// <summary>Eligibility rounds so far; numbers the eligibility steps and sub-orchestrations.</summary>
    public int EligibilityRound { get; set; }

    /// <summary>Estimates so far; numbers the estimate steps (a specialist may ask for the estimate again).</summary>
    public int EstimateRound { get; set; }

    /// <summary>The number of the last stage change this orchestration made.</summary>
    public long Sequence => _sequence;

    /// <summary>Records a step on the registration (stage, step list, audit, and the patient's reminders with it).</summary>
    public Task ProgressAsync(ClearanceStage stage, string step, string outcome, string? awaiting = null, PatientTask? expect = null) =>
        RunStepAsync(step, _ => AskAsync<ClearanceStage>(step, () => _context.CallActivityAsync<StepAnswer>(
            nameof(RecordProgressActivity), new ProgressUpdate(RegistrationId, stage, step, outcome, awaiting, expect, ++_sequence), StoreRetry)));

    /// <summary>
    /// Runs a phase's own activity as step <paramref name="step"/>: with the store retries, a stray answer discarded and
    /// asked again, and a step that still fails turned into a work item (<see cref="RunStepAsync{T}"/>). The activity
    /// answers with a <see cref="StepAnswer"/> for <paramref name="step"/>.
    /// </summary>
    public Task<T> CallAsync<T>(string step, TaskName activity, object input) =>
        RunStepAsync(step, _ => AskAsync<T>(step, () => _context.CallActivityAsync<StepAnswer>(activity, input, StoreRetry)));

    /// <summary>
    /// Records that a specialist closed a step that kept failing (<see cref="ClearanceClosedException"/>). If recording
    /// that fails too, its own step-failed item asks once more; a second "close" ends it all the same.
    /// </summary>
    public async Task RecordClosedAfterFailureAsync(string step)
    {
        try
        {
            await ProgressAsync(ClearanceStage.Incomplete, step, "closed by a specialist after a step failed");
        }
        catch (ClearanceClosedException)
        {
            // Closed twice: nothing more to record.
        }
    }

    /// <summary>Reads the card photo <paramref name="blobName"/> and settles the coverage (step <paramref name="step"/>).</summary>
    public Task<ReadCardResult> ReadCardAsync(string step, string blobName) =>
        RunStepAsync(step, _ => AskAsync<ReadCardResult>(step, () => _context.CallActivityAsync<StepAnswer>(
            nameof(ReadCardActivity), new ReadCardRequest(RegistrationId, blobName, step), StoreRetry)));

    /// <summary>
    /// The eligibility step as a sub-orchestration whose instance id comes from this orchestration's and the round
    /// (<see cref="EligibilityInstanceId"/>), so a replay finds the same child and the payer is asked once per round.
    /// A child is never the first task after a branch on events, so no stray answer can reach it; should one ever
    /// (an outcome not about this registration), the orchestration fails visibly rather than read it as a verdict.
    /// </summary>
    public Task<EligibilityOutcome> CheckEligibilityAsync(string step, int round) =>
        RunStepAsync(step, async attempt =>
        {
            var input = new EligibilityInput(RegistrationId);
            var child = EligibilityInstanceId(_context.InstanceId, round, attempt);
            Watch(step, EligibilityOrchestrator.Budget(input), [child]);
            var outcome = await _context.CallSubOrchestratorAsync<EligibilityOutcome>(
                nameof(EligibilityOrchestrator),
                input,
                new SubOrchestrationOptions(new TaskOptions(), child));
            return outcome.RegistrationId == RegistrationId
                ? outcome
                : throw new InvalidOperationException($"Step {step} of {_context.InstanceId} received an answer that is not its eligibility outcome.");
        });

    /// <summary>
    /// <c>{parent}-eligibility-{round}</c>, and <c>-{attempt}</c> after when a specialist asked to try a failed round
    /// again (a failed child's id is not reused). Unique per registration: the parent's id is.
    /// </summary>
    public static string EligibilityInstanceId(string parentInstanceId, int round, int attempt = 1) =>
        attempt <= 1 ? $"{parentInstanceId}-eligibility-{round}" : $"{parentInstanceId}-eligibility-{round}-{attempt}";

    /// <summary>
    /// Opens a work item and waits until a specialist resolves that very item. With <paramref name="photosWelcome"/>
    /// a new card photo ends the wait as well: the patient fixed it first, so the item is closed as superseded and
    /// the photo is returned to be read.
    /// </summary>
    public async Task<SpecialistAnswer> AskSpecialistAsync(WorkItemRequest problem, bool photosWelcome = false)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var workItemId = await RunStepAsync(problem.Step, _ => AskAsync<string>(problem.Step, () => _context.CallActivityAsync<StepAnswer>(
            nameof(OpenWorkItemActivity), problem with { RegistrationId = RegistrationId, Sequence = ++_sequence }, StoreRetry)));
        return await WaitForResolutionAsync(workItemId, problem.Step, photosWelcome);
    }

    private async Task<SpecialistAnswer> WaitForResolutionAsync(string workItemId, string step, bool photosWelcome)
    {
        // A person is asked, with an open work item on the worklist: no deadline of the clearance's own.
        Watch(step, within: null);
        for (var stale = 0; stale < MaxStaleResolutions; stale++)
        {
            Task winner = photosWelcome ? await Task.WhenAny(Inbox.Resolved, Inbox.Card) : Inbox.Resolved;
            if (winner == Inbox.Resolved)
            {
                var resolved = await Inbox.TakeResolvedAsync();
                if (resolved.WorkItemId == workItemId) return new SpecialistAnswer(resolved.Action, null);
                continue;
            }
            var card = await Inbox.TakeCardAsync();
            if (Photos.Add(card.BlobName))
            {
                var superseded = $"{step}-superseded";
                var supersede = new SupersedeRequest(RegistrationId, workItemId, "the patient sent a new card photo", superseded);
                await RunStepAsync(superseded, _ => AskAsync<bool>(superseded, () => _context.CallActivityAsync<StepAnswer>(nameof(SupersedeWorkItemActivity), supersede, StoreRetry)));
                return new SpecialistAnswer(ResolutionAction.RetryPatientStep, card);
            }
        }
        // Resolutions only come from the worklist for the open item; this many stray ones means something is wrong.
        throw new InvalidOperationException($"Registration {RegistrationId} received too many resolutions for other work items.");
    }

    /// <summary>
    /// Records (as the orchestration's custom status, <see cref="ClearanceWatch"/>) that the clearance is in
    /// <paramref name="step"/> and must have moved on within <paramref name="within"/> (null: it waits for a person),
    /// waiting for <paramref name="children"/> if any. Every step and wait sets it, so the stalled-clearance check can
    /// tell a stuck clearance from a slow one by the clearance's own deadline.
    /// </summary>
    public void Watch(string step, TimeSpan? within, IReadOnlyList<string>? children = null) =>
        ClearanceWatch.Set(_context, step, within, children);

    /// <summary>A wait on events that a timer at <paramref name="timerAt"/> ends at the latest (the card deadline, the day before the visit).</summary>
    public void WatchUntil(string step, DateTime timerAt) =>
        Watch(step, (timerAt > _context.CurrentUtcDateTime ? timerAt - _context.CurrentUtcDateTime : TimeSpan.Zero) + ClearanceWatch.StepAllowance);

    /// <summary>
    /// Runs one step; when it still fails after the retries of its call (a poisoned activity, a bug, data the payer
    /// cannot take), the failure is logged (type and correlation id, no message), a <see cref="WorkItemReason.StepFailed"/>
    /// work item naming the step is opened, and the orchestration waits for a specialist: "close" ends it
    /// (<see cref="ClearanceClosedException"/>), anything else runs the step again. After
    /// <see cref="MaxStepFailures"/> failures the exception propagates and the orchestration fails, which the
    /// stopped-clearance sweep puts on the worklist.
    /// </summary>
    /// <param name="call">The step; its argument is the attempt (1 first), for calls that need a fresh id per attempt.</param>
    public async Task<T> RunStepAsync<T>(string step, Func<int, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            TaskFailedException failure;
            try
            {
                return await call(attempt);
            }
            catch (TaskFailedException e) when (attempt < MaxStepFailures)
            {
                failure = e;
            }
            await StepFailedAsync(step, attempt, failure);
        }
    }

    /// <summary>
    /// Asks until the answer is this step's own. A stray answer (another step's, or not a step answer at all) is
    /// discarded, and so is a refusal (the registration had this step's number already: a stray's stage change took
    /// it, or an earlier run of this very step did); each new ask is a new task with a new sequence number.
    /// </summary>
    /// <param name="ask">Schedules the activity once; called again for each new ask.</param>
    private async Task<T> AskAsync<T>(string step, Func<Task<StepAnswer>> ask)
    {
        for (var strays = 0; ; strays++)
        {
            Watch(step, ClearanceWatch.StepAllowance);
            // Null: a completion without any result (the SDK reads no JSON at all), never this step's.
            var answer = await ask() ?? new StepAnswer(null, "null");
            if (answer.Answers(step) && !answer.Refused) return answer.Read<T>();
            if (strays == MaxStrayAnswers)
            {
                throw new InvalidOperationException($"Step {step} of {_context.InstanceId} kept receiving answers of other steps.");
            }
            Log.StrayAnswerDiscarded(_context.CreateReplaySafeLogger<ClearanceSteps>(), RegistrationId, _context.InstanceId, step, answer.Step ?? "(none)", answer.Refused);
        }
    }

    private async Task StepFailedAsync(string step, int attempt, TaskFailedException failure)
    {
        var errorType = RootCause(failure.FailureDetails).ErrorType;
        var correlationId = _context.NewGuid().ToString("N");
        var logger = _context.CreateReplaySafeLogger<ClearanceSteps>();
        Log.StepFailed(logger, RegistrationId, _context.InstanceId, step, errorType, correlationId);
        var itemStep = $"{step}-failed-{attempt}";
        var workItemId = await AskAsync<string>(itemStep, () => _context.CallActivityAsync<StepAnswer>(nameof(ReportStepFailedActivity),
            new StepFailure(RegistrationId, itemStep, step, ShortTypeName(errorType), correlationId, ++_sequence), StoreRetry));
        var answer = await WaitForResolutionAsync(workItemId, itemStep, photosWelcome: false);
        if (answer.Action == ResolutionAction.Close) throw new ClearanceClosedException(step);
    }

    private static TaskFailureDetails RootCause(TaskFailureDetails details)
    {
        while (details.InnerFailure is { } inner) details = inner;
        return details;
    }

    private static string ShortTypeName(string errorType)
    {
        var dot = errorType.LastIndexOf('.');
        return dot < 0 ? errorType : errorType[(dot + 1)..];
    }
}
