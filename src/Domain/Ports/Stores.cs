using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Domain.Ports;

/// <summary>A value read from a store with the version tag (ETag) to write it back against.</summary>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>Registration documents with optimistic concurrency.</summary>
public interface IRegistrationStore
{
    /// <summary>Creates the registration; returns false when one with that id already exists.</summary>
    Task<bool> TryCreateAsync(Registration registration, CancellationToken cancellationToken);

    /// <exception cref="Common.NotFoundException">No registration with that id.</exception>
    Task<Versioned<Registration>> GetAsync(RegistrationId id, CancellationToken cancellationToken);

    /// <summary>Replaces the registration if it still has <paramref name="etag"/>; returns the new ETag.</summary>
    /// <exception cref="Common.ConcurrencyConflictException">Someone else wrote it first.</exception>
    Task<string> ReplaceAsync(Registration registration, string etag, CancellationToken cancellationToken);

    /// <summary>
    /// Ids of registrations whose next patient reminder (<see cref="PatientFollowUp.NextReminderAt"/>) is due at or
    /// before <paramref name="now"/>, at most <paramref name="max"/>, in no particular order: the reminder sweep's query.
    /// </summary>
    Task<IReadOnlyList<RegistrationId>> ListRemindersDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Ids of registrations whose eligibility re-check (<see cref="Registration.EligibilityRecheckAt"/>) is due at or
    /// before <paramref name="now"/> while the visit is still ahead: the re-check sweep's query.
    /// </summary>
    Task<IReadOnlyList<RegistrationId>> ListEligibilityRechecksDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Ids of registrations whose patient phone is <paramref name="phone"/> (at most <paramref name="max"/>, in no
    /// particular order), for inbound SMS: a STOP applies to every registration of that number.
    /// </summary>
    Task<IReadOnlyList<RegistrationId>> ListByPhoneAsync(PhoneNumber phone, int max, CancellationToken cancellationToken);
}

/// <summary>The specialists' queue.</summary>
public interface IWorkItemStore
{
    /// <summary>Creates the item; returns the stored one when an item with that id exists already.</summary>
    Task<WorkItem> CreateOrGetAsync(WorkItem item, CancellationToken cancellationToken);

    /// <exception cref="Common.NotFoundException">No such item for that registration.</exception>
    Task<Versioned<WorkItem>> GetAsync(string registrationId, string workItemId, CancellationToken cancellationToken);

    /// <exception cref="Common.ConcurrencyConflictException">Someone else wrote it first.</exception>
    Task<string> ReplaceAsync(WorkItem item, string etag, CancellationToken cancellationToken);

    /// <summary>Open items, oldest first, optionally of one reason.</summary>
    Task<IReadOnlyList<WorkItem>> ListOpenAsync(WorkItemReason? reason, int max, CancellationToken cancellationToken);

    /// <summary>Every item of one registration, open and resolved, oldest first (a single-partition query).</summary>
    Task<IReadOnlyList<WorkItem>> ListForRegistrationAsync(string registrationId, CancellationToken cancellationToken);
}

/// <summary>The append-only audit trail.</summary>
public interface IAuditTrail
{
    /// <summary>Appends the entry; appending an entry with an existing id is a no-op (retries stay single).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ListAsync(string registrationId, CancellationToken cancellationToken);
}

/// <summary>What an Idempotency-Key has been used for.</summary>
public sealed record IdempotencyRecord(string Key, string RequestHash, RegistrationId RegistrationId, DateTimeOffset CreatedAt);

/// <summary>Remembers Idempotency-Keys for a day so a repeated request returns the first answer.</summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="record"/>'s key. Returns the record now on file: the given one when the key
    /// was free, or the earlier one when the key was used before.
    /// </summary>
    Task<IdempotencyRecord> ClaimAsync(IdempotencyRecord record, CancellationToken cancellationToken);
}
