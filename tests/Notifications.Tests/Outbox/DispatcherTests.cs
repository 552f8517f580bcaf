using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Cosmos;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Notifications.Tests.Acs;

namespace PatientAccess.Notifications.Tests.Outbox;

/// <summary>The dispatcher over every outbox implementation: policy re-check, exactly-once claims, retries.</summary>
public abstract class DispatcherTests
{
    private const string Phone = "+15551234567";
    private const string Email = "rosalind.okonkwo@example.org";
    // 2026-06-10 11:00 EDT: daytime in New York.
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly ConsentLedger Consented = ConsentLedger.FromPreRegistration(sms: true, email: true, Now.AddDays(-10));

    protected abstract INotificationOutbox Outbox { get; }

    private readonly TestRecipients _recipients = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly FakeLogCollector _logs = new();

    private NotificationDispatcher Dispatcher(INotificationSender sender, INotificationOutbox? outbox = null, NotificationDispatcherOptions? options = null, string id = "d1") =>
        new(outbox ?? Outbox, sender, _recipients, new ContactPolicy(), Options.Create(options ?? new NotificationDispatcherOptions()), _clock,
            new FakeLogger<NotificationDispatcher>(_logs))
        { DispatcherId = id };

    private async Task<OutboxMessage> EnqueueAsync(RegistrationId? reg = null, int sequence = 1, ConsentLedger? consents = null, string zone = "America/New_York",
        DateTimeOffset? appointment = null, NotificationChannel channel = NotificationChannel.Sms, string? email = Email, DateTimeOffset? sendAfter = null)
    {
        var registration = reg ?? RegistrationId.New(Guid.NewGuid());
        _recipients.Set(registration, new NotificationRecipient(Phone, email, zone, appointment ?? Now.AddDays(10), consents ?? Consented));
        return await Outbox.EnqueueAsync(OutboxContractTests.Message(registration, sequence, Now.AddMinutes(-1), channel, sendAfterUtc: sendAfter ?? Now.AddMinutes(-1)), CancellationToken.None);
    }

    private async Task<OutboxMessage> ReadAsync(OutboxMessage m) => (await Outbox.FindAsync(m.RegistrationId, m.Key, CancellationToken.None))!;

