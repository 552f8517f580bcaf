using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Questions;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.Operations;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Workflow.Questions;

/// <summary>A question the patient types on the page, or a specialist's reply: the client's id for this attempt (a UUID; a retry records one message) and the words.</summary>
public sealed record QuestionRequest(string? RequestId, string? Text);

/// <summary>One message as the patient page shows it: who wrote it (the patient or the clinic, never a specialist's name), the words, when.</summary>
public sealed record PortalQuestionMessage(QuestionAuthor Author, string Text, DateTimeOffset At);

/// <summary>The patient page's conversation with the clinic.</summary>
public sealed record PortalQuestions(IReadOnlyList<PortalQuestionMessage> Messages, int MaxLength, bool Full);

/// <summary>
/// One message as the console shows it. For a reply: who sent it, how it reaches the patient, and its outbox message's
/// state: <see cref="HeldUntil"/> with <see cref="HeldBecause"/> (QuietHours, DailyCap...) while the contact rules hold it,
/// <see cref="SentAt"/> once sent, <see cref="NotSentBecause"/> when suppressed (no consent, ...).
/// </summary>
public sealed record ConsoleQuestionMessage(
    string Id, QuestionAuthor Author, QuestionChannel Channel, string Text, DateTimeOffset At, string? Specialist,
    ReplyDelivery? Delivery, string? OutboxKey, OutboxStatus? OutboxStatus, DateTimeOffset? HeldUntil, string? HeldBecause, DateTimeOffset? SentAt,
    string? NotSentBecause);

/// <summary>A registration's conversation for a specialist: the messages, and while a question waits, since when and when its answer is due.</summary>
public sealed record ConsoleQuestionThread(string RegistrationId, IReadOnlyList<ConsoleQuestionMessage> Messages, DateTimeOffset? AwaitingSince, DateTimeOffset? DueAt, bool Overdue);

/// <summary>An open question on the console's worklist, with its registration beside it.</summary>
public sealed record OpenQuestion(
    string RegistrationId, string PatientName, DateTimeOffset VisitAt, string VisitTimeZone, string FacilityId, ClearanceStage Stage,
    DateTimeOffset AwaitingSince, DateTimeOffset DueAt, bool Overdue, TimeSpan Waiting, int Unanswered, string LastQuestion);

/// <summary>Texts from numbers no registration has (nothing but their count and times is kept).</summary>
public sealed record UnmatchedSummary(int Count, DateTimeOffset Since, DateTimeOffset? Latest);

/// <summary>The console's question worklist: open questions by due time, and the unknown senders' count.</summary>
public sealed record QuestionWorklist(IReadOnlyList<OpenQuestion> Open, int Overdue, UnmatchedSummary Unmatched, double TargetBusinessHours);

