using Microsoft.Extensions.Logging;

namespace PatientAccess.Workflow.Estimates;

/// <summary>Log events of the estimate step (1500-1519): ids, outcomes and counts only, never an amount or PHI.</summary>
internal static partial class EstimateLog
{
    [LoggerMessage(1500, LogLevel.Information, "Registration {RegistrationId}: estimate {EstimateId} for step {StepKey} computed: {Outcome}, {Lines} line(s)")]
    public static partial void Computed(ILogger logger, string registrationId, string estimateId, string stepKey, EstimateOutcome outcome, int lines);

    [LoggerMessage(1501, LogLevel.Information, "Registration {RegistrationId}: estimate for step {StepKey} was recorded already ({EstimateId})")]
    public static partial void AlreadyRecorded(ILogger logger, string registrationId, string stepKey, string estimateId);
}
