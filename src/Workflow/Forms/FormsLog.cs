using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Forms;

namespace PatientAccess.Workflow.Forms;

/// <summary>Log lines of the forms and consents: ids, kinds and counts only, never a name or an answer.</summary>
internal static partial class FormsLog
{
    [LoggerMessage(1600, LogLevel.Information, "Registration {RegistrationId}: step {Step} found {Missing} required form(s) unsigned")]
    public static partial void FormsChecked(ILogger logger, string registrationId, string step, int missing);

    [LoggerMessage(1601, LogLevel.Information, "Registration {RegistrationId}: form {Kind} signed ({Method}) as {SignatureId}; recorded now: {Recorded}")]
    public static partial void FormSigned(ILogger logger, string registrationId, FormKind kind, SignatureMethod method, string signatureId, bool recorded);

    [LoggerMessage(1602, LogLevel.Information, "Registration {RegistrationId}: form {Kind} withdrawn by {By}; recorded now: {Recorded}")]
    public static partial void FormWithdrawn(ILogger logger, string registrationId, FormKind kind, string by, bool recorded);

    [LoggerMessage(1603, LogLevel.Information, "Registration {RegistrationId}: Medicare Secondary Payer answers recorded, primary {Primary}")]
    public static partial void MspRecorded(ILogger logger, string registrationId, PrimaryPayer primary);

    [LoggerMessage(1604, LogLevel.Warning, "Registration {RegistrationId}: signature {SignatureId} not raised to the clearance: {Why}")]
    public static partial void FormSignedNotRaised(ILogger logger, string registrationId, string signatureId, string why);
}
