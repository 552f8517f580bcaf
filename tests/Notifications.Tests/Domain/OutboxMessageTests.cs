using CsCheck;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Notifications.Tests.Domain;

public class OutboxMessageTests
{
    private static readonly RegistrationId Reg = RegistrationId.Parse("0f8fad5bd9cb469fa16570867728950e");
    private static readonly DateTimeOffset T0 = new(2026, 6, 10, 15, 0, 0, TimeSpan.Zero);

    internal static OutboxMessage NewMessage(RegistrationId? reg = null, int sequence = 1, DateTimeOffset? at = null,
        NotificationChannel channel = NotificationChannel.Sms, MessagePurpose purpose = MessagePurpose.CardNeeded)
    {
        var rendered = NotificationTemplates.Render(purpose, channel, MessageLanguage.English,
            new TemplateValues("Mercy General", new Uri("https://pa.example.org/r/Xy7Kp2Qm")));
        return OutboxMessage.Create(reg ?? Reg, sequence, "patient", rendered, at ?? T0);
    }

    [Fact]
    public void Create_SameInputs_SameKey()
    {
        Assert.Equal(NewMessage().Key, NewMessage(at: T0.AddHours(3)).Key);
        Assert.Equal("0f8fad5bd9cb469fa16570867728950e-card-needed-1-sms", NewMessage().Key.Value);
    }

    [Fact]
    public void Create_DifferentSequenceOrChannel_DifferentKey()
    {
        Assert.NotEqual(NewMessage(sequence: 1).Key, NewMessage(sequence: 2).Key);
        Assert.NotEqual(NewMessage(channel: NotificationChannel.Sms).Key, NewMessage(channel: NotificationChannel.Email).Key);
    }

