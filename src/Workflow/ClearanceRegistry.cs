using Microsoft.DurableTask;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.Estimates;
using PatientAccess.Workflow.Notifications;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Workflow;

/// <summary>The one list of orchestrators and activities, used by every host (Functions, LocalHost, tests).</summary>
public static class ClearanceRegistry
{
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(ClearanceOrchestrator),
        typeof(EligibilityOrchestrator),
        typeof(EligibilityRecheckOrchestrator),
        .. PriorAuthRegistry.Orchestrators,
    ];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(RecordProgressActivity),
        typeof(OpenWorkItemActivity),
        typeof(SupersedeWorkItemActivity),
        typeof(ReportStepFailedActivity),
        typeof(CheckEligibilityActivity),
        typeof(ReadCardActivity),
        typeof(ComputeEstimateActivity),
        typeof(ListAuthorizationLinesActivity),
        typeof(RecordAuthorizationLineActivity),
        typeof(SendAuthorizationMessageActivity),
        typeof(SendPatientMessageActivity),
        typeof(Forms.CheckFormsActivity),
        .. PriorAuthRegistry.Activities,
    ];

    public static DurableTaskRegistry AddClearance(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var orchestrator in Orchestrators) registry.AddOrchestrator(orchestrator);
        foreach (var activity in Activities) registry.AddActivity(activity);
        return registry;
    }
}
