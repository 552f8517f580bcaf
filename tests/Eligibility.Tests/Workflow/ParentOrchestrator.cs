using Microsoft.DurableTask;
using PatientAccess.Workflow.Eligibility;

namespace PatientAccess.Eligibility.Tests.Workflow;

/// <summary>Calls the eligibility step as a sub-orchestration, the way ClearanceOrchestrator is to call it.</summary>
[DurableTask(nameof(ParentOrchestrator))]
public sealed class ParentOrchestrator : TaskOrchestrator<string, EligibilityOutcome>
{
    public override Task<EligibilityOutcome> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallSubOrchestratorAsync<EligibilityOutcome>(nameof(EligibilityOrchestrator), new EligibilityInput(input, 2, TimeSpan.FromSeconds(1)));
    }
}
