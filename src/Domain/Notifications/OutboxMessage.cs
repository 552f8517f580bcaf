using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Notifications;

/// <summary>
/// The deterministic identity of one message: registration, purpose, sequence and channel, e.g.
/// <c>0f8fad5bd9cb469fa16570867728950e-card-needed-2-sms</c>. The same business step always produces the same
/// key, so a retried activity or a restarted host enqueues the same message again and the outbox keeps one.
/// The channel is part of the key because one purpose and sequence may go out by SMS and by email.
/// Safe as a Cosmos id (no '/', '\', '?', '#') and as an ACS idempotency seed. Contains no PHI.
/// </summary>
public readonly record struct MessageKey
{
    private MessageKey(string value) => Value = value;

    public string Value { get; }

    public static MessageKey Create(RegistrationId registrationId, MessagePurpose purpose, int sequence, NotificationChannel channel)
    {
        if (string.IsNullOrEmpty(registrationId.Value)) throw new ArgumentException("A registration id is required.", nameof(registrationId));
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        return new MessageKey(string.Create(CultureInfo.InvariantCulture,
            $"{registrationId.Value}-{PurposeSlug(purpose)}-{sequence}-{ChannelSlug(channel)}"));
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out MessageKey key)
    {
        key = default;
        if (text is null || text.Length < 36) return false;
        if (!RegistrationId.TryParse(text[..32], out var registrationId) || text[32] != '-') return false;
        var parts = text[33..].Split('-');
        if (parts.Length < 3) return false;
        var channelText = parts[^1];
        var sequenceText = parts[^2];
        var purposeText = string.Join('-', parts[..^2]);
        var purpose = Enum.GetValues<MessagePurpose>().Where(p => PurposeSlug(p) == purposeText).Cast<MessagePurpose?>().FirstOrDefault();
        var channel = Enum.GetValues<NotificationChannel>().Where(c => ChannelSlug(c) == channelText).Cast<NotificationChannel?>().FirstOrDefault();
        if (purpose is null || channel is null) return false;
        if (!int.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return false;
        var candidate = Create(registrationId, purpose.Value, sequence, channel.Value);
        if (candidate.Value != text) return false;
        key = candidate;
        return true;
    }

    public static MessageKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException("Not a message key (registration-purpose-sequence-channel).");

    public override string ToString() => Value;

    private static string PurposeSlug(MessagePurpose purpose) => purpose switch
    {
        MessagePurpose.CardNeeded => "card-needed",
        MessagePurpose.CardUnreadable => "card-unreadable",
        MessagePurpose.ActionNeeded => "action-needed",
        MessagePurpose.ConsentNeeded => "consent-needed",
        MessagePurpose.ClearedWithEstimate => "cleared-with-estimate",
        MessagePurpose.EstimateReady => "estimate-ready",
        MessagePurpose.VisitCancelled => "visit-cancelled",
        MessagePurpose.AppointmentReminder => "appointment-reminder",
        MessagePurpose.AuthorizationUpdate => "authorization-update",
        MessagePurpose.VisitReady => "visit-ready",
        MessagePurpose.QuestionReply => "question-reply",
        MessagePurpose.KeywordReply => "keyword-reply",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };

    private static string ChannelSlug(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Sms => "sms",
        NotificationChannel.Email => "email",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };
}

/// <summary>Where a message stands in the outbox.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting until <see cref="OutboxMessage.SendAfterUtc"/>.</summary>
    Pending,
    /// <summary>Claimed by a dispatcher until <see cref="OutboxMessage.ClaimedUntilUtc"/>; due again if the claim lapses.</summary>
    Sending,
    /// <summary>Handed to the channel (ACS accepted it, or the local outbox is the channel).</summary>
    Sent,
    /// <summary>Given up: a permanent failure or too many transient ones.</summary>
    Failed,
    /// <summary>Not sent on purpose: no consent, the appointment passed, no address. <see cref="OutboxMessage.LastError"/> says why.</summary>
    Suppressed,
}

