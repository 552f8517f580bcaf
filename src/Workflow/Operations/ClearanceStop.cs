using Microsoft.DurableTask.Client;
using PatientAccess.Workflow.Clearance;

namespace PatientAccess.Workflow.Operations;

/// <summary>
/// Stops a clearance (or re-check) orchestration and, by their own instance ids, the children it waits for (as its
/// watch lists them: an eligibility round, authorization lines), on every backend: a recursive termination is not
/// applied by the in-process test engine, and a child that outlives its parent would go on asking the payer. The
/// parent is terminated first and given a moment to stop, so its last watch names every child it started too.
/// </summary>
public static class ClearanceStop
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Terminates <paramref name="instanceId"/> if it is still running, then each child of its watch that
    /// <paramref name="children"/> picks and that is still running. Returns the children terminated.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TerminateAsync(DurableTaskClient client, string instanceId, string reason, Func<string, bool> children, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(children);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null) return [];
        // Its watch before and after it stopped: a last episode may start a child, and a backend may not keep the
        // status of a terminated instance.
        var listed = new List<string>(ClearanceWatch.Parse(instance.SerializedCustomStatus)?.Children ?? []);
        if (IsRunning(instance.RuntimeStatus))
        {
            await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions { Output = reason, Recursive = false }, cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(StopWait);
            try
            {
                instance = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not stopped yet (a busy engine): the children it lists now are stopped all the same, and every
                // activity checks the registration before a side effect (docs/decisions/0018-visits-that-change.md).
                instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken) ?? instance;
            }
        }
        var stopped = new List<string>();
        listed.AddRange(ClearanceWatch.Parse(instance.SerializedCustomStatus)?.Children ?? []);
        foreach (var child in listed.Distinct(StringComparer.Ordinal))
        {
            if (!children(child)) continue;
            var state = await client.GetInstanceAsync(child, getInputsAndOutputs: false, cancellationToken);
            if (state is null || !IsRunning(state.RuntimeStatus)) continue;
            await client.TerminateInstanceAsync(child, new TerminateInstanceOptions { Output = reason, Recursive = false }, cancellationToken);
            stopped.Add(child);
        }
        return stopped;
    }

    private static bool IsRunning(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}
