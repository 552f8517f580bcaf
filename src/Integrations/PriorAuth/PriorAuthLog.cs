using Microsoft.Extensions.Logging;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>Prior-authorization adapter log events (5300-5399): protocols, operations, decisions, codes and timings only.</summary>
internal static partial class PriorAuthLog
{
    [LoggerMessage(5300, LogLevel.Information, "Prior auth {Protocol} {Operation} answered [{Decisions}] in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, PriorAuthProtocol protocol, string operation, string decisions, long elapsedMs);

    [LoggerMessage(5301, LogLevel.Warning, "Prior auth {Protocol} {Operation} transient failure: {Reason} after {ElapsedMs} ms")]
    public static partial void Transient(ILogger logger, PriorAuthProtocol protocol, string operation, string reason, long elapsedMs);

    [LoggerMessage(5302, LogLevel.Warning, "Prior auth {Protocol} {Operation} refused: {Reason}")]
    public static partial void Refused(ILogger logger, PriorAuthProtocol protocol, string operation, string reason);

    [LoggerMessage(5310, LogLevel.Warning, "Payer list {File} refused: {Reason}")]
    public static partial void RulesRefused(ILogger logger, string file, string reason);

    [LoggerMessage(5311, LogLevel.Information, "Payer lists loaded: {Count} from {Directory}")]
    public static partial void RulesLoaded(ILogger logger, int count, string directory);
}