    [Fact]
    public void MessageKey_ParseOfCreate_RoundTripsForEveryPurposeChannelAndSequence()
    {
        Gen.Select(Gen.Guid, Gen.OneOf(Enum.GetValues<MessagePurpose>()), Gen.Int[0, 100_000], Gen.OneOf(Enum.GetValues<NotificationChannel>()))
            .Sample((guid, purpose, sequence, channel) =>
            {
                var key = MessageKey.Create(RegistrationId.New(guid), purpose, sequence, channel);
                return MessageKey.TryParse(key.Value, out var parsed) && parsed == key
                    && key.Value.IndexOfAny(['/', '\\', '?', '#']) < 0 && key.Value.Length <= 255;
            }, iter: 500);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e-card-needed-1")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e-card-needed-x-sms")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e-card-needed-01-sms")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e-unknown-1-sms")]
    [InlineData("0F8FAD5BD9CB469FA16570867728950E-card-needed-1-sms")]
    public void MessageKey_TryParse_RejectsMalformed(string text) => Assert.False(MessageKey.TryParse(text, out _));

    [Fact]
    public void Claim_PendingDue_BecomesSendingWithLeaseAndFirstAttempt()
    {
        var claimed = NewMessage().Claim("d1", T0, TimeSpan.FromMinutes(2));
        Assert.Equal(1, claimed.IdempotencyGeneration);
        Assert.Equal(OutboxStatus.Sending, claimed.Status);
        Assert.Equal(T0.AddMinutes(2), claimed.ClaimedUntilUtc);
        Assert.Equal(T0, claimed.AttemptStartedUtc);
        Assert.Equal(0, claimed.Attempts);
    }

    [Fact]
    public void Claim_NotYetDue_Throws() =>
        Assert.Throws<InvalidOperationException>(() => NewMessage().Claim("d1", T0.AddSeconds(-1), TimeSpan.FromMinutes(2)));

    [Fact]
    public void IsDue_ClaimLapsed_IsDueAgainAndContinuesTheSameAttempt()
    {
        var claimed = NewMessage().Claim("d1", T0, TimeSpan.FromMinutes(2));
        Assert.False(claimed.IsDue(T0.AddMinutes(1)));
        Assert.True(claimed.IsDue(T0.AddMinutes(2)));
        var reclaimed = claimed.Claim("d2", T0.AddMinutes(3), TimeSpan.FromMinutes(2));
        Assert.Equal(T0, reclaimed.AttemptStartedUtc);
        Assert.Equal("d2", reclaimed.ClaimedBy);
    }

    [Fact]
    public void Claim_AfterARecordedFailure_StartsANewAttemptWithANewIdempotencyId()
    {
        var first = NewMessage().Claim("d1", T0, TimeSpan.FromMinutes(2));
        var retried = first.RecordFailure("acs-sms 503", T0, T0.AddMinutes(1), 5).Claim("d1", T0.AddMinutes(1), TimeSpan.FromMinutes(2));
        Assert.Equal(T0.AddMinutes(1), retried.AttemptStartedUtc);
        Assert.Equal((1, 2), (first.IdempotencyGeneration, retried.IdempotencyGeneration));
        var d1 = new Delivery(first.Key, first.IdempotencyGeneration, first.Channel, "+15551234567", null, first.Body, first.AttemptStartedUtc!.Value);
        var d1Again = d1 with { };
        var d2 = d1 with { Generation = retried.IdempotencyGeneration };
        Assert.Equal(d1.IdempotencyId, d1Again.IdempotencyId);
        Assert.NotEqual(d1.IdempotencyId, d2.IdempotencyId);
        Assert.NotEqual(d1.IdempotencyId, (d1 with { Key = NewMessage(sequence: 2).Key }).IdempotencyId);
    }

    [Fact]
    public void Claim_AfterAnOutcomeUnknownFailure_KeepsTheGenerationWithinTheWindowOnly()
    {
        var first = NewMessage().Claim("d1", T0, TimeSpan.FromMinutes(2));
        var unknown = first.RecordFailure("timeout", T0, T0.AddMinutes(1), 5, outcomeUnknown: true);

        var soon = unknown.Claim("d1", T0.AddMinutes(1), TimeSpan.FromMinutes(2));
        Assert.Equal((1, T0), (soon.IdempotencyGeneration, soon.AttemptStartedUtc));

        var late = unknown.Claim("d1", T0 + OutboxMessage.RepeatabilityWindow, TimeSpan.FromMinutes(2));
        Assert.Equal((2, T0 + OutboxMessage.RepeatabilityWindow), (late.IdempotencyGeneration, late.AttemptStartedUtc));
    }

    [Fact]
    public void Claim_LapsedClaim_ContinuesTheGenerationEvenAfterTheWindow()
    {
        var first = NewMessage().Claim("dead", T0, TimeSpan.FromMinutes(10));
        var taken = first.Claim("d2", T0.AddMinutes(10), TimeSpan.FromMinutes(2));
        Assert.Equal((1, T0), (taken.IdempotencyGeneration, taken.AttemptStartedUtc));
    }

    [Fact]
    public void RecordFailure_TransientBelowMax_GoesBackToPendingAtRetryTime()
    {
        var failed = NewMessage().Claim("d1", T0, TimeSpan.FromMinutes(2)).RecordFailure("acs-sms 429", T0, T0.AddMinutes(5), maxAttempts: 3);
        Assert.Equal((OutboxStatus.Pending, 1, T0.AddMinutes(5)), (failed.Status, failed.Attempts, failed.SendAfterUtc));
        Assert.Null(failed.ClaimedUntilUtc);
    }

    [Fact]
    public void RecordFailure_ReachingMaxOrPermanent_Fails()
    {
        var message = NewMessage();
        for (var i = 0; i < 2; i++) message = message.Claim("d", message.SendAfterUtc, TimeSpan.FromMinutes(1)).RecordFailure("x", T0, message.SendAfterUtc.AddMinutes(1), 3);
        var last = message.Claim("d", message.SendAfterUtc, TimeSpan.FromMinutes(1)).RecordFailure("x", T0, message.SendAfterUtc.AddMinutes(1), 3);
        Assert.Equal((OutboxStatus.Failed, 3), (last.Status, last.Attempts));

        var permanent = NewMessage().Claim("d", T0, TimeSpan.FromMinutes(1)).RecordFailure("acs-sms 400", T0, null, 5);
        Assert.Equal(OutboxStatus.Failed, permanent.Status);
    }

    [Fact]
    public void MarkSent_FromSending_IsFinalAndCountsAsHistory()
    {
        var sent = NewMessage().Claim("d1", T0, TimeSpan.FromMinutes(2)).MarkSent("provider-1", T0.AddSeconds(1));
        Assert.True(sent.IsFinal);
        Assert.Equal(new SentMessage(NotificationChannel.Sms, MessagePurpose.CardNeeded, T0.AddSeconds(1)), sent.AsHistory());
        Assert.Throws<InvalidOperationException>(() => sent.MarkSent("again", T0));
        Assert.Throws<InvalidOperationException>(() => sent.Defer(T0, ContactReason.QuietHours));
    }

    [Fact]
    public void Defer_FromSending_ReleasesClaimWithoutCountingAnAttempt()
    {
        var deferred = NewMessage().Claim("d1", T0, TimeSpan.FromMinutes(2)).Defer(T0.AddHours(10), ContactReason.QuietHours);
        Assert.Equal((OutboxStatus.Pending, 0, T0.AddHours(10), "QuietHours"), (deferred.Status, deferred.Attempts, deferred.SendAfterUtc, deferred.LastError));
        Assert.Null(deferred.AsHistory());
    }

    [Fact]
    public void Suppress_RecordsReason()
    {
        var suppressed = NewMessage().Suppress(ContactReason.ConsentWithdrawn, T0);
        Assert.Equal((OutboxStatus.Suppressed, "ConsentWithdrawn"), (suppressed.Status, suppressed.LastError));
    }

    [Fact]
    public void DeliveryAndRecipient_ToString_HideAddressAndText()
    {
        var delivery = new Delivery(NewMessage().Key, 1, NotificationChannel.Sms, "+15551234567", null, "secret body", T0);
        var recipient = new NotificationRecipient("+15551234567", "pat@example.org", "America/New_York", T0, ConsentLedger.Empty);
        Assert.DoesNotContain("+1555", delivery.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", delivery.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("+1555", recipient.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pat@", recipient.ToString(), StringComparison.Ordinal);
    }
}

