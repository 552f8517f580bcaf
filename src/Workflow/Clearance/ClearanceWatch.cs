using System.Text.Json;
using Microsoft.DurableTask;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// What a clearance (or one of its children) is doing now and by when it must have moved on, kept as the
/// orchestration's custom status (written with every episode, so no extra store write): the step it is in, when that
/// step began, the time by which the step itself allows the next progress (null while a person is asked: an open work
/// item is on the worklist), and the child orchestrations the step waits for. The stalled-clearance check reads it
/// (<see cref="Operations.StalledClearanceCheck"/>): a Running orchestration past its own deadline is stuck, not slow.
/// Ids, step names and times only: no PHI.
/// </summary>
public sealed record ClearanceWatch(string Step, DateTime Since, DateTime? DueBy, IReadOnlyList<string>? Children = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The longest one attempt of one activity may run: the HTTP clients' timeout (100 s) with the store calls around
    /// it.
    /// </summary>
    public static readonly TimeSpan AttemptCeiling = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How late the engine may hand on a message: after a killed process, held messages come back within the queues'
    /// visibility timeouts (20 s locally, 1 minute in Azure; ADR 0008), and a poll interval or two on top.
    /// </summary>
    public static readonly TimeSpan DeliveryAllowance = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest a retry policy lets a call take: every attempt at <see cref="AttemptCeiling"/>, every back-off
    /// interval (each capped at <paramref name="maxInterval"/>) and the <see cref="DeliveryAllowance"/>.
    /// </summary>
    public static TimeSpan RetryBudget(int attempts, TimeSpan firstInterval, double coefficient, TimeSpan maxInterval)
    {
        var total = DeliveryAllowance + AttemptCeiling * Math.Max(1, attempts);
        var interval = firstInterval;
        for (var retry = 1; retry < attempts; retry++)
        {
            total += interval < maxInterval ? interval : maxInterval;
            interval = interval * coefficient < maxInterval ? interval * coefficient : maxInterval;
        }
        return total;
    }

    /// <summary>
    /// The longest an activity step may take with <see cref="ClearanceSteps.StoreRetry"/> (6 attempts, back-off from
    /// 1 s doubling up to 30 s): 12 minutes of attempts, 31 s of back-off and the delivery allowance, 14.5 minutes.
    /// </summary>
    public static readonly TimeSpan StepAllowance = RetryBudget(6, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    /// <summary>
    /// Sets the watch of the orchestration of <paramref name="context"/>: in <paramref name="step"/> from now, to move on
    /// within <paramref name="within"/> (null: a person is asked), waiting for <paramref name="children"/> if any.
    /// Deterministic (the orchestration's clock).
    /// </summary>
    public static void Set(TaskOrchestrationContext context, string step, TimeSpan? within, IReadOnlyList<string>? children = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.CurrentUtcDateTime;
        context.SetCustomStatus(new ClearanceWatch(step, now, within is { } w ? now + w : null, children));
    }

    /// <summary>The watch in a custom status as the engine hands it out (JSON), or null when there is none or it is not one.</summary>
    public static ClearanceWatch? Parse(string? serializedCustomStatus)
    {
        if (string.IsNullOrWhiteSpace(serializedCustomStatus)) return null;
        try
        {
            var watch = JsonSerializer.Deserialize<ClearanceWatch>(serializedCustomStatus, Json);
            return string.IsNullOrEmpty(watch?.Step) ? null : watch;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
