using PatientAccess.Domain.Questions;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Ports;

/// <summary>An open question as the worklist query finds it: whose, and since when it waits.</summary>
public sealed record AwaitingThread(RegistrationId RegistrationId, DateTimeOffset AwaitingSince);

/// <summary>
/// A text from a number no registration has: recorded without PHI (the provider's message id, the channel and when; never
/// the number or the words) so the console can say that such texts arrive. It belongs to nobody's registration.
/// </summary>
public sealed record UnmatchedMessage(string MessageId, QuestionChannel Channel, DateTimeOffset ReceivedAt);

/// <summary>The question threads, one per registration, with optimistic concurrency.</summary>
public interface IQuestionThreadStore
{
    /// <summary>The registration's thread with its ETag, or null when nobody has written in it yet.</summary>
    Task<Versioned<QuestionThread>?> FindAsync(RegistrationId registrationId, CancellationToken cancellationToken);

    /// <summary>Creates (<paramref name="etag"/> null) or replaces the thread if its ETag still matches; answers the new ETag.</summary>
    /// <exception cref="Common.ConcurrencyConflictException">Someone else wrote first (or created it first).</exception>
    Task<string> SaveAsync(QuestionThread thread, string? etag, CancellationToken cancellationToken);

    /// <summary>Threads with an unanswered question, at most <paramref name="max"/>, oldest question first.</summary>
    Task<IReadOnlyList<AwaitingThread>> ListAwaitingAsync(int max, CancellationToken cancellationToken);

    /// <summary>Records a text from an unknown number; a redelivery (same message id) records nothing new.</summary>
    Task RecordUnmatchedAsync(UnmatchedMessage message, CancellationToken cancellationToken);

    /// <summary>Texts from unknown numbers received at or after <paramref name="since"/>, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<UnmatchedMessage>> ListUnmatchedAsync(DateTimeOffset since, int max, CancellationToken cancellationToken);
}
