using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// The follow-up reminder sweep over the Cosmos emulator: registrations waiting for the patient get their reminders
/// through the real outbox and dispatcher (the local outbox-only sender), on a fake clock. Give-ups go to a real
/// in-process Durable client (the end-to-end give-up with a running clearance is in <see cref="ReminderGiveUpTests"/>).
/// </summary>
public sealed class ReminderSweepTests : IAsyncDisposable, IClassFixture<DurableClientFixture>
{
    private const string TimeZone = "America/Chicago";
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
    private static readonly Uri Portal = new("https://portal.example.org/");

    private readonly string _database = TestServers.NewDatabaseName("rem");
    private readonly FakeTimeProvider _clock;
    private readonly List<ServiceProvider> _hosts = [];

    private readonly DurableTaskClient _client;

    public ReminderSweepTests(DurableClientFixture durable)
    {
        ArgumentNullException.ThrowIfNull(durable);
        _client = durable.Client;
        // 14:00 in Chicago today: outside quiet hours, the sample appointment 10 days ahead.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        _clock = new FakeTimeProvider(LocalToUtc(today, new TimeOnly(14, 0)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_CardAwaitedAndFirstReminderDue_SendsOneCardNeededSms()
    {
        var sweep = Host();
        var id = await AwaitingCardAsync(sweep);

        var early = await sweep.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None);
        Assert.Equal(0, early.Considered);
        Assert.Empty(await MessagesAsync(sweep, id));

        _clock.Advance(TimeSpan.FromHours(1));
        var due = await sweep.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None);

        Assert.Equal(1, due.Enqueued);
        var message = Assert.Single(await MessagesAsync(sweep, id));
        Assert.Equal(MessageKey.Create(id, MessagePurpose.CardNeeded, 0, NotificationChannel.Sms), message.Key);
        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(_clock.GetUtcNow(), message.CompletedUtc);
        Assert.StartsWith("Springfield Clinic: ", message.Body, StringComparison.Ordinal);
        Assert.Contains("https://portal.example.org/c/", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(id.Value, message.Body, StringComparison.Ordinal);
        Assert.Null(PhiText.FirstIn(message.Body, Samples.PhiValues));
    }

    [Fact]
    public async Task RunAsync_SecondSweepAtTheSameTime_AddsNothing()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var id = await AwaitingCardAsync(host);
        var sweep = host.GetRequiredService<ReminderSweep>();

        await sweep.RunAsync(_client, CancellationToken.None);
        var again = await sweep.RunAsync(_client, CancellationToken.None);

