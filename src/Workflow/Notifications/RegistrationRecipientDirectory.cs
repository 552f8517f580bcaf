using PatientAccess.Domain.Common;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Notifications;

/// <summary>
/// Resolves an outbox message's recipient from the registration at send time: the patient's phone, email and
/// time zone, the appointment, the consents (the stored ledger once a STOP/START/portal change happened, else the
/// pre-registration consents), and whether the clearance still waits for the patient (a held reminder for a card
/// that arrived in the meantime is not sent).
/// </summary>
public sealed class RegistrationRecipientDirectory(IRegistrationStore registrations, IConsentLedgerStore consents) : INotificationRecipientDirectory
{
    /// <summary>The only recipient a registration has today.</summary>
    public const string Patient = "patient";

    public async Task<NotificationRecipient?> FindAsync(RegistrationId registrationId, string recipientRef, CancellationToken cancellationToken)
    {
        if (!string.Equals(recipientRef, Patient, StringComparison.Ordinal)) return null;
        Registration registration;
        try
        {
            registration = (await registrations.GetAsync(registrationId, cancellationToken)).Value;
        }
        catch (NotFoundException)
        {
            return null;
        }
        var ledger = await LedgerAsync(registration, cancellationToken);
        return new NotificationRecipient(
            registration.Patient.Phone?.Value,
            registration.Patient.Email?.Value,
            registration.Patient.TimeZone,
            registration.Appointment.ScheduledAt.ToUniversalTime(),
            ledger,
            WaitsForPatient: registration.FollowUp is not null);
    }

    /// <summary>The ledger in force for the registration.</summary>
    public async Task<ConsentLedger> LedgerAsync(Registration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var stored = await consents.FindAsync(registration.Id, cancellationToken);
        return stored?.Value ?? ConsentLedger.FromPreRegistration(registration.Consents.Sms, registration.Consents.Email, registration.Consents.GivenAt);
    }
}
