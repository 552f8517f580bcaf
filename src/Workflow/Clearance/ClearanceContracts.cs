using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// What a clearance orchestration starts with: ids and settings only, never PHI (orchestration inputs
/// and outputs are stored in the Durable history in plain text).
/// </summary>
/// <param name="SelfPay">The patient gave no insurance (<see cref="Domain.Estimates.RegistrationEstimates.IsSelfPay"/>):
/// no card, no eligibility check, no prior authorization (no payer to ask); the clearance goes to the Good Faith Estimate.</param>
/// <param name="Authorization">Settings of the prior-authorization lines; the payer directory's and CMS-0057-F's when null.</param>
public sealed record ClearanceInput(string RegistrationId, TimeSpan CardWaitTimeout, bool SelfPay = false, AuthorizationSettings? Authorization = null);

/// <summary>
/// How the clearance runs its prior-authorization lines: <paramref name="PollInterval"/> overrides the payer's poll
/// interval and <paramref name="DecisionWindow"/> the CMS-0057-F window, for demos and tests only (null in production).
/// </summary>
public sealed record AuthorizationSettings(TimeSpan? PollInterval = null, TimeSpan? DecisionWindow = null);

/// <summary>How a clearance ended.</summary>
public sealed record ClearanceResult(string RegistrationId, ClearanceStage Stage);

/// <summary>External events the clearance waits for. The names are part of the contract with the triggers.</summary>
public static class ClearanceEvents
{
    /// <summary>A card image passed the checks and was recorded on the registration.</summary>
    public const string CardUploaded = "CardUploaded";

    /// <summary>A specialist resolved a work item of this registration.</summary>
    public const string WorkItemResolved = "WorkItemResolved";

    /// <summary>The reminder sweep sent every reminder of a wait and the patient did not answer.</summary>
    public const string PatientUnresponsive = "PatientUnresponsive";

    /// <summary>A form of the registration was signed (on the patient page, or a paper scan at the desk).</summary>
    public const string FormSigned = "FormSigned";
}

/// <summary>Raised by the signing operations. Carries the signature's id only, never the signer's name.</summary>
public sealed record FormSignedEvent(string SignatureId);

/// <summary>Raised by the reminder sweep. <paramref name="Step"/> names the wait, so a late event for an earlier wait is ignored.</summary>
public sealed record PatientUnresponsiveEvent(string Step, int RemindersSent);

/// <summary>Raised by the card-upload trigger. Carries the blob name (ids only), never the image.</summary>
public sealed record CardUploadedEvent(string BlobName, string Side);

/// <summary>Raised by the resolution endpoint.</summary>
public sealed record WorkItemResolvedEvent(string WorkItemId, ResolutionAction Action);

/// <summary>
/// Input of <see cref="RecordProgressActivity"/>. <paramref name="Expect"/>: the clearance now waits for the patient
/// to do this (reminders start); null: it does not wait for the patient (reminders stop). <paramref name="Sequence"/>:
/// the step's number in the clearance's own order (see <see cref="ClearanceSteps"/>); an update older than what the
/// registration holds changes nothing.
/// </summary>
public sealed record ProgressUpdate(
    string RegistrationId, ClearanceStage Stage, string Step, string Outcome, string? Awaiting, PatientTask? Expect = null, long? Sequence = null);

/// <summary>
/// Input of <see cref="OpenWorkItemActivity"/>. Explanation and action are plain words without PHI.
/// <paramref name="Nudge"/>: while the item is open the patient may also fix it (reminders for this task start);
/// null leaves the patient's reminders as they are. <paramref name="StageWhileOpen"/>: the registration's stage while
/// the item is open. <paramref name="Sequence"/>: as for <see cref="ProgressUpdate"/>.
/// </summary>
public sealed record WorkItemRequest(
    string RegistrationId,
    string Step,
    WorkItemReason Reason,
    string Explanation,
    string SuggestedAction,
    PatientTask? Nudge = null,
    ClearanceStage StageWhileOpen = ClearanceStage.NeedsAttention,
    long? Sequence = null);

/// <summary>
/// Input of <see cref="ReportStepFailedActivity"/>: <paramref name="FailedStep"/> still failed after its retries with an
/// exception of type <paramref name="ErrorType"/> (a type name, never a message: messages can quote data).
/// <paramref name="Step"/> names the work item (unique per failure); <paramref name="CorrelationId"/> is in the item
/// and in the log line of the failure.
/// </summary>
public sealed record StepFailure(string RegistrationId, string Step, string FailedStep, string ErrorType, string CorrelationId, long Sequence);

/// <summary>Input of <see cref="SupersedeWorkItemActivity"/>: the patient fixed it before a specialist did. <paramref name="Step"/> names the step (its answer carries it).</summary>
public sealed record SupersedeRequest(string RegistrationId, string WorkItemId, string Why, string Step);

/// <summary>Input of <see cref="ListAuthorizationLinesActivity"/>: the service lines of the appointment, by key (ids only).</summary>
public sealed record AuthorizationLinesRequest(string RegistrationId, string Step);

/// <summary>
/// Input of <see cref="RecordAuthorizationLineActivity"/>: writes line <paramref name="LineKey"/>'s authorization (from its
/// record) onto the registration. <paramref name="Explanation"/> is the outcome's plain words for a line that needed a
/// person (null: the record's own reason); <paramref name="SettledBy"/> and <paramref name="WorkItemId"/> say when a
/// specialist settled it.
/// </summary>
public sealed record AuthorizationLineRequest(
    string RegistrationId,
    string LineKey,
    string Step,
    string? Explanation = null,
    AuthorizationSettledBy SettledBy = AuthorizationSettledBy.Automation,
    string? WorkItemId = null);

/// <summary>Input of <see cref="SendAuthorizationMessageActivity"/>: the patient message once the lines are settled (ids and a purpose only).</summary>
public sealed record AuthorizationMessageRequest(string RegistrationId, string Step, Domain.Notifications.MessagePurpose Purpose, int Sequence);
