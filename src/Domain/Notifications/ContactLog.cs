using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Notifications;

/// <summary>One send reserved in a <see cref="ContactLog"/>.</summary>
public sealed record ContactLogEntry(MessageKey Key, MessagePurpose Purpose, DateTimeOffset AtUtc);

/// <summary>
/// The sends of one registration on one channel, written before each send with an ETag check. It is the
/// serialization point for the caps: two dispatchers that each claimed a different message of the same
/// patient both try to record their send here; only one write succeeds, the other re-reads, sees the first
/// send and defers. An entry stays when a send later fails (counted conservatively). Entries older than
/// <see cref="Retention"/> are dropped on write.
/// </summary>
public sealed record ContactLog(RegistrationId RegistrationId, NotificationChannel Channel, IReadOnlyList<ContactLogEntry> Entries, string? ETag)
{
    /// <summary>Longer than any cap window.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(15);

    public static ContactLog Empty(RegistrationId registrationId, NotificationChannel channel) => new(registrationId, channel, [], null);

    /// <summary>The store id: "contact-{registrationId}-{sms|email}" (cannot collide with a message key).</summary>
    public string Id => $"contact-{RegistrationId.Value}-{(Channel == NotificationChannel.Sms ? "sms" : "email")}";

    public bool Contains(MessageKey key) => Entries.Any(e => e.Key == key);

    /// <summary>Adds the send (once per key) and drops entries older than <see cref="Retention"/>.</summary>
    public ContactLog Record(MessageKey key, MessagePurpose purpose, DateTimeOffset atUtc)
    {
        if (Contains(key)) return this;
        var kept = Entries.Where(e => e.AtUtc > atUtc - Retention).ToList();
        kept.Add(new ContactLogEntry(key, purpose, atUtc));
        return this with { Entries = kept };
    }

    public IEnumerable<SentMessage> AsHistory(MessageKey? except = null) =>
        Entries.Where(e => e.Key != except).Select(e => new SentMessage(Channel, e.Purpose, e.AtUtc));
}
