namespace PatientAccess.Domain.Registrations;

/// <summary>What the clearance waits for the patient to do; each task has its own reminder text.</summary>
public enum PatientTask
{
    /// <summary>Photograph the insurance card (nothing arrived yet).</summary>
    UploadCard,
    /// <summary>Photograph the card again: the last photo could not be used (unreadable, or refused by the checks).</summary>
    RetakeCard,
    /// <summary>Check the insurance details: the payer did not confirm them; a new card photo answers it.</summary>
    ConfirmInsurance,
    /// <summary>Read and sign the forms the visit needs, on the patient page.</summary>
    SignForms,
}

/// <summary>
/// The clearance is waiting for the patient. The reminder sweep finds registrations through
/// <see cref="NextReminderAt"/> (an indexed field), writes a reminder and records it here; after
/// <see cref="ReminderCadence.GiveUpAfter"/> reminders it tells the clearance the patient did not answer.
/// </summary>
/// <param name="Task">What the patient should do.</param>
/// <param name="Step">The clearance step that started the wait; the give-up event names it, so a late one for an earlier wait is ignored.</param>
/// <param name="Since">When the wait started.</param>
/// <param name="NextReminderAt">When the next reminder is due; null when no more will be sent.</param>
/// <param name="RemindersSent">Reminders written for this wait.</param>
/// <param name="GaveUpAt">When the sweep told the clearance the patient did not answer.</param>
public sealed record PatientFollowUp(
    PatientTask Task,
    string Step,
    DateTimeOffset Since,
    DateTimeOffset? NextReminderAt,
    int RemindersSent,
    DateTimeOffset? GaveUpAt = null);

/// <summary>
/// When reminders are due: the first one <see cref="FirstAfter"/> after the wait started (<see cref="RetakeAfter"/>
/// when a photo could not be used, so "please upload again" goes out soon), then every <see cref="RepeatAfter"/>,
/// pulled forward to <see cref="AppointmentWindow"/> before the visit so the patient hears once more while there is
/// still time; none at or after the visit; <see cref="GiveUpAfter"/> reminders at most. Pure, so the sweep and the
/// clearance compute the same times.
/// </summary>
public sealed record ReminderCadence(TimeSpan FirstAfter, TimeSpan RetakeAfter, TimeSpan RepeatAfter, int GiveUpAfter, TimeSpan AppointmentWindow)
{
    public static ReminderCadence Default { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), 3, TimeSpan.FromHours(48));

    /// <summary>The first reminder of a wait that starts at <paramref name="now"/>.</summary>
    public DateTimeOffset? FirstReminder(PatientTask task, DateTimeOffset now, DateTimeOffset appointmentAt) =>
        Bounded(now + (task == PatientTask.RetakeCard ? RetakeAfter : FirstAfter), now, appointmentAt);

    /// <summary>The reminder after one written at <paramref name="now"/>.</summary>
    public DateTimeOffset? NextReminder(DateTimeOffset now, DateTimeOffset appointmentAt) =>
        Bounded(now + RepeatAfter, now, appointmentAt);

    /// <summary>True when the visit is close enough for the appointment reminder text.</summary>
    public bool IsNearAppointment(DateTimeOffset now, DateTimeOffset appointmentAt) =>
        now < appointmentAt && appointmentAt - now <= AppointmentWindow;

    private DateTimeOffset? Bounded(DateTimeOffset due, DateTimeOffset now, DateTimeOffset appointmentAt)
    {
        var windowOpens = appointmentAt - AppointmentWindow;
        if (windowOpens > now && windowOpens < due) due = windowOpens;
        return due < appointmentAt ? due : null;
    }
}
