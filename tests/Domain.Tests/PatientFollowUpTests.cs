using CsCheck;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Tests;

/// <summary>When reminders are due (<see cref="ReminderCadence"/>) and how a registration keeps its follow-up.</summary>
public class PatientFollowUpTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly ReminderCadence Cadence = ReminderCadence.Default;

    [Fact]
    public void FirstReminder_FarVisit_AnHourLaterOrFiveMinutesForARetake()
    {
        var visit = Now.AddDays(10);

        Assert.Equal(Now.AddHours(1), Cadence.FirstReminder(PatientTask.UploadCard, Now, visit));
        Assert.Equal(Now.AddHours(1), Cadence.FirstReminder(PatientTask.ConfirmInsurance, Now, visit));
        Assert.Equal(Now.AddMinutes(5), Cadence.FirstReminder(PatientTask.RetakeCard, Now, visit));
    }

    [Fact]
    public void NextReminder_WindowOpensBeforeTheUsualPause_PulledForwardTo48HoursBefore()
    {
        var visit = Now.AddHours(60); // the usual next (+24 h) would be 36 h before; the window opens at +12 h

        Assert.Equal(Now.AddHours(12), Cadence.NextReminder(Now, visit));
    }

    [Fact]
    public void NextReminder_InsideTheWindow_UsualPauseAndNeverAtOrAfterTheVisit()
    {
        Assert.Equal(Now.AddDays(1), Cadence.NextReminder(Now, Now.AddHours(30)));
        Assert.Null(Cadence.NextReminder(Now, Now.AddHours(20)));
        Assert.Null(Cadence.NextReminder(Now, Now.AddHours(-1)));
        Assert.Null(Cadence.FirstReminder(PatientTask.UploadCard, Now, Now.AddMinutes(30)));
    }

    [Fact]
    public void IsNearAppointment_Within48HoursAndNotPast()
    {
        Assert.True(Cadence.IsNearAppointment(Now, Now.AddHours(48)));
        Assert.True(Cadence.IsNearAppointment(Now, Now.AddHours(1)));
        Assert.False(Cadence.IsNearAppointment(Now, Now.AddHours(49)));
        Assert.False(Cadence.IsNearAppointment(Now, Now));
    }

    /// <summary>For any visit and time: a reminder is never due at or after the visit nor before now, nor later than the usual pause.</summary>
    [Fact]
    public void NextReminder_AnyVisit_BetweenNowAndTheVisitAndNoLaterThanThePause()
    {
        Gen.Select(Gen.Int[-72 * 60, 30 * 24 * 60], Gen.Int[0, 3 * 24 * 60]).Sample((visitMinutes, pauseMinutes) =>
        {
            var cadence = Cadence with { RepeatAfter = TimeSpan.FromMinutes(pauseMinutes) };
            var visit = Now.AddMinutes(visitMinutes);
            var next = cadence.NextReminder(Now, visit);
            return next is null || (next >= Now && next < visit && next <= Now + cadence.RepeatAfter);
        });
    }

    [Fact]
    public void ExpectFromPatient_SameWaitTwice_KeepsTheCount()
    {
        var registration = New();
        Assert.True(registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-1", Now.AddHours(1), Now));
        registration.RecordReminder(Now.AddDays(1), Now.AddHours(1));

        Assert.False(registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-1", Now.AddHours(1), Now.AddHours(2)));
        Assert.Equal(1, registration.FollowUp!.RemindersSent);

        Assert.True(registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-2", Now.AddHours(3), Now.AddHours(2)));
        Assert.Equal(0, registration.FollowUp!.RemindersSent);
        Assert.Equal(1, registration.RemindersSent); // the registration's count numbers the next message, across waits
    }

    [Fact]
    public void AskForRetake_WhileWaitingForTheCard_TurnsTheNextReminderIntoPleaseUploadAgain()
    {
        var registration = New();
        Assert.False(registration.AskForRetake(Now, Now)); // nothing expected from the patient: nothing to change
        registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-1", Now.AddHours(1), Now);

        Assert.True(registration.AskForRetake(Now.AddMinutes(5), Now));
        Assert.False(registration.AskForRetake(Now.AddMinutes(6), Now.AddMinutes(1))); // a second bad file changes nothing

        Assert.Equal((PatientTask.RetakeCard, (DateTimeOffset?)Now.AddMinutes(5)), (registration.FollowUp!.Task, registration.FollowUp.NextReminderAt));
        Assert.Equal("await-card-1", registration.FollowUp.Step);
    }

    [Fact]
    public void GiveUpFollowUp_ThenResumeOrRetake_ChangesNothing()
    {
        var registration = New();
        registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-1", Now, Now);
        registration.GiveUpFollowUp(Now.AddDays(3));

        Assert.False(registration.ResumeReminders(Now.AddDays(4)));
        Assert.False(registration.AskForRetake(Now.AddDays(4), Now.AddDays(4)));
        Assert.Null(registration.FollowUp!.NextReminderAt);
        Assert.Equal(Now.AddDays(3), registration.FollowUp.GaveUpAt);
    }

    [Fact]
    public void ResumeReminders_PostponedForConsent_DueNow()
    {
        var registration = New();
        registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-1", Now, Now);
        registration.PostponeReminder(Now.AddDays(1), Now);

        Assert.True(registration.ResumeReminders(Now.AddMinutes(10)));
        Assert.Equal(Now.AddMinutes(10), registration.FollowUp!.NextReminderAt);
        Assert.False(registration.ResumeReminders(Now.AddMinutes(20)));
    }

    [Fact]
    public void StopFollowUp_WhenWaiting_ClearsIt()
    {
        var registration = New();
        Assert.False(registration.StopFollowUp(Now));
        registration.ExpectFromPatient(PatientTask.RetakeCard, "card-unreadable-1", Now, Now);

        Assert.True(registration.StopFollowUp(Now));
        Assert.Null(registration.FollowUp);
    }

    [Fact]
    public void EligibilityRecheckAt_VerifiedEarlierThanThreeDaysBeforeTheVisit_ThreeDaysBefore()
    {
        var registration = New();
        var visit = registration.Appointment.ScheduledAt;
        Assert.Null(registration.EligibilityRecheckAt); // not verified

        registration.RecordEligibility(Snapshot(visit.AddDays(-10)), visit.AddDays(-10));
        registration.Advance(ClearanceStage.EligibilityVerified, "eligibility-1", "1", null, visit.AddDays(-10));
        Assert.Equal(visit.AddDays(-3), registration.EligibilityRecheckAt);

        registration.RecordEligibility(Snapshot(visit.AddDays(-3)), visit.AddDays(-3));
        Assert.Null(registration.EligibilityRecheckAt); // checked again: done
    }

    private static Registration New() => RegistrationFormTests.Valid().Validate(RegistrationId.New(Guid.NewGuid()), Now);

    private static EligibilitySnapshot Snapshot(DateTimeOffset checkedAt) =>
        new(CoverageStatus.Active, "PAYER", "PPO", "G1", null, null, [], [], null, checkedAt);
}
