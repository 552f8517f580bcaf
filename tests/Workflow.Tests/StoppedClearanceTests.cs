using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// A clearance whose orchestration was terminated (by an operator, or anyone who could reach the engine): the status
/// says so, the worklist shows it, and a resolution that would reach nobody is refused instead of answered "Resolved".
/// </summary>
public class StoppedClearanceTests
{
    private static async Task<(ClearanceHost Host, RegistrationId Id, string WorkItemId)> TerminatedWhileASpecialistIsAskedAsync()
    {
        var host = await ClearanceHost.StartAsync();
        var form = Samples.Form();
        var id = (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
        var attention = await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention);
        await host.Client.TerminateInstanceAsync(id.ClearanceInstanceId, "stopped by an operator");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Client.WaitForInstanceCompletionAsync(id.ClearanceInstanceId, getInputsAndOutputs: false, wait.Token);
        return (host, id, attention.OpenWorkItemId!);
    }

    [Fact]
    public async Task Resolve_ContinueOnATerminatedClearance_RefusedAsFinished()
    {
        var (host, id, workItemId) = await TerminatedWhileASpecialistIsAskedAsync();
        await using var _ = host;

        var refused = await Assert.ThrowsAsync<ClearanceFinishedException>(() =>
            host.Worklist.ResolveAsync(host.Client, id, new Resolution(workItemId, ResolutionAction.Continue, null), "specialist-1", CancellationToken.None));

        Assert.Equal("Terminated", refused.State);
        Assert.Equal(WorkItemStatus.Open, (await host.Services.GetRequiredService<Domain.Ports.IWorkItemStore>().GetAsync(id.Value, workItemId, CancellationToken.None)).Value.Status);
        Assert.Equal("Terminated", (await host.Registrations.GetStatusAsync(host.Client, id, CancellationToken.None)).Clearance);
    }

    [Fact]
    public async Task Sweep_TerminatedClearance_OpensOneClearanceStoppedItemThatCloseResolves()
    {
        var (host, id, _) = await TerminatedWhileASpecialistIsAskedAsync();
        await using var __ = host;
        var sweep = host.Services.GetRequiredService<StoppedClearanceSweep>();

        await sweep.RunAsync(host.Client, CancellationToken.None);
        await sweep.RunAsync(host.Client, CancellationToken.None);

        var item = Assert.Single(await host.Worklist.ListOpenAsync(WorkItemReason.ClearanceStopped, 500, CancellationToken.None), w => w.RegistrationId == id.Value);
        Assert.Equal(WorkItem.IdFor(id.Value, "clearance-stopped"), item.Id);
        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal((ClearanceStage.NeedsAttention, item.Id), (status.Stage, status.OpenWorkItemId));

        var closed = await host.Worklist.ResolveAsync(host.Client, id, new Resolution(item.Id, ResolutionAction.Close, "patient registers again"), "specialist-1", CancellationToken.None);

        Assert.Equal(WorkItemStatus.Resolved, closed.Status);
        Assert.Equal(ClearanceStage.Incomplete, (await host.Registrations.GetStatusAsync(id, CancellationToken.None)).Stage);
        Assert.Equal(0, (await sweep.RunAsync(host.Client, CancellationToken.None)).Opened);
    }

    /// <summary>
    /// A clearance whose eligibility round never answers (the payer call held: as the kill test's lost completion left
    /// one): the sweep leaves it alone within the round's own budget, then opens one ClearanceStalled item naming the
    /// round; close stops the clearance and its round and marks the registration incomplete.
    /// </summary>
    [Fact]
    public async Task Sweep_EligibilityRoundThatNeverAnswers_OneClearanceStalledItemNamingTheRoundThatCloseEnds()
    {
        var calls = new PayerCalls { Hold = "eligibility" };
        var clock = new ShiftedTimeProvider();
        await using var host = await ClearanceHost.StartAsync(configure: services =>
        {
            PayerCalls.Wrap<IEligibilityGateway>(services, inner => new CountedEligibilityGateway(inner, calls));
            services.AddSingleton<TimeProvider>(clock);
        });
        var form = Samples.ActiveMember();
        var id = (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
        await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention); // the card deadline passed
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(null, ResolutionAction.Continue, "insurance confirmed by phone"), "specialist-7", CancellationToken.None);
        await calls.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var sweep = host.Services.GetRequiredService<StoppedClearanceSweep>();
        var budget = EligibilityOrchestrator.Budget(new EligibilityInput(id.Value));

        clock.Offset = budget - TimeSpan.FromMinutes(1);
        Assert.Null(await sweep.CheckAsync(host.Client, (await host.Client.GetInstanceAsync(id.ClearanceInstanceId, getInputsAndOutputs: true))!, CancellationToken.None));
        clock.Offset = budget + TimeSpan.FromMinutes(1);
        var first = await sweep.RunAsync(host.Client, CancellationToken.None);
        var again = await sweep.RunAsync(host.Client, CancellationToken.None);

        Assert.Equal((1, 1), (first.Stalled, first.StalledOpened));
        Assert.Equal((1, 0), (again.Stalled, again.StalledOpened));
        var item = Assert.Single(await host.Worklist.ListOpenAsync(WorkItemReason.ClearanceStalled, 500, CancellationToken.None), w => w.RegistrationId == id.Value);
        Assert.Equal(WorkItem.IdFor(id.Value, "eligibility-1-stalled"), item.Id);
        Assert.Contains("stuck in step eligibility-1", item.Explanation, StringComparison.Ordinal);
        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal((ClearanceStage.NeedsAttention, item.Id, "Running"), (status.Stage, status.OpenWorkItemId, (await host.Registrations.GetStatusAsync(host.Client, id, CancellationToken.None)).Clearance));

        await Assert.ThrowsAsync<ClearanceFinishedException>(() =>
            host.Worklist.ResolveAsync(host.Client, id, new Resolution(item.Id, ResolutionAction.Continue, null), "specialist-1", CancellationToken.None));
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(item.Id, ResolutionAction.Close, "payer never answered"), "specialist-1", CancellationToken.None);
        calls.Release.SetResult();

        Assert.Equal(ClearanceStage.Incomplete, (await host.Registrations.GetStatusAsync(id, CancellationToken.None)).Stage);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.GetInstanceAsync(id.ClearanceInstanceId))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.GetInstanceAsync(ClearanceSteps.EligibilityInstanceId(id.ClearanceInstanceId, 1)))!.RuntimeStatus);
    }
}
