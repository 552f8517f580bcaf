using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow.Clearance;

/// <summary>
/// What a clearance orchestration starts with: ids and settings only, never PHI (orchestration inputs
/// and outputs are stored in the Durable history in plain text).
/// </summary>
public sealed record ClearanceInput(string RegistrationId, TimeSpan CardWaitTimeout);

/// <summary>How a clearance ended.</summary>
public sealed record ClearanceResult(string RegistrationId, ClearanceStage Stage);

/// <summary>External events the clearance waits for. The names are part of the contract with the triggers.</summary>
public static class ClearanceEvents
{
    /// <summary>A card image passed the checks and was recorded on the registration.</summary>
    public const string CardUploaded = "CardUploaded";

    /// <summary>A specialist resolved a work item of this registration.</summary>
    public const string WorkItemResolved = "WorkItemResolved";
}

/// <summary>Raised by the card-upload trigger. Carries the blob name (ids only), never the image.</summary>
public sealed record CardUploadedEvent(string BlobName, string Side);

/// <summary>Raised by the resolution endpoint.</summary>
public sealed record WorkItemResolvedEvent(string WorkItemId, ResolutionAction Action);

/// <summary>Input of <see cref="RecordProgressActivity"/>.</summary>
public sealed record ProgressUpdate(string RegistrationId, ClearanceStage Stage, string Step, string Outcome, string? Awaiting);

/// <summary>Input of <see cref="OpenWorkItemActivity"/>. Explanation and action are plain words without PHI.</summary>
public sealed record WorkItemRequest(string RegistrationId, string Step, WorkItemReason Reason, string Explanation, string SuggestedAction);
