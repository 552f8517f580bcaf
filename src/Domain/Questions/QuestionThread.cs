using System.Globalization;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Questions;

/// <summary>Who wrote a message of a question thread.</summary>
public enum QuestionAuthor
{
    /// <summary>The patient (or whoever answers the patient's phone or link).</summary>
    Patient,
    /// <summary>A specialist, from the console.</summary>
    Specialist,
}

/// <summary>Where a message of a question thread came from.</summary>
public enum QuestionChannel
{
    /// <summary>A text to our number that was not a keyword.</summary>
    Sms,
    /// <summary>An email to our address (no inbound email provider is wired yet; see docs/decisions/0019).</summary>
    Email,
    /// <summary>"Ask a question" on the patient page.</summary>
    PatientPage,
    /// <summary>A specialist's reply from the console.</summary>
    Console,
}

/// <summary>How a specialist's reply reaches the patient.</summary>
public enum ReplyDelivery
{
    /// <summary>The reply's words are in the text (or email): short enough for one SMS and nothing the PHI check flags.</summary>
    TextInMessage,
    /// <summary>The message says "we answered your question" with the patient page's link; the words are only on the page.</summary>
    LinkOnly,
    /// <summary>No channel reaches the patient (no phone, no email): the reply is on the patient page only.</summary>
    PageOnly,
}

/// <summary>
/// One message of a thread. <paramref name="Text"/> is PHI (the patient's own words, the specialist's answer): it is
/// stored and shown to the patient and to specialists, never logged; <see cref="ToString"/> leaves it out.
/// </summary>
/// <param name="Id">Unique in the thread and stable across retries: <c>sms-{provider message id}</c>,
/// <c>page-{request id}</c>, <c>reply-{request id}</c>. A redelivered or replayed message finds itself.</param>
/// <param name="Specialist">The replying specialist's name (replies only).</param>
/// <param name="OutboxKey">The outbox message that carries a reply to the patient (null: page only).</param>
public sealed record QuestionMessage(
    string Id,
    QuestionAuthor Author,
    QuestionChannel Channel,
    string Text,
    DateTimeOffset At,
    string? Specialist = null,
    string? OutboxKey = null,
    ReplyDelivery? Delivery = null)
{
    public override string ToString() => $"QuestionMessage {{ Id = {Id}, Author = {Author}, Channel = {Channel}, At = {At:O} }}";
}

/// <summary>
/// The conversation between a registration's patient and the specialists: questions by text, email or the patient page
/// and the specialists' replies, in the order they were recorded. Immutable; <see cref="Add"/> returns the next state. A question is
/// <em>open</em> from the first patient message after the last reply until a specialist replies
/// (<see cref="AwaitingSince"/>).
/// </summary>
public sealed class QuestionThread
{
    /// <summary>A thread holds at most this many messages (a document stays far below Cosmos DB's 2 MB).</summary>
    public const int MaxMessages = 200;

    /// <summary>The longest patient question or reply a person may type (the page, the console).</summary>
    public const int MaxTypedLength = 1000;

    /// <summary>Inbound texts are kept up to this many characters (a long concatenated SMS is about 1,600).</summary>
    public const int MaxInboundLength = 1600;

    public QuestionThread(RegistrationId registrationId, IEnumerable<QuestionMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        RegistrationId = registrationId;
        // In the order they were recorded, not by their times: a text the provider delivers late was not seen by a reply
        // written before it arrived, so it stays open after that reply.
        Messages = [.. messages];
    }

    public static QuestionThread Empty(RegistrationId registrationId) => new(registrationId, []);

    public RegistrationId RegistrationId { get; }

    public IReadOnlyList<QuestionMessage> Messages { get; }

    /// <summary>When the oldest unanswered patient message arrived; null when every question has a reply.</summary>
    public DateTimeOffset? AwaitingSince
    {
        get
        {
            DateTimeOffset? since = null;
            foreach (var message in Messages)
            {
                if (message.Author == QuestionAuthor.Specialist) since = null;
                else since ??= message.At;
            }
            return since;
        }
    }

    /// <summary>Patient messages since the last reply.</summary>
    public int Unanswered => Messages.Count - 1 - LastIndex(QuestionAuthor.Specialist);

    /// <summary>How many replies the thread has (the next reply's number is this plus one).</summary>
    public int Replies => Messages.Count(m => m.Author == QuestionAuthor.Specialist);

    public QuestionMessage? Find(string id) => Messages.FirstOrDefault(m => m.Id == id);

    /// <summary>The thread with <paramref name="message"/>; the same thread when a message with its id is already in it.</summary>
    /// <exception cref="ValidationException">The thread is full (<see cref="MaxMessages"/>).</exception>
    public QuestionThread Add(QuestionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Find(message.Id) is not null) return this;
        if (Messages.Count >= MaxMessages)
        {
            throw new ValidationException([new("text", string.Create(CultureInfo.InvariantCulture,
                $"this conversation has {MaxMessages} messages, the most it keeps; please call the clinic"))]);
        }
        return new QuestionThread(RegistrationId, Messages.Append(message));
    }

    private int LastIndex(QuestionAuthor author)
    {
        for (var i = Messages.Count - 1; i >= 0; i--)
        {
            if (Messages[i].Author == author) return i;
        }
        return -1;
    }
}
