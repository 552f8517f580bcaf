using System.ComponentModel.DataAnnotations;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Workflow.Notifications;

/// <summary>Settings of the follow-up reminder sweep (section "Reminders").</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>NCRONTAB schedule of the Functions timer (read by the trigger attribute as %Reminders:Schedule%).</summary>
    [Required]
    public string Schedule { get; set; } = "0 */15 * * * *";

    /// <summary>How often LocalHost runs the sweep. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long after the clearance started waiting for the patient the first reminder is due. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan FirstReminderAfter { get; set; } = ReminderCadence.Default.FirstAfter;

    /// <summary>How long after the previous reminder the next one is due. Default 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RepeatAfter { get; set; } = ReminderCadence.Default.RepeatAfter;

    /// <summary>How soon after a photo could not be used the "please upload again" reminder is due. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetakeReminderAfter { get; set; } = ReminderCadence.Default.RetakeAfter;

    /// <summary>
    /// After this many reminders of one wait, when the next would be due, the sweep tells the clearance the patient
    /// did not answer; the clearance marks the registration incomplete and opens a work item. Default 3.
    /// </summary>
    [Range(1, 20)]
    public int GiveUpAfter { get; set; } = ReminderCadence.Default.GiveUpAfter;

    /// <summary>Within this time before the visit the reminder says the visit is near (and one is due when it opens). Default 48 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan AppointmentWindow { get; set; } = ReminderCadence.Default.AppointmentWindow;

    /// <summary>The settings as the domain's reminder timing.</summary>
    public ReminderCadence Cadence => new(FirstReminderAfter, RetakeReminderAfter, RepeatAfter, GiveUpAfter, AppointmentWindow);

    /// <summary>Registrations looked at per sweep. Default 200.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>The provider's name as the patient knows it; opens every SMS (at most 32 characters).</summary>
    [Required, StringLength(32, MinimumLength = 2)]
    public string FacilityName { get; set; } = "Patient Access";
}

/// <summary>The patient portal (section "Portal", infra name <c>Portal__BaseUrl</c>).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// Base URL of the patient portal, ending with '/'; reminder links are <c>{BaseUrl}c/{token}</c>. https, or http
    /// on loopback. Without it the sweep writes no reminders (a message without its link is useless) and says so in the log.
    /// </summary>
    public Uri? BaseUrl { get; set; }
}
