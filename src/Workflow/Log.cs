using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Workflow;

/// <summary>Every log line of the workflow: ids, steps and statuses only, never PHI.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Registration {RegistrationId}: step {Step} recorded as stage {Stage} (changed: {Changed})")]
    public static partial void ProgressRecorded(ILogger logger, string registrationId, string step, ClearanceStage stage, bool changed);

    [LoggerMessage(1002, LogLevel.Information, "Registration {RegistrationId}: work item {WorkItemId} opened for {Reason}")]
    public static partial void WorkItemOpened(ILogger logger, string registrationId, string workItemId, WorkItemReason reason);

    [LoggerMessage(1003, LogLevel.Information, "Clearance {RegistrationId}: {Step} done")]
    public static partial void ClearanceStepDone(ILogger logger, string registrationId, string step);

    [LoggerMessage(1004, LogLevel.Information, "Registration {RegistrationId}: work item {WorkItemId} superseded by the patient")]
    public static partial void WorkItemSuperseded(ILogger logger, string registrationId, string workItemId);

    [LoggerMessage(1010, LogLevel.Information, "Registration {RegistrationId} submitted (replayed request: {Replayed})")]
    public static partial void RegistrationSubmitted(ILogger logger, string registrationId, bool replayed);

    [LoggerMessage(1011, LogLevel.Information, "Clearance {InstanceId} started")]
    public static partial void ClearanceStarted(ILogger logger, string instanceId);

    [LoggerMessage(1012, LogLevel.Information, "Work item {WorkItemId} of registration {RegistrationId} resolved with {Action}")]
    public static partial void WorkItemResolved(ILogger logger, string registrationId, string workItemId, ResolutionAction action);
}
