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
    public void Advance_Cancelled_Throws()
    {
        var registration = NewRegistration();
        registration.Advance(ClearanceStage.Cancelled, "cancel", "cancelled", null, Now);
        Assert.Throws<InvalidOperationException>(() => registration.Advance(ClearanceStage.AwaitingCard, "x", "y", null, Now));
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
