namespace PatientAccess.Domain.Audit;

/// <summary>
/// One line of the append-only audit trail: who or what changed what, when. The action text names
/// ids, steps and statuses only, never PHI values.
/// </summary>
public sealed record AuditEntry(
    string Id,
    string RegistrationId,
    string Actor,
    string Action,
    DateTimeOffset At);
