using Microsoft.Extensions.Logging;

namespace PatientAccess.Integrations.Eligibility;

/// <summary>Eligibility adapter log events (5200-5299). Modes, statuses, codes and timings only: never names, dates of birth or member ids.</summary>
internal static partial class Log
{
    [LoggerMessage(5200, LogLevel.Information, "Eligibility {Mode} answered {Status} with {RejectionCount} rejection(s) [{Codes}] in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, ClearinghouseMode mode, string status, int rejectionCount, string codes, long elapsedMs);

    [LoggerMessage(5201, LogLevel.Warning, "Eligibility {Mode} transient failure: {Reason} after {ElapsedMs} ms")]
    public static partial void Transient(ILogger logger, ClearinghouseMode mode, string reason, long elapsedMs);

    [LoggerMessage(5202, LogLevel.Warning, "Eligibility {Mode} refused: {Reason}")]
    public static partial void Refused(ILogger logger, ClearinghouseMode mode, string reason);

    [LoggerMessage(5210, LogLevel.Information, "Audit payload stored in {Container} ({Bytes} bytes)")]
    public static partial void PayloadStored(ILogger logger, string container, int bytes);
}
