using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Ports;

/// <summary>
/// The consent ledger of a registration's patient as changed after pre-registration (STOP, START, portal,
/// staff). Absent until the first change: until then the registration's own consents are the ledger.
/// </summary>
public interface IConsentLedgerStore
{
    /// <summary>The stored ledger, or null when consent never changed after pre-registration.</summary>
    Task<Versioned<ConsentLedger>?> FindAsync(RegistrationId registrationId, CancellationToken cancellationToken);

    /// <summary>Creates the ledger (<paramref name="etag"/> null) or replaces it if the stored one still has <paramref name="etag"/>; returns the new ETag.</summary>
    /// <exception cref="Common.ConcurrencyConflictException">Someone else created or changed it first.</exception>
    Task<string> SaveAsync(RegistrationId registrationId, ConsentLedger ledger, string? etag, CancellationToken cancellationToken);
}

/// <summary>Sends what the outbox holds and is due (the notification dispatcher, behind a port for the workflow).</summary>
public interface IDueMessageDispatch
{
    Task DispatchDueAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken);
}