/// <summary>
/// Patient questions (issue 15, docs/decisions/0019-patient-questions.md), shared by both hosts: a thread per registration
/// that inbound texts (not keywords), the patient page's "Ask a question" and the specialists' replies write to. Replies go
/// through the outbox, so consent, quiet hours, caps and the PHI check apply; a reply's words travel in the text only when
/// they fit one SMS and carry nothing the PHI check flags, else the text carries the patient page's link. Open questions
/// age against <see cref="QuestionOptions.TargetResponse"/> business hours in the clinic's zone.
/// </summary>
public sealed partial class QuestionOperations(
    IQuestionThreadStore threads,
    IRegistrationStore registrations,
    INotificationOutbox outbox,
    IDueMessageDispatch dispatch,
    IAuditTrail audit,
    PatientLinks links,
    RegistrationRecipientDirectory recipients,
    TimeProvider time,
    IOptions<QuestionOptions> options,
    IOptions<ReminderOptions> reminders,
    IOptions<ClinicOptions> clinic,
    ILogger<QuestionOperations> logger)
{
    private const int MaxWriteAttempts = 5;
    private const int PreviewLength = 140;

    /// <summary>The actor the audit names for the patient's own questions.</summary>
    public const string PatientActor = "patient";

    /// <summary>
    /// Records an inbound text (not a keyword) in the thread of <paramref name="target"/>; the message id makes it
    /// idempotent (a redelivery finds itself in any of <paramref name="senders"/>' threads and records nothing).
    /// </summary>
    /// <returns>True when recorded now, false for a redelivery.</returns>
    public async Task<bool> ReceiveInboundAsync(
        RegistrationId target, IReadOnlyCollection<RegistrationId> senders, string messageId, QuestionChannel channel, string text, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentNullException.ThrowIfNull(text);
        var id = InboundId(channel, messageId);
        foreach (var other in senders.Where(s => s != target))
        {
            if ((await threads.FindAsync(other, cancellationToken))?.Value.Find(id) is not null) return false;
        }
        var words = text.Length > QuestionThread.MaxInboundLength ? text[..QuestionThread.MaxInboundLength] : text;
        bool added;
        try
        {
            added = await AppendAsync(target, new QuestionMessage(id, QuestionAuthor.Patient, channel, words, at), cancellationToken);
        }
        catch (ValidationException)
        {
            // The thread is full: the webhook still succeeds (a 4xx would stop the provider's other events), the text is not kept.
            Log.QuestionThreadFull(logger, target.Value, channel);
            return false;
        }
        if (added)
        {
            await audit.AppendAsync(new AuditEntry(RegistrationUpdater.AuditId(target.Value, "question " + id), target.Value, PatientActor,
                $"question received by {channel}", at), cancellationToken);
        }
        Log.QuestionReceived(logger, target.Value, channel, !added);
        return added;
    }

    /// <summary>Records a text from a number no registration has: its provider id, channel and time only.</summary>
    public async Task RecordUnmatchedAsync(string messageId, QuestionChannel channel, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await threads.RecordUnmatchedAsync(new UnmatchedMessage(messageId, channel, at), cancellationToken);
        Log.QuestionFromUnknownSender(logger, messageId, channel);
    }

    /// <summary>The conversation the link's registration has with the clinic.</summary>
    /// <exception cref="PatientLinkInvalidException">The token opens nothing.</exception>
    public async Task<PortalQuestions> GetForPatientAsync(string? token, CancellationToken cancellationToken)
    {
        var link = await links.OpenAsync(token, cancellationToken);
        return ForPatient((await threads.FindAsync(link.RegistrationId, cancellationToken))?.Value ?? QuestionThread.Empty(link.RegistrationId));
    }

    /// <summary>The patient asks a question on the page (replay-safe by the request id); answers the conversation.</summary>
    /// <exception cref="PatientLinkInvalidException">The token opens nothing.</exception>
    /// <exception cref="ValidationException">A field is missing or wrong (field-level, never the value).</exception>
    public async Task<PortalQuestions> AskAsync(string? token, QuestionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var link = await links.OpenAsync(token, cancellationToken);
        var (requestId, text) = Check(request);
        var id = "page-" + requestId;
        var at = time.GetUtcNow();
        if (await AppendAsync(link.RegistrationId, new QuestionMessage(id, QuestionAuthor.Patient, QuestionChannel.PatientPage, text, at), cancellationToken))
        {
            await audit.AppendAsync(new AuditEntry(RegistrationUpdater.AuditId(link.RegistrationId.Value, "question " + id), link.RegistrationId.Value,
                PortalOperations.PatientActor, "question asked on the patient page", at), cancellationToken);
            Log.QuestionReceived(logger, link.RegistrationId.Value, QuestionChannel.PatientPage, false);
        }
        return await GetForPatientAsync(token, cancellationToken);
    }

    /// <summary>Open questions with their registrations, the first due first; the listed registrations are audited as viewed.</summary>
    public async Task<QuestionWorklist> ListOpenAsync(string viewer, int? max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(viewer);
        var now = time.GetUtcNow();
        var rows = new List<OpenQuestion>();
        foreach (var awaiting in await threads.ListAwaitingAsync(Math.Min(max ?? options.Value.MaxListed, options.Value.MaxListed), cancellationToken))
        {
            Registration registration;
            try
            {
                registration = (await registrations.GetAsync(awaiting.RegistrationId, cancellationToken)).Value;
            }
            catch (NotFoundException)
            {
                continue;
            }
            var thread = (await threads.FindAsync(awaiting.RegistrationId, cancellationToken))?.Value;
            if (thread?.AwaitingSince is not { } since) continue; // answered since the query
            var due = DueAt(since);
            var last = thread.Messages[^1].Text;
            rows.Add(new OpenQuestion(registration.Id.Value, $"{registration.Patient.Name.Given} {registration.Patient.Name.Family}",
                registration.Appointment.ScheduledAt, registration.Appointment.TimeZone, registration.Appointment.FacilityId, registration.Stage,
                since, due, now >= due, now - since, thread.Unanswered, last.Length > PreviewLength ? last[..PreviewLength] + "…" : last));
        }
        rows = [.. rows.OrderBy(r => r.DueAt).ThenBy(r => r.RegistrationId, StringComparer.Ordinal)];
        foreach (var row in rows)
        {
            await audit.AppendAsync(new AuditEntry(RegistrationUpdater.AuditId(row.RegistrationId, $"viewed by {viewer} at {now:O}: listed in the questions"),
                row.RegistrationId, viewer, "listed in the open questions", now), cancellationToken);
        }
        var since7 = now - options.Value.UnmatchedWindow;
        var unmatched = await threads.ListUnmatchedAsync(since7, 1000, cancellationToken);
        return new QuestionWorklist(rows, rows.Count(r => r.Overdue), new UnmatchedSummary(unmatched.Count, since7, unmatched.Count == 0 ? null : unmatched[0].ReceivedAt),
            options.Value.TargetResponse.TotalHours);
    }

    /// <summary>The registration's conversation for a specialist, each reply with its outbox state (the caller audits the view).</summary>
    public async Task<ConsoleQuestionThread> GetForSpecialistAsync(RegistrationId id, CancellationToken cancellationToken)
    {
        var thread = (await threads.FindAsync(id, cancellationToken))?.Value ?? QuestionThread.Empty(id);
        var now = time.GetUtcNow();
        var messages = new List<ConsoleQuestionMessage>();
        foreach (var m in thread.Messages)
        {
            var sent = m.OutboxKey is { } key && MessageKey.TryParse(key, out var parsed) ? await outbox.FindAsync(id, parsed, cancellationToken) : null;
            var held = sent is { Status: OutboxStatus.Pending } && sent.SendAfterUtc > now;
            messages.Add(new ConsoleQuestionMessage(m.Id, m.Author, m.Channel, m.Text, m.At, m.Specialist, m.Delivery, m.OutboxKey, sent?.Status,
                held ? sent!.SendAfterUtc : null, held ? sent!.LastError : null, sent is { Status: OutboxStatus.Sent } ? sent.CompletedUtc : null,
                sent is { Status: OutboxStatus.Suppressed or OutboxStatus.Failed } ? sent.LastError : null));
        }
        var due = thread.AwaitingSince is { } since ? DueAt(since) : (DateTimeOffset?)null;
        return new ConsoleQuestionThread(id.Value, messages, thread.AwaitingSince, due, due is { } d && now >= d);
    }

    /// <summary>
    /// A specialist replies (replay-safe by the request id). The reply is recorded in the thread (which closes the open
    /// question), audited with the specialist's name, and written to the outbox for the patient's channel (SMS when the
    /// patient has a phone and SMS consent, else email with consent, else whichever address exists, for the dispatcher to
    /// suppress visibly; no address: the page only). The dispatcher runs at once; quiet hours or a cap hold it.
    /// </summary>
    /// <exception cref="NotFoundException">Unknown registration.</exception>
    /// <exception cref="ValidationException">A field is missing or wrong, or the reply cannot reach the patient as written.</exception>
    public async Task<ConsoleQuestionThread> ReplyAsync(RegistrationId id, string specialist, QuestionRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(specialist);
        ArgumentNullException.ThrowIfNull(request);
        var (requestId, text) = Check(request);
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        var messageId = "reply-" + requestId;
        for (var attempt = 1; ; attempt++)
        {
            var stored = await threads.FindAsync(id, cancellationToken);
            var thread = stored?.Value ?? QuestionThread.Empty(id);
            if (thread.Find(messageId) is { } earlier)
            {
                if (earlier.Author != QuestionAuthor.Specialist) throw Invalid("requestId", "was used for another message");
                await EnsureInOutboxAsync(registration, thread, earlier, cancellationToken);
                break; // a replay: recorded the first time
            }
            var now = time.GetUtcNow();
            var (rendered, delivery) = await RenderAsync(registration, text, specialist, cancellationToken);
            var key = rendered is null ? (MessageKey?)null : MessageKey.Create(id, MessagePurpose.QuestionReply, thread.Replies + 1, rendered.Channel);
            var reply = new QuestionMessage(messageId, QuestionAuthor.Specialist, QuestionChannel.Console, text, now, specialist, key?.Value, delivery);
            try
            {
                await threads.SaveAsync(thread.Add(reply), stored?.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxWriteAttempts)
            {
                continue; // a question or another reply came first: the next reply number may differ
            }
            await audit.AppendAsync(new AuditEntry(RegistrationUpdater.AuditId(id.Value, "question " + messageId), id.Value, specialist,
                $"question answered (reply {thread.Replies + 1}, {Describe(delivery, rendered?.Channel)})", now), cancellationToken);
            if (rendered is not null)
            {
                await outbox.EnqueueAsync(OutboxMessage.Create(id, thread.Replies + 1, RegistrationRecipientDirectory.Patient, rendered, now), cancellationToken);
                await DispatchAsync(cancellationToken);
            }
            Log.QuestionAnswered(logger, id.Value, delivery, rendered?.Channel);
            break;
        }
        return await GetForSpecialistAsync(id, cancellationToken);
    }

    /// <summary>
    /// A replayed reply whose outbox message is missing (the first attempt stopped between the thread write and the
    /// outbox write) is written now under the recorded key; rendered again (a new link), so only if the channel is unchanged.
    /// </summary>
    private async Task EnsureInOutboxAsync(Registration registration, QuestionThread thread, QuestionMessage reply, CancellationToken cancellationToken)
    {
        if (reply.OutboxKey is not { } recorded || !MessageKey.TryParse(recorded, out var key)) return;
        if (await outbox.FindAsync(registration.Id, key, cancellationToken) is not null) return;
        var sequence = thread.Messages.Where(m => m.Author == QuestionAuthor.Specialist).TakeWhile(m => m.Id != reply.Id).Count() + 1;
        var (rendered, _) = await RenderAsync(registration, reply.Text, reply.Specialist ?? PatientActor, cancellationToken);
        if (rendered is null || MessageKey.Create(registration.Id, MessagePurpose.QuestionReply, sequence, rendered.Channel) != key) return;
        await outbox.EnqueueAsync(OutboxMessage.Create(registration.Id, sequence, RegistrationRecipientDirectory.Patient, rendered, time.GetUtcNow()), cancellationToken);
        await DispatchAsync(cancellationToken);
    }

    /// <summary>When an answer to a question asked at <paramref name="askedAt"/> is due.</summary>
    public DateTimeOffset DueAt(DateTimeOffset askedAt)
    {
        var zone = QuestionServiceCollectionExtensions.ClinicZone(clinic);
        return options.Value.Target(TimeZoneInfo.ConvertTime(askedAt, zone).Year, zone).DueAt(askedAt);
    }

    /// <summary>The thread's message id of an inbound message (the provider's id, the same on a redelivery).</summary>
    public static string InboundId(QuestionChannel channel, string providerMessageId) =>
        (channel == QuestionChannel.Email ? "email-" : "sms-") + providerMessageId;

    private static PortalQuestions ForPatient(QuestionThread thread) =>
        new([.. thread.Messages.Select(m => new PortalQuestionMessage(m.Author, m.Text, m.At))], QuestionThread.MaxTypedLength,
            thread.Messages.Count >= QuestionThread.MaxMessages);

    /// <summary>Appends under the thread's ETag (a lost race reads again); false when the message was there already.</summary>
    private async Task<bool> AppendAsync(RegistrationId id, QuestionMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await threads.FindAsync(id, cancellationToken);
            var thread = stored?.Value ?? QuestionThread.Empty(id);
            var next = thread.Add(message);
            if (ReferenceEquals(next, thread)) return false;
            try
            {
                await threads.SaveAsync(next, stored?.ETag, cancellationToken);
                return true;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxWriteAttempts)
            {
                // Another message (or the same one on another host) came first: read again.
            }
        }
    }

    /// <summary>The reply as the patient's channel carries it: its words when they fit one SMS with no PHI finding, else the link template.</summary>
    private async Task<(RenderedMessage? Message, ReplyDelivery Delivery)> RenderAsync(Registration registration, string text, string specialist, CancellationToken cancellationToken)
    {
        var channel = await ChannelAsync(registration, cancellationToken);
        if (channel is null) return (null, ReplyDelivery.PageOnly);
        var language = MessageLanguages.FromTag(registration.Patient.Language);
        var facility = reminders.Value.FacilityName;
        var context = ReminderSweep.PhiContextOf(registration);
        if (channel == NotificationChannel.Sms && NotificationTemplates.TryRenderReplyText(text, language, new TemplateValues(facility), context) is { } direct)
        {
            return (direct, ReplyDelivery.TextInMessage);
        }
        if (!links.Configured)
        {
            throw Invalid("text", "is too long for one text message or names something a text may not carry, and no patient page is configured to carry it: shorten it or call the patient");
        }
        var link = await links.IssueAsync(registration, specialist, cancellationToken);
        return (NotificationTemplates.Render(MessagePurpose.QuestionReply, channel.Value, language, new TemplateValues(facility, link.Url), context), ReplyDelivery.LinkOnly);
    }

    private async Task<NotificationChannel?> ChannelAsync(Registration registration, CancellationToken cancellationToken)
    {
        var ledger = await recipients.LedgerAsync(registration, cancellationToken);
        // No consent on either: write it anyway, so the console shows it suppressed with the reason.
        return ReminderSweep.ChannelFor(registration, ledger)
            ?? (registration.Patient.Phone is not null ? NotificationChannel.Sms
            : registration.Patient.Email is not null ? NotificationChannel.Email : null);
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await dispatch.DispatchDueAsync(time.GetUtcNow(), cancellationToken);
        }
        catch (TransientDependencyException e)
        {
            // The reply is in the outbox; the next dispatch sends it.
            Log.QuestionDispatchDeferred(logger, e.Dependency);
        }
    }

    private static string Describe(ReplyDelivery delivery, NotificationChannel? channel) => delivery switch
    {
        ReplyDelivery.TextInMessage => $"by {channel}, the words in the message",
        ReplyDelivery.LinkOnly => $"by {channel}, the patient page's link only",
        _ => "on the patient page only",
    };

    private static (string RequestId, string Text) Check(QuestionRequest request)
    {
        var errors = new List<ValidationError>();
        var requestId = RequestIds.Of(request.RequestId, errors);
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text)) errors.Add(new("text", "is required"));
        else if (FieldRules.CheckFreeText(text, QuestionThread.MaxTypedLength) is { } problem) errors.Add(new("text", problem));
        if (errors.Count > 0) throw new ValidationException(errors);
        return (requestId!, text!);
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationError(field, message)]);

}
