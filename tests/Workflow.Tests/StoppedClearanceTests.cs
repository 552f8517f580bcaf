using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
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
}
