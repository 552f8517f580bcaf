using System.ComponentModel.DataAnnotations;
using ValidationException = PatientAccess.Domain.Common.ValidationException;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Questions;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Questions;

namespace PatientAccess.Workflow.Notifications;

/// <summary>What one webhook delivery held and did. <see cref="ValidationResponse"/> is the handshake answer, if one was asked.</summary>
public sealed record InboundReceipt(string? ValidationResponse, IReadOnlyList<InboundSmsResult> Messages, int DeliveryReports);

/// <summary>
/// What one inbound text did: the keyword, how many registrations have the sender's number, how many consent ledgers
/// changed, and the reply's key (null when the text asked for nothing or a reply could not be written).
/// </summary>
public sealed record InboundSmsResult(string MessageId, InboundKeyword Keyword, int Registrations, int LedgersChanged, MessageKey? Reply)
{
    public override string ToString() => $"InboundSmsResult {{ MessageId = {MessageId}, Keyword = {Keyword}, Registrations = {Registrations} }}";
}

/// <summary>Settings of the inbound SMS handling (section "InboundMessages").</summary>
public sealed class InboundMessageOptions
{
    public const string Section = "InboundMessages";

    /// <summary>
    /// The number the HELP reply tells the patient to call (digits, spaces and +-(). , at most 20 characters).
    /// Without it (absent or empty, as the infra's default) a HELP text gets no reply (logged as a warning): set it
    /// wherever SMS is enabled.
    /// </summary>
    [RegularExpression(@"^[0-9+\-(). ]{3,20}$")]
    public string? HelpPhone { get; set; }

    /// <summary>At most this many registrations are changed by one text (a number shared by a family). Default 50.</summary>
    [Range(1, 1000)]
    public int MaxRegistrationsPerNumber { get; set; } = 50;
}

