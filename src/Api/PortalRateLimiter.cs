using System.Threading.RateLimiting;
using PatientAccess.Domain.Common;

namespace PatientAccess.Api;

/// <summary>Too many requests from one link or one client; retry after <see cref="RetryAfter"/>.</summary>
public sealed class TooManyRequestsException(TimeSpan retryAfter)
    : DomainException("Too many requests; wait a moment and try again.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Limits for the patient page's anonymous operations, in both hosts: per link (a page polls while a card is read, so
/// <see cref="PerLinkPerMinute"/> is generous) and per client for links that open nothing (guessing is hopeless with 128
/// random bits, and this keeps it slow and visible). In memory per instance: a scaled-out app multiplies the limits by
/// its instances, which still bounds a client.
/// </summary>
public sealed class PortalRateLimiter : IDisposable
{
    public const int PerLinkPerMinute = 60;
    public const int InvalidPerClientPer10Minutes = 20;
    public const int QuestionsPerLinkPerHour = 10;

    private readonly PartitionedRateLimiter<string> _perLink = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = PerLinkPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }));

    private readonly PartitionedRateLimiter<string> _invalid = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = InvalidPerClientPer10Minutes, Window = TimeSpan.FromMinutes(10), QueueLimit = 0, AutoReplenishment = true,
        }));

    private readonly PartitionedRateLimiter<string> _questions = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = QuestionsPerLinkPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = true,
        }));

    /// <summary>Counts one question asked through the link (by its hash); throws when over <see cref="QuestionsPerLinkPerHour"/>.</summary>
    public void CountQuestion(string tokenHash) => Acquire(_questions, tokenHash, TimeSpan.FromHours(1));

    /// <summary>Counts one request for the link (by its hash); throws when over the limit.</summary>
    public void CountLinkUse(string tokenHash) => Acquire(_perLink, tokenHash, TimeSpan.FromMinutes(1));

    /// <summary>Throws when the client already presented too many links that open nothing.</summary>
    public void CheckClient(string client)
    {
        using var lease = _invalid.AttemptAcquire(client, 0);
        if (!lease.IsAcquired) throw new TooManyRequestsException(RetryAfterOf(lease, TimeSpan.FromMinutes(10)));
    }

    /// <summary>Counts a presented link that opened nothing.</summary>
    public void CountInvalid(string client) => _invalid.AttemptAcquire(client).Dispose();

    private static void Acquire(PartitionedRateLimiter<string> limiter, string key, TimeSpan fallback)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (!lease.IsAcquired) throw new TooManyRequestsException(RetryAfterOf(lease, fallback));
    }

    private static TimeSpan RetryAfterOf(RateLimitLease lease, TimeSpan fallback) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : fallback;

    public void Dispose()
    {
        _perLink.Dispose();
        _invalid.Dispose();
        _questions.Dispose();
    }
}
