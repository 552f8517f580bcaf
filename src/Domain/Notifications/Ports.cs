using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Notifications;

/// <summary>
/// The outbox of patient messages: written by the workflow, drained by the dispatcher. Every write of an
/// existing message is conditional on its <see cref="OutboxMessage.ETag"/>.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>
    /// Stores the message unless one with the same key exists; returns the stored message either way (the
    /// earlier one wins, so enqueuing the same key twice keeps one message).
    /// </summary>
    Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>The message, or null when there is none with that key.</summary>
    Task<OutboxMessage?> FindAsync(RegistrationId registrationId, MessageKey key, CancellationToken cancellationToken);

    /// <summary>Messages due at <paramref name="nowUtc"/> (see <see cref="OutboxMessage.IsDue"/>), oldest SendAfter first, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset nowUtc, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the new state of a message (a claim, sent, failed, deferred, suppressed) if the stored message
    /// still has <see cref="OutboxMessage.ETag"/>; returns it with its new ETag.
    /// </summary>
    /// <exception cref="Common.ConcurrencyConflictException">Someone else wrote it first.</exception>
    /// <exception cref="Common.NotFoundException">No such message.</exception>
    Task<OutboxMessage> ReplaceAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Every message of one registration, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListForRegistrationAsync(RegistrationId registrationId, CancellationToken cancellationToken);

    /// <summary>The newest messages across registrations, newest first (the local outbox view).</summary>
    Task<IReadOnlyList<OutboxMessage>> ListRecentAsync(int maxCount, CancellationToken cancellationToken);

    /// <summary>The contact log of a registration and channel; an empty one (ETag null) when none was written yet.</summary>
    Task<ContactLog> GetContactLogAsync(RegistrationId registrationId, NotificationChannel channel, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the log: creates it when its ETag is null, else replaces it if the stored ETag still matches.
    /// Returns it with its new ETag.
    /// </summary>
    /// <exception cref="Common.ConcurrencyConflictException">Someone else created or changed it first.</exception>
    Task<ContactLog> SaveContactLogAsync(ContactLog log, CancellationToken cancellationToken);
}

/// <summary>One message on its way to one address. <see cref="ToString"/> hides the address and the text.</summary>
/// <param name="Key">The message key.</param>
/// <param name="Generation">The message's <see cref="OutboxMessage.IdempotencyGeneration"/>.</param>
/// <param name="AttemptStartedUtc">When the first try of this generation began (the provider's "first sent").</param>
public sealed record Delivery(
    MessageKey Key, int Generation, NotificationChannel Channel, string Address, string? Subject, string Body, DateTimeOffset AttemptStartedUtc)
{
    /// <summary>
    /// A GUID derived from key and generation: the same for a repeat (the provider drops the duplicate), new
    /// when the generation moves on.
    /// </summary>
    public Guid IdempotencyId
    {
        get
        {
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{Key.Value}/{Generation.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5 style (name-based, SHA)
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
            return new Guid(hash.AsSpan(0, 16), bigEndian: true);
        }
    }

    public override string ToString() => $"Delivery {{ Key = {Key}, Channel = {Channel} }}";
}

/// <summary>
/// A transient failure after which the message may or may not have reached the provider (a timeout, a lost
/// connection, a 5xx). The retry reuses the idempotency id so the provider can drop a duplicate.
/// </summary>
public sealed class DeliveryOutcomeUnknownException(string dependency, string reason, TimeSpan? retryAfter = null, Exception? inner = null)
    : Common.TransientDependencyException(dependency, reason, retryAfter, inner);

/// <summary>Delivers one message through a channel (ACS SMS/email, or the local outbox).</summary>
public interface INotificationSender
{
    /// <summary>Sends and returns the provider's message id.</summary>
    /// <exception cref="Common.TransientDependencyException">Retry later (429, 5xx, timeout), honouring RetryAfter;
    /// <see cref="DeliveryOutcomeUnknownException"/> when the message may have gone out.</exception>
    /// <exception cref="Common.PermanentDependencyException">The provider refused it for good (bad number, 4xx).</exception>
    Task<string> SendAsync(Delivery delivery, CancellationToken cancellationToken);
}

/// <summary>
/// What the dispatcher needs to know about a message's recipient at send time. Everything but the time zone
/// is PHI; <see cref="ToString"/> hides it.
/// </summary>
/// <param name="WaitsForPatient">
/// False when the workflow no longer waits for the patient to do anything: a reminder written earlier (held by quiet
/// hours, say) is then not sent. True by default for recipients that do not track it.
/// </param>
public sealed record NotificationRecipient(
    string? PhoneE164,
    string? Email,
    string TimeZoneId,
    DateTimeOffset? AppointmentAtUtc,
    ConsentLedger Consents,
    bool WaitsForPatient = true)
{
    public string? AddressFor(NotificationChannel channel) => channel == NotificationChannel.Sms ? PhoneE164 : Email;

    public override string ToString() => $"NotificationRecipient {{ TimeZoneId = {TimeZoneId} }}";
}

/// <summary>Resolves a message's <see cref="OutboxMessage.RecipientRef"/> from the registration (implemented over the registration store).</summary>
public interface INotificationRecipientDirectory
{
    /// <summary>The recipient, or null when the registration or the reference no longer exists.</summary>
    Task<NotificationRecipient?> FindAsync(RegistrationId registrationId, string recipientRef, CancellationToken cancellationToken);
}
