using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Tests.Common;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// No case hangs silently: each activity is poisoned in turn (it throws a fault no retry handles) in the in-process
/// Durable host with the real activities over the Cosmos emulator and the payer sandbox, and the clearance must end
/// up on the worklist with a work item that names the failed step, a correlation id, and a PHI-free log line with it.
/// </summary>
public class SafetyNetTests
{
    /// <summary>The fault a poisoned activity throws: not transient, so no retry policy takes it.</summary>
    private sealed class PoisonedStepException() : Exception("poisoned for the test");

    private sealed class PoisonedActivity : TaskActivity<object?, object?>
    {
        public override Task<object?> RunAsync(TaskActivityContext context, object? input) => throw new PoisonedStepException();
    }

    private static Action<DurableTaskRegistry> TasksPoisoning(params Type[] poisoned) => registry =>
    {
        foreach (var orchestrator in ClearanceRegistry.Orchestrators) registry.AddOrchestrator(orchestrator);
        foreach (var activity in ClearanceRegistry.Activities)
        {
            if (poisoned.Contains(activity)) registry.AddActivity(activity.Name, _ => new PoisonedActivity());
            else registry.AddActivity(activity);
        }
    };

    private static async Task<RegistrationId> SubmitAsync(ClearanceHost host)
    {
        var form = Samples.ActiveMember();
        return (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
    }

    private static Task UploadEventAsync(ClearanceHost host, RegistrationId id) =>
        host.Client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.CardUploaded, new CardUploadedEvent($"insurance-cards/{id.Value}/front-1.jpg", "front"));

    /// <summary>Moves the clearance to the activity under test; what the patient and the specialist do before it runs.</summary>
    private static async Task DriveToAsync(ClearanceHost host, RegistrationId id, Type poisoned)
    {
        if (poisoned == typeof(RecordProgressActivity) || poisoned == typeof(OpenWorkItemActivity)) return; // the first step, or the card deadline (3 s)
        if (poisoned == typeof(ReadCardActivity))
        {
            await host.WaitForStageAsync(id, ClearanceStage.AwaitingCard);
            await UploadEventAsync(host, id);
            return;
        }
        var deadline = await host.WaitForAsync(id, s => s.OpenWorkItemId?.EndsWith("card-deadline-1", StringComparison.Ordinal) == true, "the card deadline item");
        if (poisoned == typeof(SupersedeWorkItemActivity))
        {
            await UploadEventAsync(host, id);
            return;
        }
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(deadline.OpenWorkItemId, ResolutionAction.Continue, null), "specialist-1", CancellationToken.None);
    }

    [Theory]
    [InlineData(typeof(RecordProgressActivity), "clearance-started")]
    [InlineData(typeof(OpenWorkItemActivity), "card-deadline-1")]
    [InlineData(typeof(ReadCardActivity), "card-ocr-1")]
    [InlineData(typeof(SupersedeWorkItemActivity), "card-deadline-1-superseded")]
    [InlineData(typeof(CheckEligibilityActivity), "eligibility-1")]
    public async Task Run_ActivityPoisoned_StepFailedWorkItemNamesTheStepWithACorrelationId(Type poisoned, string step)
    {
        var collector = new FakeLogCollector();
        using var logs = new FakeLoggerProvider(collector);
        await using var host = await ClearanceHost.StartAsync(logs, tasks: TasksPoisoning(poisoned));
        var id = await SubmitAsync(host);

        await DriveToAsync(host, id, poisoned);

        var itemId = WorkItem.IdFor(id.Value, $"{step}-failed-1");
        var status = await host.WaitForAsync(id, s => s.OpenWorkItemId == itemId, $"the step-failed item of {step}", TimeSpan.FromSeconds(90));
        Assert.Equal(ClearanceStage.NeedsAttention, status.Stage);
        var item = Assert.Single(await host.Worklist.ListOpenAsync(WorkItemReason.StepFailed, 500, CancellationToken.None), w => w.RegistrationId == id.Value);
        Assert.Equal(itemId, item.Id);
        Assert.Contains($"'{step}'", item.Explanation, StringComparison.Ordinal);
        Assert.Contains(nameof(PoisonedStepException), item.Explanation, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(item.CorrelationId));
        Assert.Equal(id.ClearanceInstanceId, item.OrchestrationInstanceId);

        var line = Assert.Single(collector.GetSnapshot(), r => r.Id.Id == 1008 && r.Message.Contains(item.CorrelationId!, StringComparison.Ordinal));
        Assert.Contains(step, line.Message, StringComparison.Ordinal);
        Assert.Null(PhiText.FirstIn(line.Message, Samples.PhiValues));
    }

    [Fact]
    public async Task Run_SafetyNetPoisonedToo_OrchestrationFailsAndTheSweepPutsItOnTheWorklist()
    {
        await using var host = await ClearanceHost.StartAsync(tasks: TasksPoisoning(typeof(RecordProgressActivity), typeof(ReportStepFailedActivity)));
        var id = await SubmitAsync(host);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await host.Client.WaitForInstanceCompletionAsync(id.ClearanceInstanceId, getInputsAndOutputs: false, wait.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("Failed", (await host.Registrations.GetStatusAsync(host.Client, id, CancellationToken.None)).Clearance);

        var sweep = await host.Services.GetRequiredService<StoppedClearanceSweep>().RunAsync(host.Client, CancellationToken.None);

        Assert.True(sweep.Opened >= 1);
        var item = Assert.Single(await host.Worklist.ListOpenAsync(WorkItemReason.ClearanceStopped, 500, CancellationToken.None), w => w.RegistrationId == id.Value);
        Assert.Contains("Failed", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(ClearanceStage.NeedsAttention, (await host.Registrations.GetStatusAsync(id, CancellationToken.None)).Stage);
        Assert.Equal(0, (await host.Services.GetRequiredService<StoppedClearanceSweep>().RunAsync(host.Client, CancellationToken.None)).Opened);
    }
}
