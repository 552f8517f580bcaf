using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Integrations.Notifications;

/// <summary>What one dispatch pass did.</summary>
public sealed record DispatchSummary(int Due, int Sent, int Deferred, int Suppressed, int Failed, int Skipped);

/// <summary>
/// Drains the outbox: takes the due messages, asks <see cref="ContactPolicy"/> again (consent may have been
/// withdrawn, a cap reached or quiet hours begun since the message was written), and sends what may go now.
/// <para>Exactly once: before sending, a dispatcher claims the message by an ETag-checked write (Pending →
/// Sending with a lease). Of two dispatchers that read the same message, only one claim succeeds; the other
/// skips it. A dispatcher that dies after claiming lets the lease lapse; the next one continues the same
/// attempt with the same idempotency id, so ACS drops the repeat.</para>
/// <para>Caps under concurrency: after the claim, the send is recorded in the patient's <see cref="ContactLog"/>
/// with an ETag check; a dispatcher that loses that write decides again and sees the other send.</para>
/// <para>Failures: transient ones (429, 5xx, timeouts) go back to Pending with exponential backoff (at least the
/// provider's Retry-After) until <see cref="NotificationDispatcherOptions.MaxAttempts"/>; permanent ones fail.</para>
/// Host-agnostic: the Functions timer and the LocalHost loop both call <see cref="DispatchDueAsync"/>.
/// </summary>
public sealed class NotificationDispatcher(
    INotificationOutbox outbox,
    INotificationSender sender,
    INotificationRecipientDirectory recipients,
    ContactPolicy policy,
    IOptions<NotificationDispatcherOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger)
{
    /// <summary>Recorded on claims, so the outbox shows who holds a message.</summary>
    public string DispatcherId { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    public async Task<DispatchSummary> DispatchDueAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        var due = await outbox.ListDueAsync(nowUtc, settings.BatchSize, cancellationToken);
        int sent = 0, deferred = 0, suppressed = 0, failed = 0, skipped = 0;
        foreach (var message in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = nowUtc + time.GetElapsedTime(started);
            var outcome = await DispatchOneAsync(message, at, settings, cancellationToken);
            switch (outcome)
            {
                case Outcome.Sent: sent++; break;
                case Outcome.Deferred: deferred++; break;
                case Outcome.Suppressed: suppressed++; break;
                case Outcome.Failed: failed++; break;
                default: skipped++; break;
            }
        }
        var summary = new DispatchSummary(due.Count, sent, deferred, suppressed, failed, skipped);
        if (due.Count > 0) NotificationLog.Pass(logger, summary.Due, sent, deferred, suppressed, failed, skipped);
        return summary;
    }

    private enum Outcome { Sent, Deferred, Suppressed, Failed, Skipped }

    private async Task<Outcome> DispatchOneAsync(OutboxMessage message, DateTimeOffset nowUtc, NotificationDispatcherOptions settings, CancellationToken cancellationToken)
    {
        var key = message.Key.Value;
        try
        {
            var recipient = await recipients.FindAsync(message.RegistrationId, message.RecipientRef, cancellationToken);
            if (recipient is null) return await SuppressAsync(message, ContactReason.RecipientUnknown, nowUtc, cancellationToken);
            if (message.Purpose.IsReminder() && !recipient.WaitsForPatient)
            {
                return await SuppressAsync(message, ContactReason.NoLongerNeeded, nowUtc, cancellationToken);
            }

            var (decision, _) = await DecideAsync(message, recipient, nowUtc, cancellationToken);
            if (decision.Kind != ContactDecisionKind.SendNow) return await ApplyAsync(message, decision, nowUtc, cancellationToken);

            var address = recipient.AddressFor(message.Channel);
            if (string.IsNullOrWhiteSpace(address)) return await SuppressAsync(message, ContactReason.NoAddress, nowUtc, cancellationToken);

            var claimed = await outbox.ReplaceAsync(message.Claim(DispatcherId, nowUtc, settings.ClaimLease), cancellationToken);
            var reserved = await ReserveAsync(claimed, recipient, nowUtc, cancellationToken);
            if (reserved.Kind != ContactDecisionKind.SendNow) return await ApplyAsync(claimed, reserved, nowUtc, cancellationToken);
            return await SendClaimedAsync(claimed, address, nowUtc, settings, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            NotificationLog.LostRace(logger, key);
            return Outcome.Skipped;
        }
        catch (TransientDependencyException e)
        {
            // The outbox or the registration store is unavailable: the message stays due for the next pass.
            NotificationLog.DependencyUnavailable(logger, key, e.Dependency);
            return Outcome.Skipped;
        }
    }

    /// <summary>
    /// The policy over what this patient got on the channel: the contact log (every reserved send) plus sent
    /// messages missing from it. Claims not yet reserved do not count; they must reserve after us.
    /// </summary>
    private async Task<(ContactDecision Decision, ContactLog Log)> DecideAsync(
        OutboxMessage message, NotificationRecipient recipient, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        var log = await outbox.GetContactLogAsync(message.RegistrationId, message.Channel, cancellationToken);
        var sent = (await outbox.ListForRegistrationAsync(message.RegistrationId, cancellationToken))
            .Where(m => m.Key != message.Key && m.Status == OutboxStatus.Sent && !log.Contains(m.Key))
            .Select(m => m.AsHistory())
            .OfType<SentMessage>();
        var history = log.AsHistory(except: message.Key).Concat(sent).ToList();
        var decision = policy.Decide(message.Channel, message.Purpose, recipient.Consents, history, recipient.TimeZoneId, recipient.AppointmentAtUtc, nowUtc);
        return (decision, log);
    }

    /// <summary>
    /// Records the send in the contact log with an ETag check, deciding again on every conflict, so two
    /// dispatchers sending different messages to one patient cannot both pass the caps. A message already in
    /// the log (an earlier attempt reserved it) goes ahead.
    /// </summary>
    private async Task<ContactDecision> ReserveAsync(OutboxMessage claimed, NotificationRecipient recipient, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        if (claimed.Purpose == MessagePurpose.KeywordReply) return ContactDecision.Now();
        for (var round = 0; ; round++)
        {
            var (decision, log) = await DecideAsync(claimed, recipient, nowUtc, cancellationToken);
            if (log.Contains(claimed.Key)) return ContactDecision.Now();
            if (decision.Kind != ContactDecisionKind.SendNow) return decision;
            try
            {
                await outbox.SaveContactLogAsync(log.Record(claimed.Key, claimed.Purpose, nowUtc), cancellationToken);
                return decision;
            }
            catch (ConcurrencyConflictException) when (round < 4)
            {
                // Another dispatcher recorded a send for this patient first: decide again with it.
            }
        }
    }

    private async Task<Outcome> ApplyAsync(OutboxMessage message, ContactDecision decision, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        if (decision.Kind != ContactDecisionKind.SendAt) return await SuppressAsync(message, decision.Reason, nowUtc, cancellationToken);
        await outbox.ReplaceAsync(message.Defer(decision.SendAtUtc!.Value, decision.Reason), cancellationToken);
        NotificationLog.Deferred(logger, message.Key.Value, decision.SendAtUtc.Value, decision.Reason);
        return Outcome.Deferred;
    }

    private async Task<Outcome> SendClaimedAsync(OutboxMessage claimed, string address, DateTimeOffset nowUtc, NotificationDispatcherOptions settings, CancellationToken cancellationToken)
    {
        var key = claimed.Key.Value;
        var delivery = new Delivery(claimed.Key, claimed.IdempotencyGeneration, claimed.Channel, address, claimed.Subject, claimed.Body, claimed.AttemptStartedUtc ?? nowUtc);
        var attempt = claimed.Attempts + 1;
        string providerId;
        try
        {
            providerId = await sender.SendAsync(delivery, cancellationToken);
        }
        catch (TransientDependencyException e)
        {
            var retryAt = nowUtc + RetryDelay(claimed.Attempts + 1, e.RetryAfter, settings);
            var unknown = e is DeliveryOutcomeUnknownException;
            var updated = claimed.RecordFailure($"{e.Dependency}: {(unknown ? "outcome unknown" : "transient")}", nowUtc, retryAt, settings.MaxAttempts, unknown);
            await outbox.ReplaceAsync(updated, cancellationToken);
            NotificationLog.SendFailed(logger, key, attempt, unknown ? "outcome unknown" : "transient", e.Dependency, updated.Status);
            return updated.Status == OutboxStatus.Failed ? Outcome.Failed : Outcome.Deferred;
        }
        catch (PermanentDependencyException e)
        {
            var updated = claimed.RecordFailure($"{e.Dependency}: refused", nowUtc, null, settings.MaxAttempts);
            await outbox.ReplaceAsync(updated, cancellationToken);
            NotificationLog.SendFailed(logger, key, attempt, "permanent", e.Dependency, updated.Status);
            return Outcome.Failed;
        }

        try
        {
            await outbox.ReplaceAsync(claimed.MarkSent(providerId, nowUtc), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            NotificationLog.SentAfterClaimLapsed(logger, key);
        }
        NotificationLog.Sent(logger, key, claimed.Channel, providerId);
        return Outcome.Sent;
    }

    private async Task<Outcome> SuppressAsync(OutboxMessage message, ContactReason reason, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        await outbox.ReplaceAsync(message.Suppress(reason, nowUtc), cancellationToken);
        NotificationLog.Suppressed(logger, message.Key.Value, reason);
        return Outcome.Suppressed;
    }

    /// <summary>first · 2^(attempt-1), capped, and never shorter than the provider's Retry-After.</summary>
    public static TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter, NotificationDispatcherOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var exponent = Math.Clamp(attempt - 1, 0, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.FirstRetryDelay.Ticks * (1L << exponent)));
        return retryAfter is { } hint && hint > backoff ? hint : backoff;
    }
}