/// <summary>
/// One patient message in the outbox. Immutable: each transition returns the next state, which the outbox
/// stores only if <see cref="ETag"/> still matches (so two dispatchers cannot both claim or both finish it).
/// <see cref="Body"/> is the rendered text (no PHI by the template check); the recipient's address is not
/// stored here but resolved at send time through <see cref="RecipientRef"/>.
/// </summary>
public sealed record OutboxMessage
{
    public required MessageKey Key { get; init; }
    public required RegistrationId RegistrationId { get; init; }
    public required MessagePurpose Purpose { get; init; }
    public required int Sequence { get; init; }
    public required NotificationChannel Channel { get; init; }
    /// <summary>Who in the registration gets it (e.g. "patient", "guarantor"); resolved by <see cref="INotificationRecipientDirectory"/>.</summary>
    public required string RecipientRef { get; init; }
    public required MessageLanguage Language { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }
    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;
    /// <summary>Delivery attempts that reached the channel (deferrals by the contact policy do not count).</summary>
    public int Attempts { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }
    public required DateTimeOffset SendAfterUtc { get; init; }
    /// <summary>
    /// Which idempotency id the channel gets (<see cref="Delivery.IdempotencyId"/> is derived from key and
    /// generation): 0 before the first claim. The generation stays when a try may have reached the provider (a
    /// dispatcher took over a lapsed claim, or the last failure left the outcome unknown) and the provider still
    /// remembers the id (<see cref="RepeatabilityWindow"/>), so the provider drops the repeat. It moves on after a
    /// clear refusal (a 429 would be replayed for the same id) or once the window has passed.
    /// </summary>
    public int IdempotencyGeneration { get; init; }

    /// <summary>When the first try under the current generation began; the provider's "first sent" time.</summary>
    public DateTimeOffset? AttemptStartedUtc { get; init; }

    /// <summary>How long a generation is reused: below ACS's 5-minute repeatability tracking.</summary>
    public static readonly TimeSpan RepeatabilityWindow = TimeSpan.FromMinutes(4);
    public string? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedUntilUtc { get; init; }
    public DateTimeOffset? CompletedUtc { get; init; }
    public string? ProviderMessageId { get; init; }
    /// <summary>Why it failed, waits or was suppressed, in words without PHI (e.g. "QuietHours", "acs-sms 429").</summary>
    public string? LastError { get; init; }
    /// <summary>The store's version tag of this state; null before the first write.</summary>
    public string? ETag { get; init; }

