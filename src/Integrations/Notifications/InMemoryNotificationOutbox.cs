using System.Globalization;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Integrations.Notifications;

/// <summary>
/// The outbox in memory, with the same contract as the Cosmos one (idempotent enqueue, ETag-checked replace).
/// For orchestration tests and throwaway local runs; everything is lost when the process ends.
/// </summary>
public sealed class InMemoryNotificationOutbox : INotificationOutbox
{
    private const string Kind = "Outbox message";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OutboxMessage> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContactLog> _logs = new(StringComparer.Ordinal);
    private long _version;

    public Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (_messages.TryGetValue(message.Key.Value, out var existing)) return Task.FromResult(existing);
            var stored = message with { ETag = NextETag() };
            _messages[message.Key.Value] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task<OutboxMessage?> FindAsync(RegistrationId registrationId, MessageKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_messages.TryGetValue(key.Value, out var m) && m.RegistrationId == registrationId ? m : null);
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset nowUtc, int maxCount, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxMessage> due = _messages.Values.Where(m => m.IsDue(nowUtc))
                .OrderBy(m => m.Status == OutboxStatus.Sending ? m.ClaimedUntilUtc : m.SendAfterUtc)
                .ThenBy(m => m.Key.Value, StringComparer.Ordinal)
                .Take(maxCount).ToList();
            return Task.FromResult(due);
        }
    }

    public Task<OutboxMessage> ReplaceAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (!_messages.TryGetValue(message.Key.Value, out var current)) throw new NotFoundException(Kind, message.Key.Value);
            if (message.ETag is null || current.ETag != message.ETag) throw new ConcurrencyConflictException(Kind, message.Key.Value);
            var stored = message with { ETag = NextETag() };
            _messages[message.Key.Value] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListForRegistrationAsync(RegistrationId registrationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxMessage> list = _messages.Values.Where(m => m.RegistrationId == registrationId)
                .OrderBy(m => m.CreatedUtc).ThenBy(m => m.Key.Value, StringComparer.Ordinal).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListRecentAsync(int maxCount, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxMessage> list = _messages.Values.OrderByDescending(m => m.CreatedUtc)
                .ThenBy(m => m.Key.Value, StringComparer.Ordinal).Take(maxCount).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<ContactLog> GetContactLogAsync(RegistrationId registrationId, NotificationChannel channel, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var empty = ContactLog.Empty(registrationId, channel);
            return Task.FromResult(_logs.TryGetValue(empty.Id, out var log) ? log : empty);
        }
    }

    public Task<ContactLog> SaveContactLogAsync(ContactLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        lock (_gate)
        {
            var exists = _logs.TryGetValue(log.Id, out var current);
            if (log.ETag is null ? exists : !exists || current!.ETag != log.ETag) throw new ConcurrencyConflictException("Contact log", log.Id);
            var stored = log with { ETag = NextETag() };
            _logs[log.Id] = stored;
            return Task.FromResult(stored);
        }
    }

    private string NextETag() => "\"" + (++_version).ToString(CultureInfo.InvariantCulture) + "\"";
}
