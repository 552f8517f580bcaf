using PatientAccess.Workflow.Cards;
using PatientAccess.Integrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.DurableTask.Client;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

public class ClearanceOrchestratorTests
{
    private static Task<ClearanceHost> StartWithCardsAsync(TimeSpan cardWait) => ClearanceHost.StartWithCardIntakeAsync(cardWait);

    /// <summary>The patient's phone uploads a sample card through the SAS URL; the intake checks and records it.</summary>
    private static async Task UploadCardAsync(ClearanceHost host, RegistrationId id, string card)
    {
        var intake = host.Services.GetRequiredService<CardIntakeOperations>();
        var target = await intake.CreateUploadUrlAsync(host.Client, id, "front", "image/jpeg", CancellationToken.None);
        using var phone = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, target.UploadUrl)
        {
            Content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(TestServers.RepoRoot(), "samples", "cards", card))),
        };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await phone.SendAsync(put);
        response.EnsureSuccessStatusCode();
        Assert.Equal(CardIntakeResult.Accepted, await intake.HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None));
    }

    /// <summary>Resolves the registration's open card work item (review or unreadable) with Continue.</summary>
    private static async Task ContinuePastCardProblemAsync(ClearanceHost host, RegistrationId id, int attempt)
    {
        var status = await host.WaitForAsync(id, s => s.OpenWorkItemId is { } w && (w.EndsWith($"card-review-{attempt}", StringComparison.Ordinal) || w.EndsWith($"card-unreadable-{attempt}", StringComparison.Ordinal)), "a card work item");
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(status.OpenWorkItemId, ResolutionAction.Continue, "checked the card by phone"), "specialist-7", CancellationToken.None);
    }

    private static async Task<RegistrationId> SubmitAsync(ClearanceHost host, RegistrationForm? form = null)
    {
        form ??= Samples.Form();
        var result = await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None);
        return result.RegistrationId;
    }

    [Fact]
    public async Task Run_CardOfAnotherPlanUploaded_SpecialistReviewsThenEligibilityVerifies()
    {
        await using var host = await StartWithCardsAsync(TimeSpan.FromMinutes(2));
        var id = await SubmitAsync(host, Samples.ActiveMember());
        var waiting = await host.WaitForStageAsync(id, ClearanceStage.AwaitingCard);
        Assert.Equal("InsuranceCard", waiting.Awaiting);

        // The photo is of another plan's card than the one typed: the read cannot settle the coverage.
        await UploadCardAsync(host, id, "card-1004-commercial-norx-clean.jpg");
        await ContinuePastCardProblemAsync(host, id, attempt: 1);

        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(120));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ClearanceStage.Cleared, done.ReadOutputAs<ClearanceResult>()!.Stage);
        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        var steps = status.Steps.Select(s => s.Step).ToList();
        Assert.Equal(["clearance-started", "await-card-1", "card-received-1"], steps.Take(3));
        Assert.Equal(["card-waived-1", "eligibility-1", "auth-started", "auth-done", "cleared"], steps.TakeLast(5));
        Assert.Null(status.Awaiting);
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Single(registration.CardImages);
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
        await using var host = await StartWithCardsAsync(TimeSpan.FromSeconds(8));
        var id = await SubmitAsync(host, Samples.ActiveMember());
        await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention);
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(null, ResolutionAction.RetryPatientStep, null), "specialist-7", CancellationToken.None);

        var waiting = await host.WaitForAsync(id, s => s.Steps.Any(step => step.Step == "await-card-2"), "a second wait for the card");
        Assert.Equal(ClearanceStage.AwaitingCard, waiting.Stage);
        await UploadCardAsync(host, id, "card-1004-commercial-norx-clean.jpg");
        await ContinuePastCardProblemAsync(host, id, attempt: 2);
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(120));
        Assert.Equal(ClearanceStage.Cleared, done.ReadOutputAs<ClearanceResult>()!.Stage);
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
    public async Task Resolve_RetriedAfterTheFirstAttemptDiedBeforeTellingTheClearance_TellsItAndTheClearanceMovesOn()
    {
        await using var host = await ClearanceHost.StartAsync();
        var id = await SubmitAsync(host);
        await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention);
        var workItemId = WorkItem.IdFor(id.Value, "card-deadline-1");
        // The first attempt recorded the resolution, then its process died before raising the event.
        var workItems = host.Services.GetRequiredService<Domain.Ports.IWorkItemStore>();
        var open = await workItems.GetAsync(id.Value, workItemId, CancellationToken.None);
        await workItems.ReplaceAsync(open.Value.Resolve("specialist-7", ResolutionAction.Close, null, DateTimeOffset.UtcNow), open.ETag, CancellationToken.None);

        var retried = await host.Worklist.ResolveAsync(host.Client, id, new Resolution(workItemId, ResolutionAction.Close, null), "specialist-7", CancellationToken.None);

        Assert.Equal(WorkItemStatus.Resolved, retried.Status);
        Assert.Equal(ClearanceStage.Incomplete, (await host.WaitForCompletionAsync(id)).ReadOutputAs<ClearanceResult>()!.Stage);
        await Assert.ThrowsAsync<WorkItemNotOpenException>(() =>
            host.Worklist.ResolveAsync(host.Client, id, new Resolution(workItemId, ResolutionAction.Continue, null), "specialist-8", CancellationToken.None));
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
