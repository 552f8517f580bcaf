using System.Security.Cryptography;
using System.Text;
using PatientAccess.Domain.Ports;

namespace PatientAccess.Domain.PriorAuth;

/// <summary>Where one service line's authorization stands. The order is the order a line can move in.</summary>
public enum AuthorizationState
{
    /// <summary>Nothing decided yet.</summary>
    Open,

    /// <summary>No authorization is needed (the 271 or the payer's list, or the payer answered NA).</summary>
    NotNeeded,

    /// <summary>An approved authorization on file for the same payer, member, code and dates covers the line.</summary>
    Reused,

    /// <summary>Sent to the payer; no decision in the answer yet.</summary>
    Submitted,

    /// <summary>The payer pended it; a notification or a poll brings the decision.</summary>
    Pended,

    Approved,
    Modified,
    Denied,

    /// <summary>The payer could not accept the request as sent, or answered with an error.</summary>
    Rejected,

    /// <summary>A specialist must decide (unknown need, payer unavailable); the work item says why.</summary>
    NeedsSpecialist,

    Cancelled,
}

public static class AuthorizationStates
{
    /// <summary>The line no longer waits for the payer.</summary>
    public static bool IsSettled(this AuthorizationState state) => state is not (AuthorizationState.Open or AuthorizationState.Submitted or AuthorizationState.Pended);

    /// <summary>The visit may go ahead as far as this line is concerned.</summary>
    public static bool IsCleared(this AuthorizationState state) =>
        state is AuthorizationState.NotNeeded or AuthorizationState.Reused or AuthorizationState.Approved;

    public static AuthorizationState FromDecision(AuthorizationDecisionKind decision) => decision switch
    {
        AuthorizationDecisionKind.Approved => AuthorizationState.Approved,
        AuthorizationDecisionKind.Modified => AuthorizationState.Modified,
        AuthorizationDecisionKind.Denied => AuthorizationState.Denied,
        AuthorizationDecisionKind.Pended => AuthorizationState.Pended,
        AuthorizationDecisionKind.Cancelled => AuthorizationState.Cancelled,
        AuthorizationDecisionKind.NoActionRequired => AuthorizationState.NotNeeded,
        _ => AuthorizationState.Rejected,
    };
}

/// <summary>
/// One service line's authorization as the hospital keeps it: the need and its reason, the submission, the clock,
/// the decision and the time it took. Stored per registration and line (<see cref="Id"/>); the member is kept only as
/// <see cref="MemberKey"/>, a hash, so "on file" can be searched without storing the member id again.
/// </summary>
public sealed record AuthorizationRecord(
    string Id,
    string RegistrationId,
    string LineKey,
    string PayerId,
    string MemberKey,
    string ServiceCode,
    DateOnly From,
    DateOnly To,
    int Units,
    AuthorizationState State,
    DateTimeOffset UpdatedAt,
    NeedDecision? Need = null,
    string? SubmissionId = null,
    string? PayerReference = null,
    DateTimeOffset? SubmittedAt = null,
    DecisionDeadline? Clock = null,
    ItemDecision? Decision = null,
    DateTimeOffset? DecidedAt = null,
    TimeSpan? TimeToDecision = null,
    string? ReusedFrom = null,
    int Inquiries = 0,
    string? LastResponseBlob = null)
{
    /// <summary><c>{registrationId}-auth-{lineKey}</c>: the record id, the PAS Claim.identifier / 278 TRN02 we send, and (prefixed) the orchestration's instance id.</summary>
    public static string IdFor(string registrationId, string lineKey) => $"{registrationId}-auth-{lineKey}";

    /// <summary>
    /// Whether the line may move to <paramref name="next"/>: stage changes never go backwards. A waiting line (open,
    /// submitted, pended) may move to any outcome; a line a specialist holds (needs specialist, denied, modified,
    /// rejected) may be submitted again after their fix; any line but a cancelled one may be cancelled; nothing returns
    /// to open, and an approved or not-needed line stays so.
    /// </summary>
    public bool CanMoveTo(AuthorizationState next) => next != State && (State, next) switch
    {
        (_, AuthorizationState.Open) => false,
        (AuthorizationState.Cancelled, _) => false,
        (_, AuthorizationState.Cancelled) => true,
        (AuthorizationState.Pended, AuthorizationState.Submitted) => false,
        (AuthorizationState.Open or AuthorizationState.Submitted or AuthorizationState.Pended, _) => true,
        (AuthorizationState.NeedsSpecialist or AuthorizationState.Denied or AuthorizationState.Modified or AuthorizationState.Rejected, AuthorizationState.Submitted) => true,
        (AuthorizationState.NeedsSpecialist, _) => true,
        _ => false,
    };

    /// <summary>A stable hash of payer and member id (upper-cased, trimmed): equal members have equal keys; the id itself is not stored here.</summary>
    public static string MemberKeyFor(string payerId, string memberId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(memberId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(payerId.Trim().ToUpperInvariant() + "|" + memberId.Trim().ToUpperInvariant()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

/// <summary>Reuse of an authorization already on file (pure).</summary>
public static class AuthorizationReuse
{
    /// <summary>
    /// An approved authorization for the same payer, member and code whose approved dates cover the line's dates and
    /// whose approved units (when stated) cover the line's units; the one that ends last. Null when none does.
    /// </summary>
    public static AuthorizationRecord? Find(ServiceLine line, string payerId, string memberKey, IEnumerable<AuthorizationRecord> onFile)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(onFile);
        return onFile
            .Where(r => r.State == AuthorizationState.Approved && r.Decision is not null)
            .Where(r => string.Equals(r.PayerId, payerId, StringComparison.OrdinalIgnoreCase) && r.MemberKey == memberKey && r.ServiceCode == line.Code.Value)
            .Where(r => (r.Decision!.ApprovedFrom ?? r.From) <= line.From && (r.Decision.ApprovedTo ?? r.To) >= line.To)
            .Where(r => r.Decision!.ApprovedUnits is null || r.Decision.ApprovedUnits >= line.Units)
            .OrderByDescending(r => r.Decision!.ApprovedTo ?? r.To)
            .FirstOrDefault();
    }
}

/// <summary>The authorization records, one per registration and service line, with optimistic concurrency.</summary>
public interface IAuthorizationStore
{
    Task<Versioned<AuthorizationRecord>?> FindAsync(string registrationId, string lineKey, CancellationToken cancellationToken);

    /// <summary>Creates (<paramref name="etag"/> null) or replaces the record; returns the new ETag.</summary>
    /// <exception cref="Common.ConcurrencyConflictException">Someone else created or changed it first.</exception>
    Task<string> SaveAsync(AuthorizationRecord record, string? etag, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuthorizationRecord>> ListForRegistrationAsync(string registrationId, CancellationToken cancellationToken);

    /// <summary>Approved records of this payer, member key and code (any registration), for reuse.</summary>
    Task<IReadOnlyList<AuthorizationRecord>> ListApprovedAsync(string payerId, string memberKey, string serviceCode, CancellationToken cancellationToken);

    /// <summary>The record the payer knows by <paramref name="payerReference"/> (an id-only notification names only that).</summary>
    Task<AuthorizationRecord?> FindByPayerReferenceAsync(string payerId, string payerReference, CancellationToken cancellationToken);
}
