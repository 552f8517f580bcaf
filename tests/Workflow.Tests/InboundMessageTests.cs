using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// Inbound SMS (STOP, HELP, START) from ACS Event Grid bodies, over the Cosmos emulator with the real outbox,
/// consent ledger store, dispatcher (local outbox-only sender) and reminder sweep, on a fake clock.
/// </summary>
public sealed class InboundMessageTests : IAsyncDisposable, IClassFixture<DurableClientFixture>
{
    private const string HelpPhone = "+1 312 555 0100";
    private const string OtherPhone = "+13125550142";
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private readonly string _database = TestServers.NewDatabaseName("inb");
    private readonly FakeTimeProvider _clock;
    private readonly FakeLogCollector _logs = new();
    private readonly List<ServiceProvider> _hosts = [];

    private readonly Microsoft.DurableTask.Client.DurableTaskClient _client;

    public InboundMessageTests(DurableClientFixture durable)
    {
        ArgumentNullException.ThrowIfNull(durable);
        _client = durable.Client;
        // 14:00 in Chicago today: outside quiet hours, the sample appointment ahead.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        _clock = new FakeTimeProvider(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(new TimeOnly(14, 0)), Chicago), TimeSpan.Zero));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
    }

    [Fact]
    public async Task ListByPhoneAsync_MixedNumbers_ReturnsOnlyRegistrationsOfThatNumber()
    {
        var host = Host();
        var first = await RegisterAsync(host);
        var second = await RegisterAsync(host);
        var other = await RegisterAsync(host, phone: OtherPhone);
        var store = host.GetRequiredService<IRegistrationStore>();
        PhoneNumber.TryCreate(Samples.Phone, out var phone);
        PhoneNumber.TryCreate("+13125550000", out var nobody);

        var ids = await store.ListByPhoneAsync(phone!, 10, CancellationToken.None);

        Assert.Equal(new[] { first, second }.Select(i => i.Value).Order(), ids.Select(i => i.Value).Order());
        Assert.Equal([other], await store.ListByPhoneAsync(PhoneOf(OtherPhone), 10, CancellationToken.None));
        Assert.Empty(await store.ListByPhoneAsync(nobody!, 10, CancellationToken.None));
        Assert.Single(await store.ListByPhoneAsync(phone!, 1, CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_SubscriptionValidation_AnswersTheCode()
    {
        var host = Host();

        var receipt = await Operations(host).ReceiveAsync(
            """[{"id":"1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"}}]""",
            CancellationToken.None);

        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", receipt.ValidationResponse);
        Assert.Empty(receipt.Messages);
    }

    [Fact]
    public async Task ReceiveAsync_Stop_WithdrawsSmsOnEveryRegistrationOfTheNumberAndTheSweepWritesNothing()
    {
        var host = Host();
        var first = await RegisterAsync(host, email: false);
        var second = await RegisterAsync(host, email: false, appointmentDays: 20);
        var other = await RegisterAsync(host, email: false, phone: OtherPhone);

        var receipt = await Operations(host).ReceiveAsync(SmsBody("msg-stop-1", Samples.Phone, "Stop please"), CancellationToken.None);

        var result = Assert.Single(receipt.Messages);
        Assert.Equal(InboundKeyword.OptOut, result.Keyword);
        Assert.Equal(2, result.Registrations);
        Assert.Equal(2, result.LedgersChanged);
        Assert.Equal(ConsentState.Withdrawn, await SmsConsentAsync(host, first));
        Assert.Equal(ConsentState.Withdrawn, await SmsConsentAsync(host, second));
        Assert.Null(await host.GetRequiredService<IConsentLedgerStore>().FindAsync(other, CancellationToken.None));

        // One confirmation, under the registration with the later appointment, sent at once although SMS consent is gone.
        Assert.Empty(await MessagesAsync(host, first));
        var reply = Assert.Single(await MessagesAsync(host, second));
        Assert.Equal(MessagePurpose.KeywordReply, reply.Purpose);
        Assert.Equal(OutboxStatus.Sent, reply.Status);
        Assert.Contains("no more texts", reply.Body, StringComparison.Ordinal);
        Assert.Equal(result.Reply, reply.Key);

        var sweep = await host.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None);
        Assert.Equal(2, sweep.NotAllowed);
        Assert.Equal(1, sweep.Enqueued); // the other number's registration still gets its reminder
        Assert.Empty(await MessagesAsync(host, first));
        Assert.DoesNotContain(await MessagesAsync(host, second), m => m.Purpose == MessagePurpose.CardNeeded);
        Assert.Single(await MessagesAsync(host, other), m => m.Purpose == MessagePurpose.CardNeeded);
    }

    [Fact]
    public async Task ReceiveAsync_SameStopDeliveredTwice_OneLedgerChangeAndOneReply()
    {
        var host = Host();
        var id = await RegisterAsync(host, email: false);
        var body = SmsBody("msg-stop-twice", Samples.Phone, "STOP");

        await Operations(host).ReceiveAsync(body, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var again = await Operations(host).ReceiveAsync(body, CancellationToken.None);

        Assert.Equal(0, Assert.Single(again.Messages).LedgersChanged);
        var ledger = (await host.GetRequiredService<IConsentLedgerStore>().FindAsync(id, CancellationToken.None))!.Value;
        Assert.Single(ledger.Events, e => e.Source == ConsentSource.SmsKeyword);
        var reply = Assert.Single(await MessagesAsync(host, id));
        Assert.Equal(1, reply.Attempts);
    }

    /// <summary>Two hosts handle the same delivery at the same time: the ledger's ETag lets one write, the other re-reads and finds the change.</summary>
    [Fact]
    public async Task ReceiveAsync_SameStopOnTwoHostsAtOnce_OneLedgerChangeAndOneReply()
    {
        var first = Host();
        var second = Host();
        var id = await RegisterAsync(first, email: false);
        var body = SmsBody("msg-stop-race", Samples.Phone, "unsubscribe");

        var receipts = await Task.WhenAll(
            Task.Run(() => Operations(first).ReceiveAsync(body, CancellationToken.None)),
            Task.Run(() => Operations(second).ReceiveAsync(body, CancellationToken.None)));

        Assert.Equal(1, receipts.Sum(r => Assert.Single(r.Messages).LedgersChanged));
        var ledger = (await first.GetRequiredService<IConsentLedgerStore>().FindAsync(id, CancellationToken.None))!.Value;
        Assert.Single(ledger.Events, e => e.Source == ConsentSource.SmsKeyword);
        Assert.Equal(ConsentState.Withdrawn, ledger.StateOf(NotificationChannel.Sms));
        var reply = Assert.Single(await MessagesAsync(first, id));
        Assert.Equal(OutboxStatus.Sent, reply.Status);
        Assert.Equal(1, reply.Attempts);
    }

    [Fact]
    public async Task ReceiveAsync_HelpDeliveredTwice_OneReplyWithTheHelpNumberAndNoConsentChange()
    {
        var host = Host();
        var id = await RegisterAsync(host);
        var body = SmsBody("msg-help-1", Samples.Phone, "help");

        var first = await Operations(host).ReceiveAsync(body, CancellationToken.None);
        var second = await Operations(host).ReceiveAsync(body, CancellationToken.None);

        Assert.Equal(InboundKeyword.Help, Assert.Single(first.Messages).Keyword);
        Assert.Equal(Assert.Single(first.Messages).Reply, Assert.Single(second.Messages).Reply);
        var reply = Assert.Single(await MessagesAsync(host, id));
        Assert.Contains(HelpPhone, reply.Body, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, reply.Status);
        Assert.Null(await host.GetRequiredService<IConsentLedgerStore>().FindAsync(id, CancellationToken.None));

        // A new HELP (another message id) is answered again.
        await Operations(host).ReceiveAsync(SmsBody("msg-help-2", Samples.Phone, "HELP"), CancellationToken.None);
        Assert.Equal(2, (await MessagesAsync(host, id)).Count);
    }

    [Fact]
    public async Task ReceiveAsync_HelpWithoutHelpPhone_NoReply()
    {
        var host = Host(helpPhone: null);
        var id = await RegisterAsync(host);

        var receipt = await Operations(host).ReceiveAsync(SmsBody("msg-help-none", Samples.Phone, "HELP"), CancellationToken.None);

        Assert.Null(Assert.Single(receipt.Messages).Reply);
        Assert.Empty(await MessagesAsync(host, id));
    }

    [Fact]
    public async Task ReceiveAsync_StartAfterStop_RestoresTheReminders()
    {
        var host = Host();
        var id = await RegisterAsync(host, email: false);
        await Operations(host).ReceiveAsync(SmsBody("msg-stop-2", Samples.Phone, "STOP"), CancellationToken.None);
        Assert.Equal(1, (await host.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None)).NotAllowed);

        _clock.Advance(TimeSpan.FromMinutes(10));
        var start = await Operations(host).ReceiveAsync(SmsBody("msg-start-1", Samples.Phone, " Start "), CancellationToken.None);

        Assert.Equal(InboundKeyword.OptIn, Assert.Single(start.Messages).Keyword);
        Assert.Equal(ConsentState.Given, await SmsConsentAsync(host, id));
        var sweep = await host.GetRequiredService<ReminderSweep>().RunAsync(_client, CancellationToken.None);
        Assert.Equal(1, sweep.Enqueued);
        var messages = await MessagesAsync(host, id);
        Assert.Equal(2, messages.Count(m => m.Purpose == MessagePurpose.KeywordReply));
        Assert.Contains(messages, m => m.Body.Contains("texts again", StringComparison.Ordinal));
        var reminder = Assert.Single(messages, m => m.Purpose == MessagePurpose.CardNeeded);
        Assert.Equal(NotificationChannel.Sms, reminder.Channel);
        Assert.Equal(OutboxStatus.Sent, reminder.Status);
    }

    [Fact]
    public async Task ReceiveAsync_UnknownNumberAndFreeText_NothingStoredAndNoPhiLogged()
    {
        var host = Host();
        var id = await RegisterAsync(host);

        var receipt = await Operations(host).ReceiveAsync(
            SmsBody("msg-unknown", "+13125550000", "STOP") + "", CancellationToken.None);
        var chat = await Operations(host).ReceiveAsync(SmsBody("msg-chat", Samples.Phone, "Is my appointment at 3?"), CancellationToken.None);

        Assert.Equal(0, Assert.Single(receipt.Messages).Registrations);
        Assert.Null(Assert.Single(receipt.Messages).Reply);
        Assert.Equal(InboundKeyword.None, Assert.Single(chat.Messages).Keyword);
        Assert.Empty(await MessagesAsync(host, id));
        Assert.Null(await host.GetRequiredService<IConsentLedgerStore>().FindAsync(id, CancellationToken.None));

        var records = _logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("msg-unknown", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            foreach (var phi in new[] { "3125550000", "5550000", "appointment at 3", "5550199", AcsEventBodies.OurNumber[2..] })
            {
                Assert.False(text.Contains(phi, StringComparison.Ordinal), $"log {record.Category}/{record.Id} contains a number or text");
            }
        }
    }

    [Fact]
    public async Task ReceiveAsync_DeliveryReportAsCloudEvent_IsCountedAndChangesNothing()
    {
        var host = Host();
        var id = await RegisterAsync(host);

        var receipt = await Operations(host).ReceiveAsync(
            """{"specversion":"1.0","id":"e1","source":"/acs","type":"Microsoft.Communication.SMSDeliveryReportReceived","data":{"messageId":"Outgoing_1","from":"+18335550100","to":"+13125550199","deliveryStatus":"Delivered","deliveryStatusDetails":"No error."}}""",
            CancellationToken.None);

        Assert.Equal(1, receipt.DeliveryReports);
        Assert.Empty(await MessagesAsync(host, id));
        Assert.Contains(_logs.GetSnapshot(), r => r.Message.Contains("Outgoing_1", StringComparison.Ordinal) && r.Message.Contains("Delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReceiveAsync_NotAnEventBody_IsAValidationError()
    {
        var host = Host();

        await Assert.ThrowsAsync<Domain.Common.ValidationException>(() => Operations(host).ReceiveAsync("{\"hello\":1}", CancellationToken.None));
    }

    [Theory]
    [InlineData("", true)] // the infra default: HELP gets no reply
    [InlineData("+1 312 555 0100", true)]
    [InlineData("(312) 555-0100", true)]
    [InlineData("call us", false)]
    [InlineData("+1 312 555 0100 extension 12345", false)]
    public void AddInboundMessages_HelpPhone_IsCheckedAtStart(string helpPhone, bool valid)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["InboundMessages:HelpPhone"] = helpPhone }).Build());
        services.AddInboundMessages();
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<InboundMessageOptions>>().Value;

        if (valid) Assert.Equal(helpPhone, read().HelpPhone);
        else Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(read);
    }

    private ServiceProvider Host(string? helpPhone = HelpPhone)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Debug))
            .AddEmulatorStores(_database);
        services.AddNotificationChannel(new ConfigurationBuilder().Build());
        services.AddReminders();
        services.AddInboundMessages();
        services.AddSingleton<TimeProvider>(_clock);
        services.Configure<ReminderOptions>(o =>
        {
            o.FirstReminderAfter = TimeSpan.Zero;
            o.FacilityName = "Springfield Clinic";
        });
        services.Configure<PortalOptions>(o => o.BaseUrl = new Uri("https://portal.example.org/"));
        services.Configure<InboundMessageOptions>(o => o.HelpPhone = helpPhone);
        var provider = services.BuildServiceProvider();
        _hosts.Add(provider);
        return provider;
    }

    private static InboundMessageOperations Operations(IServiceProvider host) => host.GetRequiredService<InboundMessageOperations>();

    private async Task<RegistrationId> RegisterAsync(IServiceProvider host, bool email = true, string phone = Samples.Phone, int appointmentDays = 10)
    {
        var form = Samples.Form() with { Consents = new ConsentForm(true, email, "2026-10") };
        form = form with
        {
            Patient = form.Patient! with { Phone = phone },
            Appointment = form.Appointment! with
            {
                ScheduledAt = _clock.GetUtcNow().AddDays(appointmentDays).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var registration = form.Validate(RegistrationId.New(Guid.NewGuid()), _clock.GetUtcNow());
        registration.Advance(ClearanceStage.AwaitingCard, "await-card-1", "waiting", "InsuranceCard", _clock.GetUtcNow());
        registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-1", _clock.GetUtcNow(), _clock.GetUtcNow());
        Assert.True(await host.GetRequiredService<IRegistrationStore>().TryCreateAsync(registration, CancellationToken.None));
        return registration.Id;
    }

    private string SmsBody(string messageId, string from, string text) => AcsEventBodies.SmsReceived(messageId, from, text, _clock.GetUtcNow());

    private static PhoneNumber PhoneOf(string text) => PhoneNumber.TryCreate(text, out var phone) ? phone : throw new ArgumentException("not E.164", nameof(text));

    private static async Task<ConsentState> SmsConsentAsync(IServiceProvider host, RegistrationId id)
    {
        var registration = (await host.GetRequiredService<IRegistrationStore>().GetAsync(id, CancellationToken.None)).Value;
        var ledger = await host.GetRequiredService<RegistrationRecipientDirectory>().LedgerAsync(registration, CancellationToken.None);
        return ledger.StateOf(NotificationChannel.Sms);
    }

    private static Task<IReadOnlyList<OutboxMessage>> MessagesAsync(IServiceProvider host, RegistrationId id) =>
        host.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None);
}
