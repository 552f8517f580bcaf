using Microsoft.DurableTask.Client;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

public class ClearanceOrchestratorTests
{
    private static async Task<RegistrationId> SubmitAsync(ClearanceHost host, RegistrationForm? form = null)
    {
        form ??= Samples.Form();
        var result = await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None);
        return result.RegistrationId;
    }

    [Fact]
    public async Task Run_CardUploadedBeforeDeadline_VerifiesEligibilityAndCompletes()
    {
        await using var host = await ClearanceHost.StartAsync();
        var id = await SubmitAsync(host, Samples.ActiveMember());
        var waiting = await host.WaitForStageAsync(id, ClearanceStage.AwaitingCard);
        Assert.Equal("InsuranceCard", waiting.Awaiting);

        await host.Client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.CardUploaded, new CardUploadedEvent("r/front-1.jpg", "front"));

        var done = await host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ClearanceStage.EligibilityVerified, done.ReadOutputAs<ClearanceResult>()!.Stage);
        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal(["clearance-started", "await-card-1", "card-received-1", "eligibility-1"], status.Steps.Select(s => s.Step));
        Assert.Null(status.Awaiting);
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Equal(CoverageStatus.Active, registration.Eligibility?.Status);
        Assert.NotEmpty(registration.Eligibility!.Benefits);
    }

    [Fact]
    public async Task Run_DeadlinePassesThenSpecialistContinues_GoesOnToEligibilityWithTheTypedInsurance()
    {
        await using var host = await ClearanceHost.StartAsync();
        var id = await SubmitAsync(host);
        var attention = await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention);
        Assert.Equal(WorkItem.IdFor(id.Value, "card-deadline-1"), attention.OpenWorkItemId);

        var open = await host.Worklist.ListOpenAsync(WorkItemReason.CardNotReceived, 500, CancellationToken.None);
        var item = Assert.Single(open, w => w.RegistrationId == id.Value);
        Assert.Contains("card", item.Explanation, StringComparison.OrdinalIgnoreCase);

        var resolved = await host.Worklist.ResolveAsync(host.Client, id, new Resolution(null, ResolutionAction.Continue, "insurance confirmed by phone"), "specialist-7", CancellationToken.None);
        Assert.Equal(WorkItemStatus.Resolved, resolved.Status);
        Assert.Equal("specialist-7", resolved.ResolvedBy);

        // The typed member id is unknown to the payer: the clearance asks a specialist again, now about eligibility.
        var eligibilityItemId = WorkItem.IdFor(id.Value, "eligibility-1");
        var again = await host.WaitForAsync(id, s => s.OpenWorkItemId == eligibilityItemId, "the eligibility work item");
        Assert.Equal(ClearanceStage.NeedsAttention, again.Stage);
        Assert.Contains(again.Steps, s => s.Step == "card-waived-1");
        var eligibilityItem = Assert.Single(await host.Worklist.ListOpenAsync(null, 500, CancellationToken.None), w => w.RegistrationId == id.Value);
        Assert.True(eligibilityItem.Reason == WorkItemReason.MemberNotFound, $"reason {eligibilityItem.Reason}: {eligibilityItem.Explanation}");
        Assert.DoesNotContain(Samples.MemberId, eligibilityItem.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(await host.Worklist.ListOpenAsync(WorkItemReason.CardNotReceived, 500, CancellationToken.None), w => w.RegistrationId == id.Value);
    }

    [Fact]
    public async Task Run_SpecialistAsksPatientAgain_WaitsForASecondCard()
    {
        await using var host = await ClearanceHost.StartAsync();
        var id = await SubmitAsync(host, Samples.ActiveMember());
        await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention);
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(null, ResolutionAction.RetryPatientStep, null), "specialist-7", CancellationToken.None);

        var waiting = await host.WaitForStageAsync(id, ClearanceStage.AwaitingCard);
        Assert.Contains(waiting.Steps, s => s.Step == "await-card-2");
        await host.Client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.CardUploaded, new CardUploadedEvent("r/front-2.jpg", "front"));
        var done = await host.WaitForCompletionAsync(id);
        Assert.Equal(ClearanceStage.EligibilityVerified, done.ReadOutputAs<ClearanceResult>()!.Stage);
    }

    [Fact]
    public async Task Run_SpecialistCloses_EndsIncomplete()
    {
        await using var host = await ClearanceHost.StartAsync();
        var id = await SubmitAsync(host);
        await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention);
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(null, ResolutionAction.Close, null), "specialist-7", CancellationToken.None);
        var done = await host.WaitForCompletionAsync(id);
        Assert.Equal(ClearanceStage.Incomplete, done.ReadOutputAs<ClearanceResult>()!.Stage);
        await host.WaitForStageAsync(id, ClearanceStage.Incomplete);
    }

    [Fact]
    public async Task Resolve_SameWorkItemTwice_SecondIsRefused()
    {
        await using var host = await ClearanceHost.StartAsync();
        var id = await SubmitAsync(host);
        await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention);
        var workItemId = WorkItem.IdFor(id.Value, "card-deadline-1");
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(workItemId, ResolutionAction.Close, null), "a", CancellationToken.None);
        await Assert.ThrowsAsync<WorkItemNotOpenException>(() =>
            host.Worklist.ResolveAsync(host.Client, id, new Resolution(workItemId, ResolutionAction.Continue, null), "b", CancellationToken.None));
    }

    [Fact]
    public async Task ListOpen_SeveralItems_OldestFirst()
    {
        await using var host = await ClearanceHost.StartAsync();
        var first = await SubmitAsync(host);
        await host.WaitForStageAsync(first, ClearanceStage.NeedsAttention);
        var second = await SubmitAsync(host);
        await host.WaitForStageAsync(second, ClearanceStage.NeedsAttention);

        var open = await host.Worklist.ListOpenAsync(WorkItemReason.CardNotReceived, 500, CancellationToken.None);
        var ids = open.Select(w => w.RegistrationId).ToList();
        Assert.True(ids.IndexOf(first.Value) < ids.IndexOf(second.Value), "the older work item must come first");
        Assert.Equal(open.OrderBy(w => w.CreatedAt).Select(w => w.Id), open.Select(w => w.Id));
    }
}
