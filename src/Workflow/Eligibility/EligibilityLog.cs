using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Eligibility;

namespace PatientAccess.Workflow.Eligibility;

/// <summary>Log events of the eligibility step (1100-1119): ids, verdicts and codes only, never PHI.</summary>
internal static partial class EligibilityLog
{
    [LoggerMessage(1100, LogLevel.Information, "Registration {RegistrationId}: eligibility {Attempt} answered {Verdict} ({ReasonCode})")]
    public static partial void Checked(ILogger logger, string registrationId, EligibilityAttemptKind attempt, EligibilityVerdict verdict, string reasonCode);

    [LoggerMessage(1101, LogLevel.Warning, "Registration {RegistrationId}: payer unavailable on eligibility {Attempt}; the raw answer is kept and the check will be retried")]
    public static partial void PayerUnavailable(ILogger logger, string registrationId, EligibilityAttemptKind attempt);

    [LoggerMessage(1102, LogLevel.Information, "Registration {RegistrationId}: no eligibility check possible ({ReasonCode})")]
    public static partial void NotCheckable(ILogger logger, string registrationId, string reasonCode);

    [LoggerMessage(1110, LogLevel.Information, "Eligibility {RegistrationId} ended {Status} ({ReasonCode}) after {Queries} question(s)")]
    public static partial void Ended(ILogger logger, string registrationId, EligibilityOutcomeStatus status, string reasonCode, int queries);

    [LoggerMessage(1111, LogLevel.Information, "Registration {RegistrationId}: eligibility verified again before the visit (round {Round})")]
    public static partial void Rechecked(ILogger logger, string registrationId, int round);

    [LoggerMessage(1112, LogLevel.Information, "Registration {RegistrationId}: eligibility re-check {InstanceId} started")]
    public static partial void RecheckStarted(ILogger logger, string registrationId, string instanceId);

    [LoggerMessage(1113, LogLevel.Information, "Eligibility re-check sweep: {Due} due, {Started} started, {Running} already started")]
    public static partial void RecheckSweepDone(ILogger logger, int due, int started, int running);

    [LoggerMessage(1114, LogLevel.Warning, "Registration {RegistrationId}: re-check skipped this sweep, {Dependency} unavailable")]
    public static partial void RecheckSkipped(ILogger logger, string registrationId, string dependency);
}