/// <summary>
/// The inbound side of patient texting, shared by both hosts (the Functions HTTP trigger and the LocalHost
/// endpoint): reads the provider's webhook body, and for every text a patient sent
/// <list type="number">
/// <item>finds every registration whose patient phone is the sender's number (none: nothing is stored, the
/// message id is logged, never the number);</item>
/// <item>applies <see cref="InboundSmsHandler"/> to each registration's ledger in force and stores it with its
/// ETag (a lost race re-reads and applies again). The consent change carries the provider's receive time, so a
/// redelivered event finds its own change already in the ledger and writes nothing;</item>
/// <item>writes one keyword reply (STOP confirmation, HELP answer, START confirmation) to the outbox under the
/// registration with the latest appointment, key sequence = <see cref="InboundSms.ReplySequence"/>: a redelivered
/// event computes the same key and the outbox keeps one reply. Replies are transactional answers the patient asked
/// for; <see cref="ContactPolicy"/> sends them at once, even right after STOP;</item>
/// <item>asks the dispatcher to send what is due, so the reply does not wait for the next sweep.</item>
/// </list>
/// Delivery reports are logged (provider id and status only).
/// </summary>
public sealed class InboundMessageOperations(
    IInboundEventReader reader,
    IRegistrationStore registrations,
    IConsentLedgerStore consents,
    INotificationOutbox outbox,
    IDueMessageDispatch dispatch,
    TimeProvider time,
    IOptions<InboundMessageOptions> options,
    IOptions<ReminderOptions> reminders,
    RegistrationUpdater updater,
    QuestionOperations questions,
    ILogger<InboundMessageOperations> logger)
{
    private const int MaxLedgerAttempts = 5;

    /// <summary>Handles one webhook body.</summary>
    /// <exception cref="ValidationException">The body is not an event payload.</exception>
    /// <exception cref="TransientDependencyException">A store is unavailable; the provider should deliver again (every step is idempotent).</exception>
    public async Task<InboundReceipt> ReceiveAsync(string body, CancellationToken cancellationToken)
    {
        var events = reader.Read(body);
        string? validation = null;
        var messages = new List<InboundSmsResult>();
        var reports = 0;
        foreach (var e in events)
        {
            switch (e)
            {
                case InboundSubscriptionValidation v:
                    validation ??= v.ValidationCode;
                    Log.InboundSubscriptionValidated(logger);
                    break;
                case InboundSms sms:
                    messages.Add(await HandleSmsAsync(sms, cancellationToken));
                    break;
                case InboundDeliveryReport report:
                    reports++;
                    Log.InboundDeliveryReport(logger, report.ProviderMessageId, report.DeliveryStatus);
                    break;
                default:
                    break;
            }
        }
        if (messages.Exists(m => m.Reply is not null))
        {
            await DispatchRepliesAsync(cancellationToken);
        }
        return new InboundReceipt(validation, messages, reports);
    }

    /// <summary>Applies one inbound text to every registration of the sender's number and writes the reply (not sent here).</summary>
    public async Task<InboundSmsResult> HandleSmsAsync(InboundSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var keyword = InboundKeywords.Classify(sms.Text);
        if (!PhoneNumber.TryCreate(sms.FromE164, out var phone))
        {
            return await UnknownSenderAsync(sms, keyword, cancellationToken);
        }
        var now = time.GetUtcNow();
        var at = sms.ReceivedAtUtc ?? now;

        var found = new List<Registration>();
        foreach (var id in await registrations.ListByPhoneAsync(phone, options.Value.MaxRegistrationsPerNumber, cancellationToken))
        {
            try
            {
                var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
                // The query may be stale; the document decides.
                if (registration.Patient.Phone == phone) found.Add(registration);
            }
            catch (NotFoundException)
            {
                // Deleted between the query and the read.
            }
        }
        if (found.Count == 0)
        {
            return await UnknownSenderAsync(sms, keyword, cancellationToken);
        }

        var changed = 0;
        if (keyword is InboundKeyword.OptOut or InboundKeyword.OptIn)
        {
            foreach (var registration in found)
            {
                if (await ApplyAsync(registration, sms.Text, at, cancellationToken)) changed++;
            }
        }

        if (keyword == InboundKeyword.None)
        {
            // Not a keyword: a question, in the thread of the registration a reply would go to (docs/decisions/0019).
            await questions.ReceiveInboundAsync(ReplyTarget(found).Id, [.. found.Select(r => r.Id)], sms.MessageId, QuestionChannel.Sms, sms.Text, at, cancellationToken);
        }
        var reply = keyword == InboundKeyword.None ? null : await WriteReplyAsync(sms, keyword, found, now, cancellationToken);
        Log.InboundSmsHandled(logger, sms.MessageId, keyword, found.Count, changed, reply?.Value);
        return new InboundSmsResult(sms.MessageId, keyword, found.Count, changed, reply);
    }

    /// <summary>Applies the text to the registration's ledger in force and stores it; false when the ledger already had this change.</summary>
    private async Task<bool> ApplyAsync(Registration registration, string text, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await consents.FindAsync(registration.Id, cancellationToken);
            var ledger = stored?.Value ?? ConsentLedger.FromPreRegistration(registration.Consents.Sms, registration.Consents.Email, registration.Consents.GivenAt);
            var outcome = InboundSmsHandler.Handle(ledger, text, at);
            var added = outcome.Consents.Events.Count > ledger.Events.Count ? outcome.Consents.Events[^1] : null;
            if (added is null || ledger.Events.Contains(added))
            {
                // Nothing to add, or this very change (same channel, direction, instant and source) is stored: a redelivery.
                return false;
            }
            try
            {
                await consents.SaveAsync(registration.Id, outcome.Consents, stored?.ETag, cancellationToken);
                Log.InboundConsentChanged(logger, registration.Id.Value, added.Given);
                if (added.Given)
                {
                    // Reminders the missing consent held back are due again now (the contact rules still apply).
                    await updater.UpdateAsync(registration.Id, r => r.ResumeReminders(at), "reminders resumed: SMS consent given by text",
                        cancellationToken, actor: "patient-sms");
                }
                return true;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxLedgerAttempts)
            {
                // Someone else (another delivery, the portal) changed the ledger first: read it again and re-apply.
            }
        }
    }

    /// <summary>
    /// One reply per inbound text, under the registration with the latest appointment (a passed appointment would
    /// drop it). Written unless a reply with this sequence exists under any of the number's registrations, so a
    /// redelivery that finds one more registration still writes no second reply.
    /// </summary>
    private async Task<MessageKey?> WriteReplyAsync(InboundSms sms, InboundKeyword keyword, List<Registration> found, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var registration in found)
        {
            var existing = MessageKey.Create(registration.Id, MessagePurpose.KeywordReply, sms.ReplySequence, NotificationChannel.Sms);
            if (await outbox.FindAsync(registration.Id, existing, cancellationToken) is not null) return existing;
        }
        var helpPhone = options.Value.HelpPhone;
        if (keyword == InboundKeyword.Help && string.IsNullOrWhiteSpace(helpPhone))
        {
            Log.HelpPhoneNotConfigured(logger, sms.MessageId);
            return null;
        }
        var target = ReplyTarget(found);
        var rendered = NotificationTemplates.RenderKeywordReply(keyword, MessageLanguages.FromTag(target.Patient.Language),
            new TemplateValues(reminders.Value.FacilityName, HelpPhone: keyword == InboundKeyword.Help ? helpPhone : null));
        var stored = await outbox.EnqueueAsync(
            OutboxMessage.Create(target.Id, sms.ReplySequence, RegistrationRecipientDirectory.Patient, rendered, now), cancellationToken);
        return stored.Key;
    }

    /// <summary>The registration of a number that answers and questions go to: the one with the latest appointment (a passed one would drop a reply).</summary>
    private static Registration ReplyTarget(List<Registration> found) =>
        found.OrderByDescending(r => r.Appointment.ScheduledAt.ToUniversalTime()).ThenBy(r => r.Id.Value, StringComparer.Ordinal).First();

    /// <summary>A text from a number no registration has: nothing is stored but, for a question, its provider id and time (no number, no words).</summary>
    private async Task<InboundSmsResult> UnknownSenderAsync(InboundSms sms, InboundKeyword keyword, CancellationToken cancellationToken)
    {
        Log.InboundFromUnknownNumber(logger, sms.MessageId, keyword);
        if (keyword == InboundKeyword.None)
        {
            await questions.RecordUnmatchedAsync(sms.MessageId, QuestionChannel.Sms, sms.ReceivedAtUtc ?? time.GetUtcNow(), cancellationToken);
        }
        return new InboundSmsResult(sms.MessageId, keyword, 0, 0, null);
    }

    private async Task DispatchRepliesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await dispatch.DispatchDueAsync(time.GetUtcNow(), cancellationToken);
        }
        catch (TransientDependencyException e)
        {
            // The replies are in the outbox; the next dispatch (sweep) sends them. The webhook still succeeded.
            Log.InboundDispatchDeferred(logger, e.Dependency);
        }
    }
}

public static class InboundMessageServiceCollectionExtensions
{
    /// <summary>
    /// The inbound SMS operations (section "InboundMessages", validated at start). Needs <c>AddReminders</c> (facility
    /// name) and from src/Integrations <c>AddCosmosStores</c> and <c>AddNotificationChannel</c> (reader, ledger store,
    /// outbox, dispatcher).
    /// </summary>
    public static IServiceCollection AddInboundMessages(this IServiceCollection services)
    {
        services.AddOptions<InboundMessageOptions>().BindConfiguration(InboundMessageOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.HelpPhone) || HelpReplyRenders(o.HelpPhone),
                "InboundMessages:HelpPhone must be a phone number that fits the HELP reply (digits, spaces and +-().).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InboundMessageOperations>();
        services.AddQuestions();
        return services;
    }

    private static bool HelpReplyRenders(string helpPhone)
    {
        try
        {
            foreach (var language in Enum.GetValues<MessageLanguage>())
            {
                NotificationTemplates.RenderKeywordReply(InboundKeyword.Help, language,
                    new TemplateValues(new string('x', TemplateValues.MaxFacilityLength), HelpPhone: helpPhone));
            }
            return true;
        }
        catch (ValidationException)
        {
            return false;
        }
    }
}