        Assert.Equal(0, again.Enqueued);
        Assert.Equal(0, again.Considered); // the next one is due RepeatAfter after the first, so the query skips it
        var stored = (await host.GetRequiredService<IRegistrationStore>().GetAsync(id, CancellationToken.None)).Value;
        Assert.Equal(_clock.GetUtcNow().AddDays(1), stored.FollowUp!.NextReminderAt);
        Assert.Equal(1, stored.FollowUp.RemindersSent);
        var message = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(1, message.Attempts);
    }

    [Fact]
    public async Task RunAsync_NextDayAfterTheFirst_SendsSequenceOne()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var id = await AwaitingCardAsync(host);
        var sweep = host.GetRequiredService<ReminderSweep>();
        await sweep.RunAsync(_client, CancellationToken.None);

        _clock.Advance(TimeSpan.FromDays(1));
        await sweep.RunAsync(_client, CancellationToken.None);

        var messages = await MessagesAsync(host, id);
        Assert.Equal([0, 1], messages.Select(m => m.Sequence).Order());
        Assert.All(messages, m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    /// <summary>
    /// Two hosts (each with its own dispatcher) sweep the same registration at the same instant: both compute the
    /// same message key, the outbox keeps the first write, and only one dispatcher wins the ETag claim.
    /// </summary>
    [Fact]
    public async Task RunAsync_TwoConcurrentSweeps_OneMessageSentOnce()
    {
        var first = Host(firstReminderAfter: TimeSpan.Zero);
        var second = Host(firstReminderAfter: TimeSpan.Zero);
        var id = await AwaitingCardAsync(first);

        var results = await Task.WhenAll(
            Task.Run(() => first.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None)),
            Task.Run(() => second.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None)));

        Assert.Equal(1, results.Sum(r => r.Enqueued));
        var message = Assert.Single(await MessagesAsync(first, id));
        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(1, message.Attempts);
        var log = await first.GetRequiredService<INotificationOutbox>().GetContactLogAsync(id, NotificationChannel.Sms, CancellationToken.None);
        Assert.Single(log.Entries);
    }

    [Fact]
    public async Task RunAsync_QuietHours_WaitsUntilEightInThePatientsZone()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        _clock.SetUtcNow(LocalToUtc(tomorrow, new TimeOnly(22, 30)));
        var id = await AwaitingCardAsync(host);
        var sweep = host.GetRequiredService<ReminderSweep>();

        await sweep.RunAsync(_client, CancellationToken.None);

        var waiting = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        var eight = LocalToUtc(tomorrow.AddDays(1), new TimeOnly(8, 0));
        Assert.Equal(eight, waiting.SendAfterUtc);

        _clock.SetUtcNow(eight);
        await sweep.RunAsync(_client, CancellationToken.None);

        var sent = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(eight, sent.CompletedUtc);
    }

    [Fact]
    public async Task RunAsync_SmsWithdrawnByStopAndNoEmailConsent_WritesNothing()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var id = await AwaitingCardAsync(host, email: false);
        await StopAsync(host, id);

        var result = await host.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None);

        Assert.Equal(1, result.NotAllowed);
        Assert.Empty(await MessagesAsync(host, id));
    }

    [Fact]
    public async Task RunAsync_SmsWithdrawnByStop_FallsBackToEmailWithConsent()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var id = await AwaitingCardAsync(host);
        await StopAsync(host, id);

        await host.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None);

        var message = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(NotificationChannel.Email, message.Channel);
        Assert.Equal(OutboxStatus.Sent, message.Status);
    }

    /// <summary>A reminder held by quiet hours and a STOP during the night: the dispatcher sees the ledger at send time.</summary>
    [Fact]
    public async Task RunAsync_StopWhileHeldByQuietHours_SuppressesTheHeldReminder()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        _clock.SetUtcNow(LocalToUtc(tomorrow, new TimeOnly(23, 0)));
        var id = await AwaitingCardAsync(host, email: false);
        var sweep = host.GetRequiredService<ReminderSweep>();
        await sweep.RunAsync(_client, CancellationToken.None);
        Assert.Equal(OutboxStatus.Pending, Assert.Single(await MessagesAsync(host, id)).Status);

        _clock.Advance(TimeSpan.FromHours(1));
        await StopAsync(host, id);
        _clock.SetUtcNow(LocalToUtc(tomorrow.AddDays(1), new TimeOnly(8, 0)));
        await sweep.RunAsync(_client, CancellationToken.None);

        var message = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(OutboxStatus.Suppressed, message.Status);
        Assert.Equal(nameof(ContactReason.ConsentWithdrawn), message.LastError);
    }

    /// <summary>A reminder held by quiet hours, and the card arrives during the night: the held reminder is not sent.</summary>
    [Fact]
    public async Task RunAsync_CardArrivesWhileTheReminderIsHeld_HeldReminderNotSent()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        _clock.SetUtcNow(LocalToUtc(tomorrow, new TimeOnly(22, 30)));
        var id = await AwaitingCardAsync(host);
        var sweep = host.GetRequiredService<ReminderSweep>();
        await sweep.RunAsync(_client, CancellationToken.None);
        Assert.Equal(OutboxStatus.Pending, Assert.Single(await MessagesAsync(host, id)).Status);

        await CardReceivedAsync(host, id);
        _clock.SetUtcNow(LocalToUtc(tomorrow.AddDays(1), new TimeOnly(8, 0)));
        await sweep.RunAsync(_client, CancellationToken.None);

        var message = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(OutboxStatus.Suppressed, message.Status);
        Assert.Equal(nameof(ContactReason.NoLongerNeeded), message.LastError);
    }

    /// <summary>
    /// The kill test's uncounted reminder: the card arrives (the clearance stops the reminders) after the sweep read the
    /// registration and wrote the message but before it counted it. The count goes on the clearance's version.
    /// </summary>
    [Fact]
    public async Task RunAsync_CardArrivesBetweenTheWriteAndTheCount_ReminderCountedOnce()
    {
        RegistrationId? id = null;
        var host = Host(firstReminderAfter: TimeSpan.Zero, afterEnqueue: provider => CardReceivedAsync(provider, id!.Value));
        id = await AwaitingCardAsync(host);

        var result = await host.GetRequiredService<ReminderSweep>().EnqueueDueAsync(_client, CancellationToken.None);

        Assert.Equal(1, result.Enqueued);
        var stored = (await host.GetRequiredService<IRegistrationStore>().GetAsync(id.Value, CancellationToken.None)).Value;
        Assert.Equal(ClearanceStage.CardReceived, stored.Stage);
        Assert.Null(stored.FollowUp);
        Assert.Equal(1, stored.RemindersSent);
        Assert.Single(await MessagesAsync(host, id.Value));
    }

    [Fact]
    public async Task RunAsync_RegistrationPastTheCardStep_GetsNoReminder()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var id = await AwaitingCardAsync(host);
        await CardReceivedAsync(host, id);

        var result = await host.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None);

        Assert.Equal(0, result.Enqueued);
        Assert.Empty(await MessagesAsync(host, id));
    }

    [Theory]
    [InlineData(PatientTask.UploadCard, 10, MessagePurpose.CardNeeded)]
    [InlineData(PatientTask.RetakeCard, 10, MessagePurpose.CardUnreadable)]
    [InlineData(PatientTask.ConfirmInsurance, 10, MessagePurpose.ActionNeeded)]
    [InlineData(PatientTask.UploadCard, 1, MessagePurpose.AppointmentReminder)]
    [InlineData(PatientTask.RetakeCard, 1, MessagePurpose.AppointmentReminder)]
    public async Task RunAsync_EachPatientTask_UsesItsTextAndTheAppointmentTextWithin48Hours(PatientTask task, int daysToVisit, MessagePurpose expected)
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var id = await AwaitingCardAsync(host, task: task, appointmentDays: daysToVisit);

        var result = await host.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None);

        Assert.Equal(1, result.Enqueued);
        var message = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(expected, message.Purpose);
        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Null(PhiText.FirstIn(message.Body, Samples.PhiValues));
    }

    /// <summary>Every reminder went out: the next due sweep tells the clearance once and the reminders stop.</summary>
    [Fact]
    public async Task RunAsync_AfterTheLastReminder_GivesUpOnceAndStops()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero, giveUpAfter: 2);
        var id = await AwaitingCardAsync(host);
        var sweep = host.GetRequiredService<ReminderSweep>();
        await sweep.RunAsync(_client, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        await sweep.RunAsync(_client, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));

        var third = await sweep.RunAsync(_client, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        var fourth = await sweep.RunAsync(_client, CancellationToken.None);

        Assert.Equal((1, 0), (third.GaveUp, third.Enqueued));
        Assert.Equal(0, fourth.Considered);
        Assert.Equal(2, (await MessagesAsync(host, id)).Count);
        var followUp = (await host.GetRequiredService<IRegistrationStore>().GetAsync(id, CancellationToken.None)).Value.FollowUp!;
        Assert.Equal((2, (DateTimeOffset?)null), (followUp.RemindersSent, followUp.NextReminderAt));
        Assert.NotNull(followUp.GaveUpAt);
    }

    [Fact]
    public async Task RunAsync_NoConsent_LooksAgainAfterTheRepeatPauseInsteadOfEverySweep()
    {
        var host = Host(firstReminderAfter: TimeSpan.Zero);
        var id = await AwaitingCardAsync(host, email: false);
        await StopAsync(host, id);
        var sweep = host.GetRequiredService<ReminderSweep>();

        Assert.Equal(1, (await sweep.RunAsync(_client, CancellationToken.None)).NotAllowed);
        Assert.Equal(0, (await sweep.RunAsync(_client, CancellationToken.None)).Considered);

        var followUp = (await host.GetRequiredService<IRegistrationStore>().GetAsync(id, CancellationToken.None)).Value.FollowUp!;
        Assert.Equal(0, followUp.RemindersSent);
        Assert.Equal(_clock.GetUtcNow().AddDays(1), followUp.NextReminderAt);
    }

    /// <param name="afterEnqueue">Runs right after each outbox write (another writer between the sweep's two writes).</param>
    private ServiceProvider Host(TimeSpan? firstReminderAfter = null, int giveUpAfter = 3, Func<IServiceProvider, Task>? afterEnqueue = null)
    {
        var services = new ServiceCollection().AddLogging().AddEmulatorStores(_database);
        services.AddNotificationChannel(new ConfigurationBuilder().Build());
        if (afterEnqueue is not null)
        {
            var outbox = services.Last(d => d.ServiceType == typeof(INotificationOutbox));
            services.Add(ServiceDescriptor.Singleton<INotificationOutbox>(provider =>
                new MeanwhileOutbox((INotificationOutbox)(outbox.ImplementationFactory?.Invoke(provider) ?? outbox.ImplementationInstance
                    ?? ActivatorUtilities.CreateInstance(provider, outbox.ImplementationType!)), () => afterEnqueue(provider))));
        }
        services.AddReminders();
        services.AddSingleton<TimeProvider>(_clock);
        services.Configure<ReminderOptions>(o =>
        {
            o.FirstReminderAfter = firstReminderAfter ?? TimeSpan.FromHours(1);
            o.RetakeReminderAfter = firstReminderAfter ?? TimeSpan.FromMinutes(5);
            o.GiveUpAfter = giveUpAfter;
            o.FacilityName = "Springfield Clinic";
        });
        services.Configure<PortalOptions>(o => o.BaseUrl = Portal);
        var provider = services.BuildServiceProvider();
        _hosts.Add(provider);
        return provider;
    }

    /// <summary>A registration as the clearance leaves it when it starts waiting for the patient (see RecordProgressActivity).</summary>
    private async Task<RegistrationId> AwaitingCardAsync(IServiceProvider host, bool email = true, PatientTask task = PatientTask.UploadCard, int appointmentDays = 10)
    {
        var form = Samples.Form() with { Consents = new ConsentForm(true, email, "2026-10") };
        form = form with
        {
            Appointment = form.Appointment! with
            {
                ScheduledAt = _clock.GetUtcNow().AddDays(appointmentDays).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var now = _clock.GetUtcNow();
        var registration = form.Validate(RegistrationId.New(Guid.NewGuid()), now);
        var cadence = host.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReminderOptions>>().Value.Cadence;
        registration.Advance(ClearanceStage.AwaitingCard, "await-card-1", "waiting", "InsuranceCard", now);
        registration.ExpectFromPatient(task, "await-card-1", cadence.FirstReminder(task, now, registration.Appointment.ScheduledAt), now);
        Assert.True(await host.GetRequiredService<IRegistrationStore>().TryCreateAsync(registration, CancellationToken.None));
        return registration.Id;
    }

    /// <summary>What the clearance writes when the card photo arrives: the stage moves on and the reminders stop.</summary>
    private async Task CardReceivedAsync(IServiceProvider host, RegistrationId id)
    {
        var store = host.GetRequiredService<IRegistrationStore>();
        var current = await store.GetAsync(id, CancellationToken.None);
        current.Value.Advance(ClearanceStage.CardReceived, "card-received-1", "front image recorded", null, _clock.GetUtcNow());
        current.Value.StopFollowUp(_clock.GetUtcNow());
        await store.ReplaceAsync(current.Value, current.ETag, CancellationToken.None);
    }

    /// <summary>What the inbound-SMS endpoint does with a STOP: the ledger in force, the keyword applied, stored.</summary>
    private async Task StopAsync(IServiceProvider host, RegistrationId id)
    {
        var registration = (await host.GetRequiredService<IRegistrationStore>().GetAsync(id, CancellationToken.None)).Value;
        var ledger = await host.GetRequiredService<RegistrationRecipientDirectory>().LedgerAsync(registration, CancellationToken.None);
        var outcome = InboundSmsHandler.Handle(ledger, "Stop", _clock.GetUtcNow());
        Assert.True(outcome.ConsentChanged);
        await host.GetRequiredService<IConsentLedgerStore>().SaveAsync(id, outcome.Consents, null, CancellationToken.None);
    }

    private static Task<IReadOnlyList<OutboxMessage>> MessagesAsync(IServiceProvider host, RegistrationId id) =>
        host.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None);

    private static DateTimeOffset LocalToUtc(DateOnly date, TimeOnly time) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time), Chicago), TimeSpan.Zero);
}

