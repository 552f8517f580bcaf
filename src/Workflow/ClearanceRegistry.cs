using Microsoft.DurableTask;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.Estimates;

namespace PatientAccess.Workflow;

/// <summary>The one list of orchestrators and activities, used by every host (Functions, LocalHost, tests).</summary>
public static class ClearanceRegistry
{
    public static DurableTaskRegistry AddClearance(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<ClearanceOrchestrator>()
            .AddActivity<RecordProgressActivity>()
            .AddActivity<OpenWorkItemActivity>()
            .AddActivity<SupersedeWorkItemActivity>()
            .AddActivity<ReportStepFailedActivity>()
            .AddOrchestrator<EligibilityOrchestrator>()
            .AddOrchestrator<EligibilityRecheckOrchestrator>()
            .AddActivity<CheckEligibilityActivity>()
            .AddActivity<ReadCardActivity>()
            .AddActivity<ComputeEstimateActivity>();
    }
}
