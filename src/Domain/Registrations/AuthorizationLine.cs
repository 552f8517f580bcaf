using System.Globalization;
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

    /// <summary>Why the line stands where it does, in plain words: the outcome's explanation for a line that needed a person, else from the record.</summary>
    public static string ReasonFor(AuthorizationRecord record, string? explanation)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!string.IsNullOrWhiteSpace(explanation)) return explanation;
        var decision = record.Decision;
        var number = decision?.AuthorizationNumber is { } n ? $" (authorization number {n})" : string.Empty;
        return record.State switch
        {
            AuthorizationState.NotNeeded when decision is not null => "The payer answered that no authorization is required for this service.",
            AuthorizationState.NotNeeded => record.Need?.Reason ?? "No authorization is needed for this service.",
            AuthorizationState.Reused => $"An approved authorization on file covers this service, its dates and units{number}.",
            AuthorizationState.Approved => $"The payer approved the authorization{number}{Period(decision)}.",
            AuthorizationState.Cancelled => "The authorization request was cancelled.",
            AuthorizationState.Open => "Checking whether this service needs an authorization.",
            AuthorizationState.Submitted => "Sent to the payer; waiting for its answer.",
            AuthorizationState.Pended when record.Clock is { } clock => string.Create(CultureInfo.InvariantCulture,
                $"The payer is reviewing the request; its decision is due by {clock.Deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC (CMS-0057-F)."),
            _ => $"The authorization is {record.State.ToString().ToLowerInvariant()}.",
        };
    }

    private static string Period(ItemDecision? decision) =>
        decision?.ApprovedFrom is { } from && decision.ApprovedTo is { } to
            ? string.Create(CultureInfo.InvariantCulture, $", valid {from:yyyy-MM-dd} to {to:yyyy-MM-dd}")
            : string.Empty;
}
