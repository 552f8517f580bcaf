using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using PatientAccess.Api;

namespace PatientAccess.Functions;

/// <summary>
/// The one error mapper of the Functions worker, the counterpart of the LocalHost's exception handler: a
/// known failure becomes its RFC 9457 problem (<see cref="ApiProblems.Classify"/>) and one informational log line
/// (status, problem type, exception type; no exception object, so no stack trace); anything else is a fault: a bare
/// 500 and an error with the exception. Never a request body or a header value in the log.
/// </summary>
public sealed class ProblemDetailsMiddleware(ILogger<ProblemDetailsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    /// <summary>Only HTTP functions answer with problems; durable, blob and timer triggers keep their own failure semantics.</summary>
    public static bool IsHttpFunction(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.FunctionDefinition.InputBindings.Values
            .Any(b => string.Equals(b.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase));
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
#pragma warning disable CA1031 // The point of this middleware: every failure of an HTTP function ends as an HTTP answer.
        catch (Exception thrown)
#pragma warning restore CA1031
        {
            var httpContext = context.GetHttpContext();
            if (httpContext is null || httpContext.Response.HasStarted)
            {
                throw;
            }
            var exception = Unwrap(thrown);
            var problem = ApiProblems.Classify(exception);
            httpContext.Response.Clear();
            if (problem is null)
            {
                Log.UnhandledFailure(logger, context.FunctionDefinition.Name, context.InvocationId, exception);
                httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }
            // A client error (or a dependency that is down) is one informational line: no exception, no stack trace.
            var cause = exception.GetType().Name;
            Log.RequestRejected(logger, context.FunctionDefinition.Name, context.InvocationId, problem.Status, problem.Type, cause);
            await problem.Result.ExecuteAsync(httpContext);
        }
    }

    /// <summary>The worker may hand a function's failure over wrapped; the mapping is about the cause.</summary>
    internal static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    continue;
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    continue;
                default:
                    return exception;
            }
        }
    }
}
