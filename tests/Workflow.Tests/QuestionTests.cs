using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Questions;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Notifications;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Portal;
using PatientAccess.Workflow.Questions;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// Patient questions end to end over the Cosmos emulator with the real thread store, outbox, consent ledger, dispatcher
/// (local outbox-only sender) and patient links, on a fake clock with the clinic pinned to America/Chicago and the
/// default quiet hours (21:00-08:00): inbound texts that are not keywords, the patient page's questions, specialists'
/// replies held by quiet hours, the worklist's aging, unknown senders.
/// </summary>
public sealed class QuestionTests : IAsyncDisposable
{
    private const string Specialist = "Pat Specialist";
    private const string Question = "Can my daughter come in with me?";
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private readonly string _database = TestServers.NewDatabaseName("qst");
    private readonly FakeLogCollector _logs = new();
    private readonly List<ServiceProvider> _hosts = [];

    /// <summary>Tuesday 2030-01-15 22:00 in Chicago: in quiet hours, after the clinic closed.</summary>
    private readonly FakeTimeProvider _clock = new(Local(2030, 1, 15, 22, 0));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
    }

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        PatientTimeZone.ToUtc(new DateOnly(year, month, day), new TimeOnly(hour, minute), Chicago);

    [Fact]
    public async Task InboundText_ThreadOnTheRegistration_ReplyAtNightHeldByQuietHoursThenSentAtEight()
    {
        var host = Host();
        var id = await RegisterAsync(host);
        var inbound = host.GetRequiredService<InboundMessageOperations>();

        var receipt = await inbound.ReceiveAsync(SmsBody("acs-msg-1", Samples.Phone, Question), CancellationToken.None);
        // Redelivered by Event Grid: still one message.
        await inbound.ReceiveAsync(SmsBody("acs-msg-1", Samples.Phone, Question), CancellationToken.None);

        var result = Assert.Single(receipt.Messages);
        Assert.Equal(InboundKeyword.None, result.Keyword);
        Assert.Null(result.Reply); // no automatic answer: a person answers
        var questions = Operations(host);
        var thread = await questions.GetForSpecialistAsync(id, CancellationToken.None);
        var asked = Assert.Single(thread.Messages);
        Assert.Equal((QuestionAuthor.Patient, QuestionChannel.Sms, Question), (asked.Author, asked.Channel, asked.Text));
        Assert.Equal(_clock.GetUtcNow(), thread.AwaitingSince);
        Assert.Equal(Local(2030, 1, 16, 12, 0), thread.DueAt); // 4 business hours from Wednesday's 08:00

        var open = await questions.ListOpenAsync(Specialist, null, CancellationToken.None);
        var row = Assert.Single(open.Open);
        Assert.Equal((id.Value, Question, false), (row.RegistrationId, row.LastQuestion, row.Overdue));
        Assert.Equal($"{Samples.GivenName} {Samples.FamilyName}", row.PatientName);

        // 22:30: the specialist on the late shift answers. Quiet hours hold the text until 08:00 in Chicago.
        _clock.Advance(TimeSpan.FromMinutes(30));
        var request = new QuestionRequest("reply-req-0001", "Yes, one adult may come in with you.");
        var answered = await questions.ReplyAsync(id, Specialist, request, CancellationToken.None);
        await questions.ReplyAsync(id, Specialist, request, CancellationToken.None); // a double click

        Assert.Null(answered.AwaitingSince);
        Assert.Equal(2, answered.Messages.Count);
        var reply = answered.Messages[1];
        Assert.Equal((QuestionAuthor.Specialist, Specialist, ReplyDelivery.TextInMessage), (reply.Author, reply.Specialist!, reply.Delivery!.Value));
        Assert.Equal((OutboxStatus.Pending, Local(2030, 1, 16, 8, 0), nameof(ContactReason.QuietHours)), (reply.OutboxStatus!.Value, reply.HeldUntil!.Value, reply.HeldBecause!));
        var sent = Assert.Single(await host.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None));
        Assert.Equal((MessagePurpose.QuestionReply, NotificationChannel.Sms), (sent.Purpose, sent.Channel));
        Assert.Equal("Springfield Clinic: Yes, one adult may come in with you. Free msg. Reply STOP to opt out", sent.Body);
        var audit = await host.GetRequiredService<IAuditTrail>().ListAsync(id.Value, CancellationToken.None);
        Assert.Single(audit, a => a.Actor == Specialist && a.Action.StartsWith("question answered", StringComparison.Ordinal));
        Assert.Empty((await questions.ListOpenAsync(Specialist, null, CancellationToken.None)).Open);

        // A minute before eight it still waits; at eight the dispatcher sends it.
        var dispatcher = host.GetRequiredService<NotificationDispatcher>();
        _clock.SetUtcNow(Local(2030, 1, 16, 7, 59));
        await dispatcher.DispatchDueAsync(_clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(OutboxStatus.Pending, (await questions.GetForSpecialistAsync(id, CancellationToken.None)).Messages[1].OutboxStatus);
        _clock.SetUtcNow(Local(2030, 1, 16, 8, 0));
        await dispatcher.DispatchDueAsync(_clock.GetUtcNow(), CancellationToken.None);
        var morning = (await questions.GetForSpecialistAsync(id, CancellationToken.None)).Messages[1];
        Assert.Equal((OutboxStatus.Sent, Local(2030, 1, 16, 8, 0)), (morning.OutboxStatus!.Value, morning.SentAt!.Value));
        Assert.Null(morning.HeldUntil);

        AssertLogsHoldNoPhi(Question, request.Text!);
    }

    [Fact]
    public async Task PatientPage_QuestionOnTheSameThreadAsTheText_ReplayedOnceAndOnlyThisRegistration()
    {
        var host = Host();
        var id = await RegisterAsync(host);
        var other = await RegisterAsync(host, phone: "+13125550142");
        await host.GetRequiredService<InboundMessageOperations>().ReceiveAsync(SmsBody("acs-msg-2", Samples.Phone, Question), CancellationToken.None);
        await host.GetRequiredService<InboundMessageOperations>().ReceiveAsync(SmsBody("acs-msg-3", "+13125550142", "Someone else's question"), CancellationToken.None);
        var token = await TokenAsync(host, id);
        var questions = Operations(host);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var ask = new QuestionRequest("9b2f6c1e-1d2a-4c4e-9a53-0c1f1f0f7e21", "Is there parking?");
        await questions.AskAsync(token, ask, CancellationToken.None);
        var page = await questions.AskAsync(token, ask, CancellationToken.None); // the same tap sent again

        Assert.Equal([Question, "Is there parking?"], page.Messages.Select(m => m.Text));
        Assert.All(page.Messages, m => Assert.Equal(QuestionAuthor.Patient, m.Author));
        var console = await questions.GetForSpecialistAsync(id, CancellationToken.None);
        Assert.Equal([QuestionChannel.Sms, QuestionChannel.PatientPage], console.Messages.Select(m => m.Channel));
        Assert.Single((await questions.GetForSpecialistAsync(other, CancellationToken.None)).Messages);
        Assert.Equal(2, (await questions.ListOpenAsync(Specialist, null, CancellationToken.None)).Open.Count);

        // Field-level refusals, never the value.
        var empty = await Assert.ThrowsAsync<ValidationException>(() => questions.AskAsync(token, new QuestionRequest("9b2f6c1e-aaaa", "  "), CancellationToken.None));
        Assert.Equal("text", Assert.Single(empty.Errors).Field);
        var longText = new string('x', QuestionThread.MaxTypedLength + 1);
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => questions.AskAsync(token, new QuestionRequest(null, longText), CancellationToken.None));
        Assert.Equal(["requestId", "text"], tooLong.Errors.Select(e => e.Field).Order());
        Assert.DoesNotContain(tooLong.Errors, e => e.Message.Contains(longText, StringComparison.Ordinal));

        // A forged token, and the real one once it expired, open nothing.
        await Assert.ThrowsAsync<PatientLinkInvalidException>(() => questions.GetForPatientAsync(Domain.Portal.PatientLinkToken.New(), CancellationToken.None));
        await Assert.ThrowsAsync<PatientLinkInvalidException>(() => questions.AskAsync(Domain.Portal.PatientLinkToken.New(), ask with { RequestId = "forged-0001" }, CancellationToken.None));
        _clock.Advance(TimeSpan.FromDays(60));
        await Assert.ThrowsAsync<PatientLinkInvalidException>(() => questions.GetForPatientAsync(token, CancellationToken.None));
        await Assert.ThrowsAsync<PatientLinkInvalidException>(() => questions.AskAsync(token, ask with { RequestId = "late-00001" }, CancellationToken.None));
        Assert.Equal(2, (await questions.GetForSpecialistAsync(id, CancellationToken.None)).Messages.Count);

        AssertLogsHoldNoPhi(Question, "Is there parking?");
    }

    [Fact]
    public async Task Reply_WithPhi_TextCarriesOnlyTheLinkAndThePageTheWords()
    {
        var host = Host();
        var id = await RegisterAsync(host);
        _clock.SetUtcNow(Local(2030, 1, 16, 10, 0)); // daytime: sent at once
        await host.GetRequiredService<InboundMessageOperations>().ReceiveAsync(SmsBody("acs-msg-4", Samples.Phone, "Is my scan covered?"), CancellationToken.None);
        var token = await TokenAsync(host, id);
        var questions = Operations(host);

        var words = "Yes, your MRI is approved; your copay is $40.";
        var thread = await questions.ReplyAsync(id, Specialist, new QuestionRequest("reply-req-0002", words), CancellationToken.None);

        var reply = thread.Messages[^1];
        Assert.Equal((ReplyDelivery.LinkOnly, OutboxStatus.Sent), (reply.Delivery!.Value, reply.OutboxStatus!.Value));
        var sms = Assert.Single(await host.GetRequiredService<INotificationOutbox>().ListForRegistrationAsync(id, CancellationToken.None));
        Assert.StartsWith("Springfield Clinic: we answered your question. Read it here: https://portal.example.org/c/", sms.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("MRI", sms.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("$", sms.Body, StringComparison.Ordinal);
        Assert.Equal(words, (await questions.GetForPatientAsync(token, CancellationToken.None)).Messages[^1].Text);
    }

    [Fact]
    public async Task InboundText_FromUnknownNumber_RecordedWithoutNumberOrWordsOnNoRegistration()
    {
        var host = Host();
        var id = await RegisterAsync(host);
        var inbound = host.GetRequiredService<InboundMessageOperations>();
        const string stranger = "+13125550777";

        await inbound.ReceiveAsync(SmsBody("acs-msg-5", stranger, "Who is this? I need my results"), CancellationToken.None);
        await inbound.ReceiveAsync(SmsBody("acs-msg-5", stranger, "Who is this? I need my results"), CancellationToken.None);

        var open = await Operations(host).ListOpenAsync(Specialist, null, CancellationToken.None);
        Assert.Empty(open.Open);
        Assert.Equal(1, open.Unmatched.Count);
        Assert.Empty((await Operations(host).GetForSpecialistAsync(id, CancellationToken.None)).Messages);
        var stored = Assert.Single(await host.GetRequiredService<IQuestionThreadStore>().ListUnmatchedAsync(_clock.GetUtcNow().AddDays(-1), 10, CancellationToken.None));
        Assert.Equal("acs-msg-5", stored.MessageId);
        Assert.DoesNotContain(stranger, JsonSerializer.Serialize(stored), StringComparison.Ordinal);
        AssertLogsHoldNoPhi("Who is this", stranger, "5550777");
    }

    [Fact]
    public async Task InboundText_ThreadFull_WebhookSucceedsAndTheTextIsNotKept()
    {
        var host = Host();
        var id = await RegisterAsync(host);
        var full = new QuestionThread(id, Enumerable.Range(0, QuestionThread.MaxMessages).Select(i =>
            new QuestionMessage($"sms-old-{i}", QuestionAuthor.Patient, QuestionChannel.Sms, "earlier", _clock.GetUtcNow().AddMinutes(-i))));
        await host.GetRequiredService<IQuestionThreadStore>().SaveAsync(full, null, CancellationToken.None);

        var receipt = await host.GetRequiredService<InboundMessageOperations>().ReceiveAsync(SmsBody("acs-msg-full", Samples.Phone, Question), CancellationToken.None);

        Assert.Equal(InboundKeyword.None, Assert.Single(receipt.Messages).Keyword);
        var thread = await Operations(host).GetForSpecialistAsync(id, CancellationToken.None);
        Assert.Equal(QuestionThread.MaxMessages, thread.Messages.Count);
        Assert.DoesNotContain(thread.Messages, m => m.Id == "sms-acs-msg-full");
    }

    [Fact]
    public async Task ListOpen_PastTheTarget_OverdueAndFirstDueFirst()
    {
        var host = Host();
        var late = await RegisterAsync(host);
        var fresh = await RegisterAsync(host, phone: "+13125550142");
        var inbound = host.GetRequiredService<InboundMessageOperations>();
        _clock.SetUtcNow(Local(2030, 1, 16, 9, 0));
        await inbound.ReceiveAsync(SmsBody("acs-msg-6", Samples.Phone, "First question"), CancellationToken.None);
        _clock.SetUtcNow(Local(2030, 1, 16, 12, 0));
        await inbound.ReceiveAsync(SmsBody("acs-msg-7", "+13125550142", "Second question"), CancellationToken.None);

        _clock.SetUtcNow(Local(2030, 1, 16, 13, 30)); // 4.5 business hours after the first, 1.5 after the second
        var open = await Operations(host).ListOpenAsync(Specialist, null, CancellationToken.None);

        Assert.Equal([late.Value, fresh.Value], open.Open.Select(q => q.RegistrationId));
        Assert.Equal([true, false], open.Open.Select(q => q.Overdue));
        Assert.Equal(1, open.Overdue);
        Assert.Equal(Local(2030, 1, 16, 13, 0), open.Open[0].DueAt);
        Assert.Equal(4, open.TargetBusinessHours);
    }

    private ServiceProvider Host()
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Debug))
            .AddEmulatorStores(_database, new Dictionary<string, string?> { ["Clinic:TimeZone"] = "America/Chicago" });
        services.AddInboundMessages();
        services.AddSingleton<TimeProvider>(_clock);
        services.Configure<ReminderOptions>(o => o.FacilityName = "Springfield Clinic");
        services.Configure<PortalOptions>(o => o.BaseUrl = new Uri("https://portal.example.org/"));
        var provider = services.BuildServiceProvider();
        _hosts.Add(provider);
        return provider;
    }

    private static QuestionOperations Operations(IServiceProvider host) => host.GetRequiredService<QuestionOperations>();

    private async Task<RegistrationId> RegisterAsync(IServiceProvider host, string phone = Samples.Phone)
    {
        var form = Samples.Form();
        form = form with
        {
            Patient = form.Patient! with { Phone = phone },
            Appointment = form.Appointment! with
            {
                ScheduledAt = _clock.GetUtcNow().AddDays(10).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        var registration = form.Validate(RegistrationId.New(Guid.NewGuid()), _clock.GetUtcNow());
        Assert.True(await host.GetRequiredService<IRegistrationStore>().TryCreateAsync(registration, CancellationToken.None));
        return registration.Id;
    }

    private static async Task<string> TokenAsync(IServiceProvider host, RegistrationId id)
    {
        var registration = (await host.GetRequiredService<IRegistrationStore>().GetAsync(id, CancellationToken.None)).Value;
        var link = await host.GetRequiredService<PatientLinks>().IssueAsync(registration, "test", CancellationToken.None);
        return link.Url.Segments[^1];
    }

    private void AssertLogsHoldNoPhi(params string[] words)
    {
        var records = _logs.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(kv => kv.Value) ?? []);
            var found = PhiText.FirstIn(text, Samples.PhiValues.Concat(words));
            Assert.True(found is null, $"log {record.Category}/{record.Id} contains a PHI value or the words: {found}");
        }
    }

    private string SmsBody(string messageId, string from, string text) => AcsEventBodies.SmsReceived(messageId, from, text, _clock.GetUtcNow());
}
