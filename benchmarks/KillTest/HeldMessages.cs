using System.Diagnostics;
using Azure.Storage.Queues;

namespace PatientAccess.KillTest;

/// <summary>How many task-hub messages a killed LocalHost held (invisible) and how long they took to come back.</summary>
/// <param name="HeldAtKill">Messages in the control and work-item queues that were invisible right after the kill.</param>
/// <param name="BackAfterSeconds">Seconds from the kill until none was invisible any more; null when they were not all back within the wait, or the queues held too many to see (more than a peek shows).</param>
public sealed record HeldMessagesReturn(int HeldAtKill, double? BackAfterSeconds);

/// <summary>
/// Watches the task hub's queues in Azurite while no LocalHost runs: a message a process dequeued stays invisible until
/// its visibility timeout runs out, so "approximate count minus the visible ones" is what the dead process still held.
/// Exact only while each queue holds at most <see cref="PeekLimit"/> messages (what one peek returns).
/// </summary>
public sealed class HeldMessages(KillTestSettings settings)
{
    private const int PeekLimit = 32;

    private readonly QueueClient[] _queues =
    [
        new(settings.StorageConnectionString, $"{settings.TaskHub.ToLowerInvariant()}-control-00"),
        new(settings.StorageConnectionString, $"{settings.TaskHub.ToLowerInvariant()}-workitems"),
    ];

    /// <summary>Polls every 100 ms from just after the kill until nothing is held or <paramref name="wait"/> passed.</summary>
    public async Task<HeldMessagesReturn> WaitForReturnAsync(Stopwatch sinceKill, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sinceKill);
        var first = await HeldAsync(cancellationToken);
        if (first is null) return new HeldMessagesReturn(-1, null);
        var held = first;
        while (held is > 0 && sinceKill.Elapsed < wait)
        {
            await Task.Delay(100, cancellationToken);
            held = await HeldAsync(cancellationToken);
        }
        return new HeldMessagesReturn(first ?? -1, held is 0 ? sinceKill.Elapsed.TotalSeconds : null);
    }

    /// <summary>Invisible messages over both queues, or null when a queue holds more than a peek can see.</summary>
    private async Task<int?> HeldAsync(CancellationToken cancellationToken)
    {
        var held = 0;
        foreach (var queue in _queues)
        {
            var total = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            if (total > PeekLimit) return null;
            var visible = (await queue.PeekMessagesAsync(PeekLimit, cancellationToken)).Value.Length;
            held += total - visible;
        }
        return held;
    }
}
