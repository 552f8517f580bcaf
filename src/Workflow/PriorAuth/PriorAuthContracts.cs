using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>
/// Input of <see cref="AuthorizationOrchestrator"/>: ids and settings only (orchestration inputs are stored in plain
/// text in the Durable history; no PHI). Run it with the instance id <see cref="PriorAuthInstances.For"/>.
/// </summary>
/// <param name="LineKey">The service line's key: its 1-based position on the appointment ("1", "2"...).</param>
/// <param name="MaxAttempts">Attempts per payer call for transient failures (5xx, 408, 429, timeouts).</param>
/// <param name="FirstRetryInterval">Backoff before the second attempt (doubles, up to 5 minutes); 5 s when null.</param>
/// <param name="PollInterval">How often a pended request is asked about; the payer directory's interval when null. Never below one second.</param>
/// <param name="DecisionWindow">
/// For demos and tests only: the payer's deadline this long after receipt instead of the CMS-0057-F window (the
/// warning at three quarters of it). Null in production.
/// </param>
public sealed record AuthorizationInput(
    string RegistrationId,
    string LineKey,
    int MaxAttempts = 5,
    TimeSpan? FirstRetryInterval = null,
    TimeSpan? PollInterval = null,
    TimeSpan? DecisionWindow = null);

/// <summary>Instance ids of the authorization orchestrations: from the business, so a repeated start is a no-op.</summary>
public static class PriorAuthInstances
{
    /// <summary><c>clearance-{registrationId}-auth-{lineKey}</c>.</summary>
    public static string For(string registrationId, string lineKey) => $"clearance-{registrationId}-auth-{lineKey}";

    /// <summary>The instance id of the orchestration waiting on an authorization record (<c>{registrationId}-auth-{lineKey}</c>).</summary>
    public static string ForRecord(string recordId) => "clearance-" + recordId;

    /// <summary>Splits <c>{registrationId}-auth-{lineKey}</c> (a record id, our PAS Claim.identifier and 278 TRN02); false when it is not one.</summary>
    public static bool TryParseRecordId(string? recordId, out string registrationId, out string lineKey)
    {
        registrationId = lineKey = string.Empty;
        if (recordId is null || recordId.Length < 40 || recordId.AsSpan(32, 6).SequenceEqual("-auth-") is false) return false;
        var rid = recordId[..32];
        var key = recordId[38..];
        if (!Domain.Registrations.RegistrationId.TryParse(rid, out _) || !ServiceLine.IsValidKey(key)) return false;
        registrationId = rid;
        lineKey = key;
        return true;
    }
}

/// <summary>External events the authorization orchestration waits for. The names are part of the contract with the triggers.</summary>
public static class PriorAuthEvents
{
    /// <summary>A payer notification about this line arrived (raised by the notifications endpoint).</summary>
    public const string AuthorizationNotified = "AuthorizationNotified";

    /// <summary>The visit was cancelled: cancel the pending request at the payer (raised by the clearance in phase 2).</summary>
    public const string CancelRequested = "AuthorizationCancelRequested";
}

/// <summary>Raised by the notifications endpoint: the notification record's id (no PHI; the record holds the decisions).</summary>
public sealed record AuthorizationNotifiedEvent(string NotificationId);

/// <summary>Raised to cancel: why, in plain words without PHI.</summary>
public sealed record AuthorizationCancelEvent(string Why);

/// <summary>Input of the authorization activities.</summary>
/// <param name="NotificationId">For <see cref="InquireAuthorizationActivity"/>: the notification that prompted the look (its decisions are used when it carried them).</param>
public sealed record AuthorizationStep(string RegistrationId, string LineKey, TimeSpan? DecisionWindow = null, string? NotificationId = null);

/// <summary>
/// What an authorization step found: the line's state, the review action code, and for a state that needs a person
/// the work item fields (plain words, codes and the line key only). <see cref="WarnAtUtc"/> and
/// <see cref="DeadlineUtc"/> are the decision clock while the payer has not decided.
/// </summary>
public sealed record AuthorizationStepResult(
    AuthorizationState State,
    string ReasonCode,
    string? ReviewActionCode,
    WorkItemReason? WorkItemReason,
    string? Explanation,
    string? SuggestedAction,
    DateTime? WarnAtUtc = null,
    DateTime? DeadlineUtc = null,
    TimeSpan? PollInterval = null);

/// <summary>Input of <see cref="RecordAuthorizationAttentionActivity"/>: a state the orchestration reached without the payer (payer unavailable).</summary>
public sealed record AuthorizationAttentionRecord(string RegistrationId, string LineKey, AuthorizationState State, WorkItemReason Reason, string Explanation, string SuggestedAction);

/// <summary>Input of <see cref="OpenAuthorizationWorkItemActivity"/> / <see cref="CloseAuthorizationWorkItemActivity"/>.</summary>
public sealed record AuthorizationWorkItemRequest(string RegistrationId, string Step, WorkItemReason Reason, string Explanation, string SuggestedAction);

/// <summary>
/// Output of <see cref="AuthorizationOrchestrator"/>: ids and statuses, no PHI. For states that need a person
/// (denied, modified, needs documentation, rejected, unknown need, payer unavailable) the work-item fields are filled
/// for the caller to open; an overdue item was opened by the orchestration itself while it waited
/// (<see cref="OverdueWorkItemId"/>).
/// </summary>
public sealed record AuthorizationOutcome(
    string RegistrationId,
    string LineKey,
    AuthorizationState State,
    string ReasonCode,
    string? ReviewActionCode,
    WorkItemReason? WorkItemReason,
    string? Explanation,
    string? SuggestedAction,
    DateTime? DeadlineUtc,
    string? OverdueWorkItemId,
    int Inquiries);
