using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Domain.Registrations;

/// <summary>Who settled a service line's authorization for the visit.</summary>
public enum AuthorizationSettledBy
{
    /// <summary>The automated decision or the payer's answer.</summary>
    Automation,

    /// <summary>A specialist resolved the line's work item and let the clearance go on (e.g. accepted a partial approval).</summary>
    Specialist,
}

/// <summary>
/// One service line's prior authorization as the registration records it for the status, the worklist and the pages:
/// the state and its reason (every automated decision explained in <see cref="Reason"/>, plain words), the payer's
/// reference and decision with its approved dates and units, and the clock. Codes, dates and plain words only.
/// </summary>
public sealed record AuthorizationLine(
    string LineKey,
    string ServiceCode,
    AuthorizationState State,
    string ReasonCode,
    string Reason,
    DateTimeOffset UpdatedAt,
    string? PayerReference = null,
    string? AuthorizationNumber = null,
    AuthorizationDecisionKind? Decision = null,
    string? ReviewActionCode = null,
    DateOnly? ApprovedFrom = null,
    DateOnly? ApprovedTo = null,
    decimal? ApprovedUnits = null,
    DateTimeOffset? SubmittedAt = null,
    DateTimeOffset? DeadlineAt = null,
    DateTimeOffset? DecidedAt = null,
    AuthorizationSettledBy SettledBy = AuthorizationSettledBy.Automation,
    string? WorkItemId = null)
{
    /// <summary>The line from its authorization record; <paramref name="reason"/> is the plain-words explanation of its state.</summary>
    public static AuthorizationLine From(AuthorizationRecord record, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(record);
        var decision = record.Decision;
        return new AuthorizationLine(
            record.LineKey,
            record.ServiceCode,
            record.State,
            decision is { ReviewActionCode: { } code } ? "review-" + code.ToLowerInvariant() : record.Need?.ReasonCode ?? record.State.ToString().ToLowerInvariant(),
            reason,
            at,
            record.PayerReference,
            decision?.AuthorizationNumber,
            decision?.Decision,
            decision?.ReviewActionCode,
            decision?.ApprovedFrom,
            decision?.ApprovedTo,
            decision?.ApprovedUnits,
            record.SubmittedAt,
            record.State.IsSettled() ? null : record.Clock?.Deadline,
            record.DecidedAt);
    }
}
