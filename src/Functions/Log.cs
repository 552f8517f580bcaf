using Microsoft.Extensions.Logging;

namespace PatientAccess.Functions;

/// <summary>The log messages of the Functions worker: function names, invocation ids and types only, never PHI.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Function {FunctionName} invocation {InvocationId} refused the request: {Status} {ProblemType} ({ExceptionType})")]
    public static partial void RequestRejected(ILogger logger, string functionName, string invocationId, int status, string problemType, string exceptionType);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error,
        Message = "Function {FunctionName} invocation {InvocationId} failed; answered 500")]
    public static partial void UnhandledFailure(ILogger logger, string functionName, string invocationId, Exception exception);
}
