using PatientAccess.Domain.Portal;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Ports;

/// <summary>Issued patient links, by the hash of their token (the token itself is never stored).</summary>
public interface IPatientLinkStore
{
    /// <summary>Stores a newly issued link.</summary>
    Task CreateAsync(PatientLink link, CancellationToken cancellationToken);

    /// <summary>The link with this token hash, or null when none was issued.</summary>
    Task<PatientLink?> FindAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Every link issued for a registration, oldest first.</summary>
    Task<IReadOnlyList<PatientLink>> ListForRegistrationAsync(RegistrationId registrationId, CancellationToken cancellationToken);

    /// <summary>Writes a changed link (revocation); last writer wins, revocation is idempotent.</summary>
    Task ReplaceAsync(PatientLink link, CancellationToken cancellationToken);
}
