using System.Globalization;

namespace PatientAccess.Cli.Demo;

/// <summary>A patient message as GET /api/outbox shows it (the fields the demo prints).</summary>
public sealed record OutboxView(string Key, string RegistrationId, string Purpose, string Channel, string Status, string Text,
    DateTimeOffset? SendAfterUtc = null, string? Reason = null);

/// <summary>What the demo last printed for one sample: its status line and the status of each of its messages.</summary>
public sealed record SampleSeen(string Name, string Id, string? Line, IReadOnlyDictionary<string, string> Outbox);

/// <summary>
/// What the demo has already shown, so each round prints only what changed: a sample's status line when it differs
/// from the last one, an outbox message when it first settles (with its text) and when its status changes (without).
/// A message the dispatcher has not decided about yet (Pending without a reason, Sending) waits for the next round.
/// Pure: it is given what the host answered and returns the lines to print. <see cref="Snapshot"/> and the constructor
/// carry it from <c>samples run</c> to <c>samples follow</c>, so following starts where the run ended.
/// </summary>
public sealed class ChangeFeed
{
    private readonly Dictionary<string, Sample> _samples = new(StringComparer.Ordinal);

    public ChangeFeed(IEnumerable<SampleSeen>? seen = null)
    {
        foreach (var s in seen ?? []) _samples[s.Id] = new Sample(s.Name, s.Line, new Dictionary<string, string>(s.Outbox, StringComparer.Ordinal));
    }

    /// <summary>Starts following a sample (nothing printed yet).</summary>
    public void Add(string name, string id) => _samples.TryAdd(id, new Sample(name, null, new Dictionary<string, string>(StringComparer.Ordinal)));

    /// <summary>The sample's status line ("AwaitingCard (awaiting InsuranceCard)"), printed when it changed.</summary>
    public IReadOnlyList<string> Status(string id, string line)
    {
        var sample = _samples[id];
        if (line == sample.Line) return [];
        sample.Line = line;
        return [$"[{sample.Name}] {line}"];
    }

    /// <summary>The outbox as the host shows it now: lines for the samples' new messages and changed statuses, oldest first.</summary>
    public IReadOnlyList<string> Outbox(IEnumerable<OutboxView> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var lines = new List<string>();
        foreach (var m in messages.Reverse()) // the host lists newest first
        {
            if (!_samples.TryGetValue(m.RegistrationId, out var sample) || !IsSettled(m)) continue;
            if (!sample.Outbox.TryGetValue(m.Key, out var before))
            {
                lines.Add($"[{sample.Name}] outbox: {m.Purpose} by {m.Channel}, {Describe(m)}: \"{m.Text}\"");
            }
            else if (before != m.Status)
            {
                lines.Add($"[{sample.Name}] outbox: {m.Purpose} by {m.Channel} is now {Describe(m)} (was {before})");
            }
            sample.Outbox[m.Key] = m.Status;
        }
        return lines;
    }

    /// <summary>What has been shown so far, to continue from later.</summary>
    public IReadOnlyList<SampleSeen> Snapshot() =>
        [.. _samples.Select(s => new SampleSeen(s.Value.Name, s.Key, s.Value.Line, new Dictionary<string, string>(s.Value.Outbox, StringComparer.Ordinal)))];

    /// <summary>Sent or otherwise final, or held with the reason it waits (quiet hours, a cap, a retry).</summary>
    private static bool IsSettled(OutboxView m) => m.Status switch
    {
        "Sending" => false,
        "Pending" => m.Reason is not null,
        _ => true,
    };

    /// <summary>"Sent", or "Pending until 14:00 UTC (QuietHours)" for a message held by quiet hours or a cap.</summary>
    private static string Describe(OutboxView m) =>
        m is { Status: "Pending", SendAfterUtc: { } after, Reason: { } reason }
            ? $"Pending until {after.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC ({reason})"
            : m.Status;

    private sealed class Sample(string name, string? line, Dictionary<string, string> outbox)
    {
        public string Name { get; } = name;
        public string? Line { get; set; } = line;
        public Dictionary<string, string> Outbox { get; } = outbox;
    }
}
