using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Domain.Tests;

public class RegistrationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static Registration NewRegistration() =>
        RegistrationFormTests.Valid().Validate(RegistrationId.New(Guid.NewGuid()), Now);

    [Fact]
    public void Advance_SameStepTwice_RecordsOnce()
    {
        var registration = NewRegistration();
        Assert.True(registration.Advance(ClearanceStage.AwaitingCard, "await-card-1", "waiting", "InsuranceCard", Now));
        Assert.False(registration.Advance(ClearanceStage.AwaitingCard, "await-card-1", "waiting", "InsuranceCard", Now.AddSeconds(5)));
        Assert.Single(registration.Steps);
        Assert.Equal(Now, registration.UpdatedAt);
        Assert.Equal("InsuranceCard", registration.Awaiting);
    }

    [Fact]
    public void AwaitSpecialist_ThenAdvance_ClearsTheOpenWorkItem()
    {
        var registration = NewRegistration();
        Assert.True(registration.AwaitSpecialist("w1", "card-deadline-1", Now));
        Assert.Equal(ClearanceStage.NeedsAttention, registration.Stage);
        Assert.Equal("w1", registration.OpenWorkItemId);
        Assert.False(registration.AwaitSpecialist("w1", "card-deadline-1", Now));

        registration.Advance(ClearanceStage.AwaitingCard, "await-card-2", "waiting", "InsuranceCard", Now);
        Assert.Null(registration.OpenWorkItemId);
    }

    [Fact]
    public void Advance_AfterCancel_ChangesNothing()
    {
        var registration = NewRegistration();
        Assert.True(registration.Cancel(new VisitCancellation("patient moved", Now, "scheduler", false)));

        Assert.False(registration.Advance(ClearanceStage.AwaitingCard, "x", "y", "InsuranceCard", Now.AddMinutes(1), sequence: 99));
        Assert.False(registration.AwaitSpecialist("w1", "card-deadline-1", Now.AddMinutes(1), sequence: 100));
        Assert.Equal((ClearanceStage.Cancelled, (string?)null, (string?)null), (registration.Stage, registration.Awaiting, registration.OpenWorkItemId));
    }

    [Fact]
    public void Cancel_WhileWaitingForTheCard_StopsTheRemindersOnceAndKeepsTheFirstReason()
    {
        var registration = NewRegistration();
        registration.Advance(ClearanceStage.AwaitingCard, "await-card-1", "waiting", "InsuranceCard", Now, sequence: 2);
        registration.ExpectFromPatient(PatientTask.UploadCard, "await-card-1", Now.AddHours(1), Now);

        Assert.True(registration.Cancel(new VisitCancellation("patient moved", Now.AddMinutes(5), "scheduler", true)));
        Assert.False(registration.Cancel(new VisitCancellation("again", Now.AddMinutes(9), "someone else", false)));

        Assert.Equal(ClearanceStage.Cancelled, registration.Stage);
        Assert.Null(registration.FollowUp);
        Assert.Null(registration.Awaiting);
        Assert.Equal(("patient moved", "scheduler", true), (registration.Cancellation!.Reason, registration.Cancellation.By, registration.Cancellation.ConfirmationRequested));
        Assert.Equal(("cancelled", Now.AddMinutes(5)), (registration.Steps[^1].Step, registration.Steps[^1].At));
        Assert.Single(registration.Steps, s => s.Step == "cancelled");
    }

    [Fact]
    public void AddCardImage_SameBlobTwice_RecordsOnce()
    {
        var registration = NewRegistration();
        var image = new CardImageRecord("insurance-cards/r/front-1.jpg", "front", "Jpeg", 1200, 760, Now);
        Assert.True(registration.AddCardImage(image, Now));
        Assert.False(registration.AddCardImage(image with { ReceivedAt = Now.AddMinutes(1) }, Now.AddMinutes(1)));
        Assert.Single(registration.CardImages);
    }

    [Fact]
    public void WorkItemResolve_Twice_Throws()
    {
        var item = new WorkItem("r-step", "r", WorkItemReason.CardNotReceived, "No card.", "Call.", Now);
        var resolved = item.Resolve("specialist", ResolutionAction.Continue, "called the patient", Now);
        Assert.Equal(WorkItemStatus.Resolved, resolved.Status);
        Assert.Equal("specialist", resolved.ResolvedBy);
        Assert.Throws<InvalidOperationException>(() => resolved.Resolve("other", ResolutionAction.Close, null, Now));
    }

    [Fact]
    public void WorkItemIdFor_SameStep_SameId() =>
        Assert.Equal(WorkItem.IdFor("abc", "card-deadline-1"), WorkItem.IdFor("abc", "card-deadline-1"));
}