    public static OutboxMessage Create(
        RegistrationId registrationId, int sequence, string recipientRef, RenderedMessage rendered, DateTimeOffset createdUtc, DateTimeOffset? sendAfterUtc = null)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientRef);
        return new OutboxMessage
        {
            Key = MessageKey.Create(registrationId, rendered.Purpose, sequence, rendered.Channel),
            RegistrationId = registrationId,
            Purpose = rendered.Purpose,
            Sequence = sequence,
            Channel = rendered.Channel,
            RecipientRef = recipientRef,
            Language = rendered.Language,
            Subject = rendered.Subject,
            Body = rendered.Body,
            CreatedUtc = createdUtc,
            SendAfterUtc = sendAfterUtc ?? createdUtc,
        };
    }

    /// <summary>Pending and its time has come, or claimed by a dispatcher whose claim has lapsed (it crashed).</summary>
    public bool IsDue(DateTimeOffset nowUtc) =>
        (Status == OutboxStatus.Pending && SendAfterUtc <= nowUtc) ||
        (Status == OutboxStatus.Sending && ClaimedUntilUtc <= nowUtc);

    public bool IsFinal => Status is OutboxStatus.Sent or OutboxStatus.Failed or OutboxStatus.Suppressed;

    /// <summary>Takes the message for sending until <paramref name="nowUtc"/> + <paramref name="lease"/>.</summary>
    public OutboxMessage Claim(string dispatcherId, DateTimeOffset nowUtc, TimeSpan lease)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dispatcherId);
        if (!IsDue(nowUtc)) throw new InvalidOperationException($"Message {Key} is {Status} and not due; it cannot be claimed.");
        var continues = IdempotencyGeneration > 0 && AttemptStartedUtc is { } started &&
                        (Status == OutboxStatus.Sending || nowUtc - started < RepeatabilityWindow);
        return this with
        {
            Status = OutboxStatus.Sending,
            ClaimedBy = dispatcherId,
            ClaimedUntilUtc = nowUtc + lease,
            IdempotencyGeneration = continues ? IdempotencyGeneration : IdempotencyGeneration + 1,
            AttemptStartedUtc = continues ? AttemptStartedUtc : nowUtc,
        };
    }

    public OutboxMessage MarkSent(string providerMessageId, DateTimeOffset nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerMessageId);
        RequireStatus(OutboxStatus.Sending);
        return this with
        {
            Status = OutboxStatus.Sent,
            Attempts = Attempts + 1,
            ProviderMessageId = providerMessageId,
            CompletedUtc = nowUtc,
            ClaimedUntilUtc = null,
            LastError = null,
        };
    }

    /// <summary>
    /// Records a failed attempt. A transient failure goes back to Pending until <paramref name="retryAtUtc"/>
    /// unless <paramref name="maxAttempts"/> is reached; a permanent one (retryAtUtc null) fails for good.
    /// <paramref name="outcomeUnknown"/> (a timeout, a lost connection, a 5xx) keeps the idempotency generation
    /// for a retry within <see cref="RepeatabilityWindow"/>; otherwise the next try gets a new one.
    /// </summary>
    public OutboxMessage RecordFailure(string error, DateTimeOffset nowUtc, DateTimeOffset? retryAtUtc, int maxAttempts, bool outcomeUnknown = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        RequireStatus(OutboxStatus.Sending);
        var attempts = Attempts + 1;
        var giveUp = retryAtUtc is null || attempts >= maxAttempts;
        return this with
        {
            Status = giveUp ? OutboxStatus.Failed : OutboxStatus.Pending,
            Attempts = attempts,
            LastError = error,
            SendAfterUtc = giveUp ? SendAfterUtc : retryAtUtc!.Value,
            CompletedUtc = giveUp ? nowUtc : null,
            AttemptStartedUtc = outcomeUnknown ? AttemptStartedUtc : null,
            ClaimedBy = null,
            ClaimedUntilUtc = null,
        };
    }

    /// <summary>The contact policy said "later": wait until <paramref name="sendAtUtc"/>; not an attempt.</summary>
    public OutboxMessage Defer(DateTimeOffset sendAtUtc, ContactReason reason)
    {
        if (IsFinal) throw new InvalidOperationException($"Message {Key} is {Status}; it cannot be deferred.");
        return this with
        {
            Status = OutboxStatus.Pending,
            SendAfterUtc = sendAtUtc,
            LastError = reason.ToString(),
            ClaimedBy = null,
            ClaimedUntilUtc = null,
        };
    }

    /// <summary>Not to be sent (no consent, too late, no address); final.</summary>
    public OutboxMessage Suppress(ContactReason reason, DateTimeOffset nowUtc)
    {
        if (IsFinal) throw new InvalidOperationException($"Message {Key} is {Status}; it cannot be suppressed.");
        return this with
        {
            Status = OutboxStatus.Suppressed,
            LastError = reason.ToString(),
            CompletedUtc = nowUtc,
            ClaimedBy = null,
            ClaimedUntilUtc = null,
        };
    }

    /// <summary>The message as history for <see cref="ContactPolicy"/>: sent ones, and ones being sent right now.</summary>
    public SentMessage? AsHistory() => Status switch
    {
        OutboxStatus.Sent when CompletedUtc is { } at => new SentMessage(Channel, Purpose, at),
        OutboxStatus.Sending when AttemptStartedUtc is { } at => new SentMessage(Channel, Purpose, at),
        _ => null,
    };

    private void RequireStatus(OutboxStatus expected)
    {
        if (Status != expected) throw new InvalidOperationException($"Message {Key} is {Status}, expected {expected}.");
    }
}
