using System.Globalization;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Domain.PriorAuth;

/// <summary>A case for a specialist: the reason code and plain words (codes, line keys and times only, never patient values).</summary>
public sealed record AuthorizationAttention(WorkItemReason Reason, string Explanation, string SuggestedAction);

/// <summary>What a specialist is told, and what they can do, for each authorization outcome that needs a person.</summary>
public static class AuthorizationFollowUp
{
    public const string Resubmit = "resubmit with documentation (clinical notes that answer the payer's reasons)";
    public const string PeerToPeer = "request a peer-to-peer review with the payer's medical reviewer";
    public const string Reschedule = "reschedule the visit if the answer cannot come in time";
    public const string Cancel = "cancel the service and tell the patient";

    /// <summary>
    /// What resolving a line's work item does in the clearance (appended to the suggested action): continue settles the
    /// line by the specialist's word and the clearance goes on; close ends the clearance.
    /// </summary>
    public const string Resolution =
        "Once it is settled with the payer (approved by phone or portal, or the partial approval accepted), continue: the clearance goes on with this service line settled by you. Close to stop the clearance.";

    /// <summary>The work item for a decision that needs a person; null for approved, not needed, pended (waits) and cancelled.</summary>
    public static AuthorizationAttention? ForDecision(string lineKey, ItemDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var codes = Reasons(decision);
        var line = $"Service line {lineKey}";
        return decision.Decision switch
        {
            AuthorizationDecisionKind.Denied => new(WorkItemReason.AuthorizationDenied,
                $"{line}: the payer denied the authorization (review action {decision.ReviewActionCode ?? "none"}{codes}).",
                $"Read the payer's reasons, then {Resubmit}, {PeerToPeer}, {Reschedule}, or {Cancel}."),
            AuthorizationDecisionKind.Modified => new(WorkItemReason.AuthorizationModified,
                $"{line}: the payer approved less or other than asked (review action {decision.ReviewActionCode ?? "none"}{Approved(decision)}{codes}).",
                $"Accept it and adjust the order and the schedule, or {Resubmit} for the rest, {PeerToPeer}, {Reschedule}."),
            AuthorizationDecisionKind.Pended when decision.AsksForContact => NeedsDocumentation(lineKey, decision),
            AuthorizationDecisionKind.Error => new(WorkItemReason.AuthorizationRequestRejected,
                $"{line}: the payer answered with an error for this service{codes}.",
                "Check the service code, units, dates and provider on the registration, correct them and request the authorization through the payer's portal or by phone; do not resubmit unchanged."),
            _ => null,
        };
    }

    public static AuthorizationAttention NeedsDocumentation(string lineKey, ItemDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(WorkItemReason.AuthorizationNeedsDocumentation,
            $"Service line {lineKey}: the payer needs more before deciding (review action {decision.ReviewActionCode ?? "none"}{Reasons(decision)}).",
            $"Call the payer or send the documentation it asks for; or {PeerToPeer}, {Reschedule}.");
    }

    public static AuthorizationAttention Rejected(string lineKey, IReadOnlyList<string> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        return new(WorkItemReason.AuthorizationRequestRejected,
            $"Service line {lineKey}: the payer could not accept the request as sent ({string.Join("; ", issues.Take(5))}).",
            "Correct the data the payer names (member id, provider NPI, service code, dates) and request the authorization through the payer's portal or by phone; do not resubmit unchanged.");
    }

    public static AuthorizationAttention NeedUnknown(string lineKey, NeedDecision need)
    {
        ArgumentNullException.ThrowIfNull(need);
        return new(WorkItemReason.AuthorizationNeedUnknown,
            $"Service line {lineKey}: it is not known whether this service needs an authorization. {need.Reason}",
            "Check the payer's portal or call the payer, and request the authorization there if one is needed.");
    }

    public static AuthorizationAttention NotElectronic(string lineKey) =>
        new(WorkItemReason.AuthorizationPayerUnavailable,
            $"Service line {lineKey} needs an authorization, and the payer is not in the payer directory (no electronic requests).",
            $"Request the authorization through the payer's portal or by phone and record the answer, or {Reschedule}.");

    public static AuthorizationAttention CoverageMissing(string lineKey) =>
        new(WorkItemReason.AuthorizationNeedUnknown,
            $"Service line {lineKey}: no payer id or member id is on file, so no authorization can be checked or requested.",
            "Record the insurance on the registration and check with the payer whether an authorization is needed.");

    public static AuthorizationAttention PayerUnavailable(string lineKey, int attempts) =>
        new(WorkItemReason.AuthorizationPayerUnavailable,
            $"Service line {lineKey}: the payer did not answer the authorization request in {attempts.ToString(CultureInfo.InvariantCulture)} attempts (unavailable or timing out).",
            $"Submit through the payer's portal or by phone and record the answer, or {Reschedule}.");

    /// <summary>
    /// The line's request was cancelled at the payer while the visit still stands: a reschedule moved the visit outside
    /// the dates asked for, or a specialist closed the line's overdue item.
    /// </summary>
    public static AuthorizationAttention Cancelled(string lineKey) =>
        new(WorkItemReason.AuthorizationCancelled,
            $"Service line {lineKey}: its authorization request was cancelled at the payer (the visit moved outside the dates asked for, or the line's overdue item was closed), and the visit still needs it.",
            $"Request an authorization for the visit's date through the payer's portal or by phone; or {Reschedule}, or {Cancel}.");

    /// <summary>Before the deadline (warning) and at it (overdue). Times in UTC, ISO 8601.</summary>
    public static AuthorizationAttention Overdue(string lineKey, DecisionDeadline clock, bool pastDeadline)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var deadline = clock.Deadline.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var window = clock.Urgency == AuthorizationUrgency.Expedited ? "72-hour expedited" : "7-day standard";
        var state = pastDeadline ? $"passed its {window} decision deadline ({deadline})" : $"has not decided; its {window} decision deadline is {deadline}";
        return new(WorkItemReason.AuthorizationOverdue,
            $"Service line {lineKey}: the payer {state} (CMS-0057-F).",
            $"Call the payer's utilization management line with the request's tracking number and ask for the decision, or {Reschedule}; continue once the payer has answered.");
    }

    private static string Reasons(ItemDecision decision) =>
        decision.Reasons.Count == 0 ? string.Empty : ", reason codes " + string.Join(", ", decision.Reasons.Select(r => r.Code));

    private static string Approved(ItemDecision decision)
    {
        var parts = new List<string>();
        if (decision.ApprovedUnits is { } units) parts.Add($"{units.ToString("0.##", CultureInfo.InvariantCulture)} unit(s) approved");
        if (decision.ApprovedFrom is { } from) parts.Add($"from {from:yyyy-MM-dd}");
        if (decision.ApprovedTo is { } to) parts.Add($"to {to:yyyy-MM-dd}");
        return parts.Count == 0 ? string.Empty : ", " + string.Join(" ", parts);
    }

    /// <summary>
    /// The patient's message once every line is settled: <see cref="MessagePurpose.VisitReady"/> when every line is
    /// approved or needs none, else <see cref="MessagePurpose.AuthorizationUpdate"/> ("please call us"). Null while a line is still open.
    /// </summary>
    public static MessagePurpose? PatientMessage(IEnumerable<AuthorizationState> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var states = lines.ToList();
        if (states.Count == 0 || states.Any(s => !s.IsSettled())) return null;
        return states.All(s => s.IsCleared()) ? MessagePurpose.VisitReady : MessagePurpose.AuthorizationUpdate;
    }
}
