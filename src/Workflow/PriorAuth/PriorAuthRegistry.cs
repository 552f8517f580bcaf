using Microsoft.DurableTask;

namespace PatientAccess.Workflow.PriorAuth;

/// <summary>The prior-authorization orchestrator and activities; part of <see cref="ClearanceRegistry"/>'s lists, so every host has them.</summary>
public static class PriorAuthRegistry
{
    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(AuthorizationOrchestrator)];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(DecideAuthorizationActivity),
        typeof(SubmitAuthorizationActivity),
        typeof(InquireAuthorizationActivity),
        typeof(CancelAuthorizationActivity),
        typeof(RecordAuthorizationAttentionActivity),
        typeof(OpenAuthorizationWorkItemActivity),
        typeof(CloseAuthorizationWorkItemActivity),
    ];

    /// <summary>Only the prior-authorization tasks, for a host that runs nothing else (the prior-auth tests).</summary>
    public static DurableTaskRegistry AddPriorAuthorization(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var orchestrator in Orchestrators) registry.AddOrchestrator(orchestrator);
        foreach (var activity in Activities) registry.AddActivity(activity);
        return registry;
    }
}
