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

    [LoggerMessage(1005, LogLevel.Information, "Registration {RegistrationId}: step {Step} (sequence {Sequence}) is older than the steps on file; nothing changed")]
    public static partial void StaleStepIgnored(ILogger logger, string registrationId, string step, long sequence);

    [LoggerMessage(1006, LogLevel.Information, "Registration {RegistrationId}: work item {WorkItemId} is resolved already; nothing changed")]
    public static partial void WorkItemAlreadyResolved(ILogger logger, string registrationId, string workItemId);

    [LoggerMessage(1007, LogLevel.Information, "Registration {RegistrationId}: step {StepKey} had finished; its recorded output is returned")]
    public static partial void StepRepeated(ILogger logger, string registrationId, string stepKey);

    [LoggerMessage(1008, LogLevel.Error, "Registration {RegistrationId}: step {Step} of {InstanceId} failed after its retries ({ErrorType}); correlation id {CorrelationId}; a StepFailed work item asks a specialist")]
    public static partial void StepFailed(ILogger logger, string registrationId, string instanceId, string step, string errorType, string correlationId);

    [LoggerMessage(1009, LogLevel.Warning, "Registration {RegistrationId}: work item {WorkItemId} opened for failed step {Step} (correlation id {CorrelationId})")]
    public static partial void StepFailureReported(ILogger logger, string registrationId, string workItemId, string step, string correlationId);

    [LoggerMessage(1013, LogLevel.Warning, "Registration {RegistrationId}: orchestration {InstanceId} stopped ({Status}); a ClearanceStopped work item asks a specialist")]
    public static partial void StoppedClearanceReported(ILogger logger, string registrationId, string instanceId, string status);

    [LoggerMessage(1020, LogLevel.Warning, "Registration {RegistrationId}: orchestration {InstanceId} is running but stuck in step {Step} past its own deadline; a ClearanceStalled work item asks a specialist")]
    public static partial void StalledClearanceReported(ILogger logger, string registrationId, string instanceId, string step);

    [LoggerMessage(1014, LogLevel.Information, "Stopped-clearance sweep: {Found} stopped orchestration(s), {Opened} new work item(s)")]
    public static partial void StoppedClearanceSweepDone(ILogger logger, int found, int opened);

    [LoggerMessage(1015, LogLevel.Warning, "Registration {RegistrationId}: stopped clearance not reported this sweep, {Dependency} unavailable")]
    public static partial void StoppedClearanceSkipped(ILogger logger, string registrationId, string dependency);

    [LoggerMessage(1016, LogLevel.Information, "Work item {WorkItemId} of registration {RegistrationId} closed; its orchestration {InstanceId} was not running")]
    public static partial void WorkItemClosedWithoutOrchestration(ILogger logger, string registrationId, string workItemId, string instanceId);

    [LoggerMessage(1017, LogLevel.Warning, "Registration {RegistrationId}: step {Step} of {InstanceId} received the answer of step {AnsweredStep} (refused: {Refused}); discarded, the step is asked again")]
    public static partial void StrayAnswerDiscarded(ILogger logger, string registrationId, string instanceId, string step, string answeredStep, bool refused);

    [LoggerMessage(1010, LogLevel.Information, "Registration {RegistrationId} submitted (replayed request: {Replayed})")]
    public static partial void RegistrationSubmitted(ILogger logger, string registrationId, bool replayed);

    [LoggerMessage(1011, LogLevel.Information, "Clearance {InstanceId} started")]
    public static partial void ClearanceStarted(ILogger logger, string instanceId);

    [LoggerMessage(1012, LogLevel.Information, "Work item {WorkItemId} of registration {RegistrationId} resolved with {Action}")]
    public static partial void WorkItemResolved(ILogger logger, string registrationId, string workItemId, ResolutionAction action);

    [LoggerMessage(1018, LogLevel.Information, "Registration {RegistrationId}: visit cancelled (repeat {Replayed}); {WorkItems} work item(s) closed, {Authorizations} authorization line(s) asked to cancel, confirmation {Confirmation}")]
    public static partial void VisitCancelled(ILogger logger, string registrationId, bool replayed, int workItems, int authorizations, string confirmation);

    [LoggerMessage(1019, LogLevel.Information, "Registration {RegistrationId}: visit rescheduled (repeat {Replayed}); eligibility stale {EligibilityStale}, re-check started {Recheck}, {Authorizations} authorization line(s) outside the visit")]
    public static partial void VisitRescheduled(ILogger logger, string registrationId, bool replayed, bool eligibilityStale, bool recheck, int authorizations);
}
