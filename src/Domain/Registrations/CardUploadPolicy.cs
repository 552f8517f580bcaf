using PatientAccess.Domain.Common;

namespace PatientAccess.Domain.Registrations;

/// <summary>Whether a registration still takes insurance card photos.</summary>
public static class CardUploadPolicy
{
    /// <summary>
    /// False once the clearance is finished and a new photo could change nothing: eligibility verified, authorizations under way or settled, cleared,
    /// cancelled, or incomplete with no work item left open (a specialist closed it). While a specialist still holds an
    /// "incomplete" case (the patient did not answer) a photo is welcome: it reopens the clearance.
    /// </summary>
    public static bool AcceptsCards(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return registration.Stage switch
        {
            ClearanceStage.EligibilityVerified or ClearanceStage.AuthorizationPending or ClearanceStage.Authorized or ClearanceStage.AwaitingForms or ClearanceStage.Cleared or ClearanceStage.Cancelled => false,
            ClearanceStage.Incomplete => registration.OpenWorkItemId is not null,
            _ => true,
        };
    }
}

/// <summary>
/// The registration's clearance is finished (by its stage, or its orchestration completed, failed or was terminated):
/// it takes no more card photos or patient input, and no resolution other than closing a left-over work item.
/// <paramref name="refused"/> says what was refused, e.g. "card photos".
/// </summary>
public sealed class ClearanceFinishedException(RegistrationId id, string state, string refused = "card photos")
    : DomainException($"The clearance of registration {id.Value} is finished ({state}); it takes no more {refused}.")
{
    public RegistrationId RegistrationId { get; } = id;

    /// <summary>The stage or orchestration status that ended it, e.g. "EligibilityVerified" or "Terminated".</summary>
    public string State { get; } = state;
}