public class ContactLogTests
{
    private static readonly RegistrationId Reg = RegistrationId.Parse("0f8fad5bd9cb469fa16570867728950e");
    private static readonly DateTimeOffset T0 = new(2026, 6, 10, 15, 0, 0, TimeSpan.Zero);

    private static MessageKey Key(int sequence) => MessageKey.Create(Reg, MessagePurpose.CardNeeded, sequence, NotificationChannel.Sms);

    [Fact]
    public void Record_SameKeyTwice_KeepsOneEntry()
    {
        var log = ContactLog.Empty(Reg, NotificationChannel.Sms).Record(Key(1), MessagePurpose.CardNeeded, T0);
        Assert.Same(log, log.Record(Key(1), MessagePurpose.CardNeeded, T0.AddHours(1)));
        Assert.Single(log.Entries);
    }

    [Fact]
    public void Record_DropsEntriesOlderThanRetention()
    {
        var log = ContactLog.Empty(Reg, NotificationChannel.Sms)
            .Record(Key(1), MessagePurpose.CardNeeded, T0)
            .Record(Key(2), MessagePurpose.CardNeeded, T0.AddDays(10))
            .Record(Key(3), MessagePurpose.CardNeeded, T0.AddDays(16));
        Assert.Equal([Key(2), Key(3)], log.Entries.Select(e => e.Key));
    }

    [Fact]
    public void AsHistoryAndId_ExcludeTheGivenKeyAndNameTheChannel()
    {
        var log = ContactLog.Empty(Reg, NotificationChannel.Email).Record(Key(1), MessagePurpose.CardNeeded, T0).Record(Key(2), MessagePurpose.ActionNeeded, T0);
        Assert.Equal([new SentMessage(NotificationChannel.Email, MessagePurpose.ActionNeeded, T0)], log.AsHistory(except: Key(1)));
        Assert.Equal("contact-0f8fad5bd9cb469fa16570867728950e-email", log.Id);
        Assert.False(MessageKey.TryParse(log.Id, out _));
    }
}