/// <summary>An outbox that lets something else happen right after each write.</summary>
internal sealed class MeanwhileOutbox(INotificationOutbox inner, Func<Task> meanwhile) : INotificationOutbox
{
    public async Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var stored = await inner.EnqueueAsync(message, cancellationToken);
        await meanwhile();
        return stored;
    }

    public Task<OutboxMessage?> FindAsync(RegistrationId registrationId, MessageKey key, CancellationToken cancellationToken) => inner.FindAsync(registrationId, key, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset nowUtc, int maxCount, CancellationToken cancellationToken) => inner.ListDueAsync(nowUtc, maxCount, cancellationToken);

    public Task<OutboxMessage> ReplaceAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.ReplaceAsync(message, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListForRegistrationAsync(RegistrationId registrationId, CancellationToken cancellationToken) => inner.ListForRegistrationAsync(registrationId, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListRecentAsync(int maxCount, CancellationToken cancellationToken) => inner.ListRecentAsync(maxCount, cancellationToken);

    public Task<ContactLog> GetContactLogAsync(RegistrationId registrationId, NotificationChannel channel, CancellationToken cancellationToken) => inner.GetContactLogAsync(registrationId, channel, cancellationToken);

    public Task<ContactLog> SaveContactLogAsync(ContactLog log, CancellationToken cancellationToken) => inner.SaveContactLogAsync(log, cancellationToken);
}

/// <summary>The stores the sweep relies on, against the Cosmos emulator.</summary>
public sealed class ReminderStoreTests : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ReminderStoreTests()
    {
        var services = new ServiceCollection().AddLogging().AddEmulatorStores(TestServers.NewDatabaseName("rst"));
        services.AddNotificationChannel(new ConfigurationBuilder().Build());
        _services = services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task ListRemindersDueAsync_MixedFollowUps_ReturnsOnlyTheDueOnes()
    {
        var store = _services.GetRequiredService<IRegistrationStore>();
        var now = DateTimeOffset.UtcNow;
        var due = Waiting(now, now.AddSeconds(-1));
        var dueNow = Waiting(now, now);
        var later = Waiting(now, now.AddSeconds(1));
        var none = Waiting(now, null);
        var notWaiting = Samples.Form().Validate(RegistrationId.New(Guid.NewGuid()), now);
        foreach (var r in new[] { due, dueNow, later, none, notWaiting }) Assert.True(await store.TryCreateAsync(r, CancellationToken.None));

        var ids = await store.ListRemindersDueAsync(now, 100, CancellationToken.None);

        Assert.Contains(due.Id, ids);
        Assert.Contains(dueNow.Id, ids);
        Assert.DoesNotContain(later.Id, ids);
        Assert.DoesNotContain(none.Id, ids);
        Assert.DoesNotContain(notWaiting.Id, ids);
        Assert.Single(await store.ListRemindersDueAsync(now, 1, CancellationToken.None));
    }

    [Fact]
    public async Task ListEligibilityRechecksDueAsync_VerifiedEarlyAndVisitIn3Days_OnlyThose()
    {
        var store = _services.GetRequiredService<IRegistrationStore>();
        var now = DateTimeOffset.UtcNow;
        var due = Verified(now, visitIn: TimeSpan.FromDays(2), checkedBefore: TimeSpan.FromDays(10));
        var notYet = Verified(now, visitIn: TimeSpan.FromDays(5), checkedBefore: TimeSpan.FromDays(10));
        var fresh = Verified(now, visitIn: TimeSpan.FromDays(2), checkedBefore: TimeSpan.FromHours(1));
        var past = Verified(now, visitIn: TimeSpan.FromHours(-1), checkedBefore: TimeSpan.FromDays(10));
        foreach (var r in new[] { due, notYet, fresh, past }) Assert.True(await store.TryCreateAsync(r, CancellationToken.None));

        var ids = await store.ListEligibilityRechecksDueAsync(now, 100, CancellationToken.None);

        Assert.Contains(due.Id, ids);
        Assert.DoesNotContain(notYet.Id, ids);
        Assert.DoesNotContain(fresh.Id, ids);
        Assert.DoesNotContain(past.Id, ids);
    }

    private static Registration Waiting(DateTimeOffset now, DateTimeOffset? nextReminderAt)
    {
        var registration = Samples.Form().Validate(RegistrationId.New(Guid.NewGuid()), now);
        registration.Advance(ClearanceStage.AwaitingCard, "await-card-1", "waiting", "InsuranceCard", now);
        registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-1", nextReminderAt, now);
        return registration;
    }

    private static Registration Verified(DateTimeOffset now, TimeSpan visitIn, TimeSpan checkedBefore)
    {
        var form = Samples.Form();
        form = form with
        {
            Appointment = form.Appointment! with
            {
                ScheduledAt = now.Add(visitIn).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var registration = form.Validate(RegistrationId.New(Guid.NewGuid()), now - checkedBefore);
        registration.RecordEligibility(Samples.ActiveSnapshot(now - checkedBefore), now - checkedBefore);
        registration.Advance(ClearanceStage.EligibilityVerified, "eligibility-1", "1", null, now - checkedBefore);
        return registration;
    }

    [Fact]
    public async Task ConsentLedgerStore_CreateTwiceOrStaleETag_Conflicts()
    {
        var consents = _services.GetRequiredService<IConsentLedgerStore>();
        var id = RegistrationId.New(Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        var given = ConsentLedger.FromPreRegistration(sms: true, email: false, now);
        Assert.Null(await consents.FindAsync(id, CancellationToken.None));

        var etag = await consents.SaveAsync(id, given, null, CancellationToken.None);
        await Assert.ThrowsAsync<Domain.Common.ConcurrencyConflictException>(() => consents.SaveAsync(id, given, null, CancellationToken.None));
        var withdrawn = given.Withdraw(NotificationChannel.Sms, now.AddMinutes(1), ConsentSource.SmsKeyword);
        await consents.SaveAsync(id, withdrawn, etag, CancellationToken.None);
        await Assert.ThrowsAsync<Domain.Common.ConcurrencyConflictException>(() => consents.SaveAsync(id, given, etag, CancellationToken.None));

        var stored = await consents.FindAsync(id, CancellationToken.None);
        Assert.Equal(ConsentState.Withdrawn, stored!.Value.StateOf(NotificationChannel.Sms));
        Assert.Empty(await _services.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None));
    }

    [Theory]
    [InlineData("Springfield Clinic", true)]
    [InlineData("Patient Access", true)] // the default
    [InlineData("Springfield Oncology Center", false)]
    [InlineData("A facility name far longer than thirty-two characters", false)]
    public void AddReminders_FacilityName_IsCheckedAtStart(string facility, bool valid)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Reminders:FacilityName"] = facility }).Build());
        services.AddReminders();
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReminderOptions>>().Value;

        if (valid) Assert.Equal(facility, read().FacilityName);
        else Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(read);
    }
}
