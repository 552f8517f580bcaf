using System.ComponentModel.DataAnnotations;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Operations;

/// <summary>The clinic this deployment serves (section "Clinic"; app setting <c>Clinic__TimeZone</c>).</summary>
public sealed class ClinicOptions
{
    public const string Section = "Clinic";

    /// <summary>
    /// IANA id of the clinic's time zone, e.g. America/Chicago. A registration that names no patient time zone gets
    /// this one, so the patient's quiet hours and calendar days (the daily and weekly caps) are the clinic's.
    /// Default America/New_York (<see cref="RegistrationForm.DefaultTimeZone"/>).
    /// </summary>
    [Required]
    public string TimeZone { get; set; } = RegistrationForm.DefaultTimeZone;

    /// <summary>True when this machine knows the zone (IANA ids; tzdata on Linux).</summary>
    public bool IsKnownZone => PatientTimeZone.TryResolve(TimeZone, out _);
}