    [Fact]
    public async Task DispatchDueAsync_ConsentedDaytime_SendsOnceAndMarksSent()
    {
        var message = await EnqueueAsync();
        var sender = new RecordingSender();

        var summary = await Dispatcher(sender).DispatchDueAsync(Now, CancellationToken.None);
        var again = await Dispatcher(sender).DispatchDueAsync(Now.AddMinutes(1), CancellationToken.None);

        var delivery = Assert.Single(sender.Deliveries);
        Assert.Equal((message.Key, 1, Phone, message.Body, Now), (delivery.Key, delivery.Generation, delivery.Address, delivery.Body, delivery.AttemptStartedUtc));
        var stored = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Sent, 1, "provider-" + delivery.IdempotencyId.ToString("N")), (stored.Status, stored.Attempts, stored.ProviderMessageId));
        Assert.Equal(1, summary.Sent);
        Assert.Equal(0, again.Due);
    }

    [Fact]
    public async Task DispatchDueAsync_TwoDispatchersRacingOverTheSameMessages_SendEachExactlyOnce()
    {
        var messages = new List<OutboxMessage>();
        for (var i = 0; i < 12; i++) messages.Add(await EnqueueAsync());
        var sender = new RecordingSender(async (_, _) => { await Task.Delay(3); return Guid.NewGuid().ToString("N"); });
        using var racing = new RacingOutbox(Outbox, dispatchers: 2);

        var summaries = await Task.WhenAll(
            Task.Run(() => Dispatcher(sender, racing, id: "a").DispatchDueAsync(Now, CancellationToken.None)),
            Task.Run(() => Dispatcher(sender, racing, id: "b").DispatchDueAsync(Now, CancellationToken.None)));

        Assert.All(summaries, s => Assert.Equal(12, s.Due)); // both saw every message
        Assert.Equal(12, sender.Deliveries.Count);
        Assert.Equal(12, sender.Deliveries.Select(d => d.Key).Distinct().Count());
        Assert.Equal(12, summaries.Sum(s => s.Sent));
        Assert.Equal(12, summaries.Sum(s => s.Skipped));
        foreach (var m in messages) Assert.Equal(OutboxStatus.Sent, (await ReadAsync(m)).Status);
    }

    [Fact]
    public async Task DispatchDueAsync_TwoDispatchersEachSendingADifferentMessageToOnePatient_OnlyOnePassesTheDailyCap()
    {
        var reg = RegistrationId.New(Guid.NewGuid());
        var first = await EnqueueAsync(reg, 1);
        var second = await EnqueueAsync(reg, 2);
        var sender = new RecordingSender();
        using var barrier = new Barrier(2);

        // Both decide "send now" from the same empty history before either claims; the contact log must settle it.
        await Task.WhenAll(
            Task.Run(() => Dispatcher(sender, new SplitOutbox(Outbox, m => m.Key == first.Key, barrier), id: "a").DispatchDueAsync(Now, CancellationToken.None)),
            Task.Run(() => Dispatcher(sender, new SplitOutbox(Outbox, m => m.Key == second.Key, barrier), id: "b").DispatchDueAsync(Now, CancellationToken.None)));

        Assert.Single(sender.Deliveries);
        var states = new[] { await ReadAsync(first), await ReadAsync(second) };
        Assert.Single(states, m => m.Status == OutboxStatus.Sent);
        var deferred = Assert.Single(states, m => m.Status == OutboxStatus.Pending);
        Assert.Equal((new DateTimeOffset(2026, 6, 11, 12, 0, 0, TimeSpan.Zero), "DailyCap"), (deferred.SendAfterUtc, deferred.LastError));
        var log = await Outbox.GetContactLogAsync(reg, NotificationChannel.Sms, CancellationToken.None);
        Assert.Equal([sender.Deliveries.Single().Key], log.Entries.Select(e => e.Key));
    }

    [Fact]
    public async Task DispatchDueAsync_SmsConsentWithdrawnByStopAfterEnqueue_SuppressesWithoutSending()
    {
        var stopped = InboundSmsHandler.Handle(Consented, "STOP", Now.AddMinutes(-1)).Consents;
        var message = await EnqueueAsync(consents: stopped);
        var sender = new RecordingSender();

        var summary = await Dispatcher(sender).DispatchDueAsync(Now, CancellationToken.None);

        Assert.Empty(sender.Deliveries);
        var stored = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Suppressed, "ConsentWithdrawn"), (stored.Status, stored.LastError));
        Assert.Equal(1, summary.Suppressed);
    }

    [Fact]
    public async Task DispatchDueAsync_QuietHours_WaitsUntilEightLocalThenSends()
    {
        var night = new DateTimeOffset(2026, 6, 11, 3, 0, 0, TimeSpan.Zero); // 23:00 EDT
        var message = await EnqueueAsync();
        var sender = new RecordingSender();

        await Dispatcher(sender).DispatchDueAsync(night, CancellationToken.None);
        var waiting = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Pending, new DateTimeOffset(2026, 6, 11, 12, 0, 0, TimeSpan.Zero), "QuietHours"),
            (waiting.Status, waiting.SendAfterUtc, waiting.LastError));
        Assert.Equal(0, (await Dispatcher(sender).DispatchDueAsync(night.AddHours(8.9), CancellationToken.None)).Due);
        Assert.Empty(sender.Deliveries);

        await Dispatcher(sender).DispatchDueAsync(waiting.SendAfterUtc, CancellationToken.None);
        Assert.Single(sender.Deliveries);
        Assert.Equal(OutboxStatus.Sent, (await ReadAsync(message)).Status);
    }

    [Fact]
    public async Task DispatchDueAsync_TwoMessagesSameDay_SecondWaitsForTomorrowMorning()
    {
        var reg = RegistrationId.New(Guid.NewGuid());
        var first = await EnqueueAsync(reg, 1);
        var second = await EnqueueAsync(reg, 2);
        var sender = new RecordingSender();

        await Dispatcher(sender).DispatchDueAsync(Now, CancellationToken.None);

        Assert.Single(sender.Deliveries);
        var statuses = new[] { await ReadAsync(first), await ReadAsync(second) };
        Assert.Single(statuses, m => m.Status == OutboxStatus.Sent);
        var deferred = Assert.Single(statuses, m => m.Status == OutboxStatus.Pending);
        Assert.Equal((new DateTimeOffset(2026, 6, 11, 12, 0, 0, TimeSpan.Zero), "DailyCap"), (deferred.SendAfterUtc, deferred.LastError));
    }

    [Fact]
    public async Task DispatchDueAsync_AppointmentPassed_DropsTheMessage()
    {
        var message = await EnqueueAsync(appointment: Now.AddHours(-1));
        await Dispatcher(new RecordingSender()).DispatchDueAsync(Now, CancellationToken.None);
        Assert.Equal((OutboxStatus.Suppressed, "AppointmentPassed"), ((await ReadAsync(message)).Status, (await ReadAsync(message)).LastError));
    }

    [Fact]
    public async Task DispatchDueAsync_NoEmailAddress_Suppresses()
    {
        var message = await EnqueueAsync(channel: NotificationChannel.Email, email: null);
        var sender = new RecordingSender();
        await Dispatcher(sender).DispatchDueAsync(Now, CancellationToken.None);
        Assert.Empty(sender.Deliveries);
        Assert.Equal("NoAddress", (await ReadAsync(message)).LastError);
    }

    [Fact]
    public async Task DispatchDueAsync_TransientFailures_BackOffHonouringRetryAfterThenFail()
    {
        var message = await EnqueueAsync();
        var sender = new RecordingSender((_, call) => call == 1
            ? throw new TransientDependencyException("ACS SMS", "HTTP 429", TimeSpan.FromMinutes(7))
            : throw new TransientDependencyException("ACS SMS", "HTTP 503"));
        var options = new NotificationDispatcherOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromMinutes(1) };

        await Dispatcher(sender, options: options).DispatchDueAsync(Now, CancellationToken.None);
        var afterFirst = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Pending, 1, Now.AddMinutes(7)), (afterFirst.Status, afterFirst.Attempts, afterFirst.SendAfterUtc)); // Retry-After beats 1 min

        await Dispatcher(sender, options: options).DispatchDueAsync(afterFirst.SendAfterUtc, CancellationToken.None);
        var afterSecond = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Pending, 2, afterFirst.SendAfterUtc.AddMinutes(2)), (afterSecond.Status, afterSecond.Attempts, afterSecond.SendAfterUtc));

        await Dispatcher(sender, options: options).DispatchDueAsync(afterSecond.SendAfterUtc, CancellationToken.None);
        var afterThird = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Failed, 3), (afterThird.Status, afterThird.Attempts));
        Assert.Equal([1, 2, 3], sender.Deliveries.Select(d => d.Generation));
        Assert.Equal(3, sender.Deliveries.Select(d => d.IdempotencyId).Distinct().Count());
    }

    [Fact]
    public async Task DispatchDueAsync_TimeoutThenRetry_ReusesTheIdempotencyIdSoAcsCanDropTheDuplicate()
    {
        var message = await EnqueueAsync();
        var sender = new RecordingSender((_, call) => call == 1
            ? throw new DeliveryOutcomeUnknownException("ACS SMS", "request timed out")
            : Task.FromResult("ok"));

        await Dispatcher(sender).DispatchDueAsync(Now, CancellationToken.None);
        var afterTimeout = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Pending, "ACS SMS: outcome unknown"), (afterTimeout.Status, afterTimeout.LastError));
        await Dispatcher(sender).DispatchDueAsync(afterTimeout.SendAfterUtc, CancellationToken.None);

        var deliveries = sender.Deliveries.ToArray();
        Assert.Equal(2, deliveries.Length);
        Assert.Equal(deliveries[0].IdempotencyId, deliveries[1].IdempotencyId);
        Assert.Equal(deliveries[0].AttemptStartedUtc, deliveries[1].AttemptStartedUtc);
        Assert.Equal((OutboxStatus.Sent, 2), ((await ReadAsync(message)).Status, (await ReadAsync(message)).Attempts));
    }

    [Fact]
    public async Task DispatchDueAsync_PermanentFailure_FailsAtOnce()
    {
        var message = await EnqueueAsync();
        var sender = new RecordingSender((_, _) => throw new PermanentDependencyException("ACS SMS", "recipient status 400"));
        var summary = await Dispatcher(sender).DispatchDueAsync(Now, CancellationToken.None);
        Assert.Equal((OutboxStatus.Failed, "ACS SMS: refused"), ((await ReadAsync(message)).Status, (await ReadAsync(message)).LastError));
        Assert.Equal(1, summary.Failed);
    }

    [Fact]
    public async Task DispatchDueAsync_DispatcherDiedAfterClaim_NextOneContinuesTheSameAttempt()
    {
        var message = await EnqueueAsync();
        var dying = new RecordingSender((_, _) => throw new OperationCanceledException("host stopped"));
        var lease = TimeSpan.FromMinutes(2);
        await Assert.ThrowsAsync<OperationCanceledException>(() => Dispatcher(dying, options: new() { ClaimLease = lease }).DispatchDueAsync(Now, CancellationToken.None));
        Assert.Equal(OutboxStatus.Sending, (await ReadAsync(message)).Status);

        var sender = new RecordingSender();
        Assert.Equal(0, (await Dispatcher(sender, id: "d2").DispatchDueAsync(Now.AddMinutes(1), CancellationToken.None)).Due); // claim still held
        await Dispatcher(sender, id: "d2").DispatchDueAsync(Now.Add(lease), CancellationToken.None);

        var repeated = Assert.Single(sender.Deliveries);
        var lost = Assert.Single(dying.Deliveries);
        Assert.Equal((lost.Generation, lost.AttemptStartedUtc, lost.IdempotencyId), (repeated.Generation, repeated.AttemptStartedUtc, repeated.IdempotencyId));
        Assert.Equal(OutboxStatus.Sent, (await ReadAsync(message)).Status);
    }

    [Fact]
    public async Task DispatchDueAsync_Logs_CarryNoAddressOrText()
    {
        var sms = await EnqueueAsync();
        var email = await EnqueueAsync(channel: NotificationChannel.Email);
        await EnqueueAsync(consents: ConsentLedger.Empty);
        var failing = await EnqueueAsync(sequence: 2);
        var sender = new RecordingSender((d, _) => d.Key == failing.Key
            ? throw new TransientDependencyException("ACS SMS", "HTTP 503")
            : Task.FromResult("ok"));

        await Dispatcher(sender).DispatchDueAsync(Now, CancellationToken.None);

        var logged = string.Join("\n", _logs.GetSnapshot().Select(r => r.Message + " " + string.Join(",", r.StructuredState?.Select(kv => kv.Value) ?? [])));
        Assert.Contains(sms.Key.Value, logged, StringComparison.Ordinal);
        Assert.Contains(email.Key.Value, logged, StringComparison.Ordinal);
        foreach (var phi in new[] { Phone, "5551234567", Email, "okonkwo", "insurance card", "pa.example.org" })
            Assert.DoesNotContain(phi, logged, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DispatchDueAsync_ThroughAcs_CrashAfterAcceptanceIsNotSentTwice()
    {
        var realNow = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var key = FakeAcsServer.NewKey();
        await using var server = await FakeAcsServer.StartAsync(key);
        await using var sp = AcsTests.Services(server.Endpoint, key, before: s => s.AddSingleton(Outbox));
        var acsSender = sp.GetRequiredService<INotificationSender>();
        var registration = RegistrationId.New(Guid.NewGuid());
        var message = await Outbox.EnqueueAsync(OutboxContractTests.Message(registration, 1, realNow.AddMinutes(-1), sendAfterUtc: realNow.AddMinutes(-1)), CancellationToken.None);
        _recipients.Set(registration, new NotificationRecipient(Phone, Email, NoonZone(realNow), realNow.AddDays(3), Consented));
        var lease = TimeSpan.FromSeconds(10);

        // The first host hands the SMS to ACS and dies before recording it.
        var crashing = new RecordingSender(async (d, _) => { await acsSender.SendAsync(d, CancellationToken.None); throw new OperationCanceledException("host killed"); });
        await Assert.ThrowsAsync<OperationCanceledException>(() => Dispatcher(crashing, options: new() { ClaimLease = lease }).DispatchDueAsync(realNow, CancellationToken.None));
        Assert.Single(server.SmsSent);

        // The next host takes over the lapsed claim and repeats the same attempt: ACS drops the repeat.
        await Dispatcher(acsSender, options: new() { ClaimLease = lease }, id: "d2").DispatchDueAsync(realNow.Add(lease), CancellationToken.None);

        var sent = Assert.Single(server.SmsSent);
        var stored = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Sent, sent.MessageId), (stored.Status, stored.ProviderMessageId));
    }

    [Fact]
    public async Task DispatchDueAsync_LocalOutboxChannel_MarksDeliveredToTheOutbox()
    {
        var message = await EnqueueAsync();
        var sender = new OutboxOnlySender(new FakeLogger<OutboxOnlySender>(_logs));
        await Dispatcher(sender).DispatchDueAsync(Now, CancellationToken.None);
        var stored = await ReadAsync(message);
        Assert.Equal((OutboxStatus.Sent, "local-outbox:" + message.Key.Value), (stored.Status, stored.ProviderMessageId));
        Assert.Contains(await Outbox.ListRecentAsync(50, CancellationToken.None), m => m.Key == message.Key && m.Status == OutboxStatus.Sent);
    }

    [Fact]
    public void RetryDelay_DoublesUpToTheCapAndRespectsRetryAfter()
    {
        var options = new NotificationDispatcherOptions { FirstRetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromMinutes(10) };
        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(a => NotificationDispatcher.RetryDelay(a, null, options).TotalMinutes));
        Assert.Equal(TimeSpan.FromMinutes(30), NotificationDispatcher.RetryDelay(1, TimeSpan.FromMinutes(30), options));
    }

    /// <summary>An Etc/GMT zone where it is about noon at <paramref name="instant"/>, so quiet hours cannot interfere.</summary>
    private static string NoonZone(DateTimeOffset instant)
    {
        var offset = 12 - instant.UtcDateTime.Hour; // -11..12
        return offset == 0 ? "Etc/UTC" : $"Etc/GMT{(offset > 0 ? "-" : "+")}{Math.Abs(offset)}";
    }
}

public sealed class InMemoryDispatcherTests : DispatcherTests
{
    protected override INotificationOutbox Outbox { get; } = new InMemoryNotificationOutbox();
}

public sealed class CosmosDispatcherTests : DispatcherTests, IAsyncLifetime
{
    private CosmosDatabaseProvider _provider = null!;
    private INotificationOutbox _outbox = null!;

    protected override INotificationOutbox Outbox => _outbox;

    public async Task InitializeAsync()
    {
        _provider = await LocalCosmos.CreateAsync();
        _outbox = new CosmosNotificationOutbox(_provider);
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();
}
