using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing;
using PatientAccess.Api;

namespace PatientAccess.LocalHost;

/// <summary>
/// The LocalHost's error mapping, the counterpart of the Functions worker's ProblemDetailsMiddleware: a known failure
/// becomes its RFC 9457 problem (<see cref="ApiProblems.Classify"/>) and the exception is handled, so ASP.NET Core
/// records no error for it (.NET 10 suppresses the exception middleware's diagnostics for handled exceptions).
/// Anything else is left to the middleware: a 500 with a bare problem, logged as an error with its stack trace.
/// </summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (ApiProblems.Classify(exception) is not { } problem)
        {
            return false;
        }
        httpContext.Items[RequestOutcomeLog.ProblemTypeKey] = problem.Type;
        httpContext.Items[RequestOutcomeLog.ExceptionTypeKey] = exception.GetType().Name;
        await problem.Result.ExecuteAsync(httpContext);
        return true;
    }
}

/// <summary>
/// One informational line for every client error (4xx) the API answers, however it arose (a refused request, no route,
/// a wrong method, no key): method, route template, status, problem type. No exception, no stack trace, no value from
/// the request (the route template, not the path; never a header or the body).
/// </summary>
public static partial class RequestOutcomeLog
{
    internal const string ProblemTypeKey = "PatientAccess.ProblemType";
    internal const string ExceptionTypeKey = "PatientAccess.ExceptionType";

    /// <summary>Outermost: sees the final status after the exception handler and the status code pages wrote it.</summary>
    public static IApplicationBuilder UseRequestOutcomeLog(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("PatientAccess.LocalHost.Api");
        return app.Use(async (context, next) =>
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (status is >= 400 and < 500)
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                var type = context.Items[ProblemTypeKey] as string ?? ApiProblems.TypeForStatus(status) ?? "(none)";
                var cause = context.Items[ExceptionTypeKey] as string ?? "-";
                RequestRefused(logger, context.Request.Method, route, status, type, cause);
            }
        });
    }

    /// <summary>Status code pages write our problem types for answers the framework gives by itself (404, 405, ...).</summary>
    public static void UseOurProblemTypes(this Microsoft.AspNetCore.Http.ProblemDetailsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Status is { } status && ApiProblems.TypeForStatus(status) is { } type &&
                (context.ProblemDetails.Type is null || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)))
            {
                context.ProblemDetails.Type = type;
            }
        };
    }

    [LoggerMessage(2002, LogLevel.Information, "{Method} {Route} refused: {Status} {ProblemType} ({Cause})")]
    private static partial void RequestRefused(ILogger logger, string method, string route, int status, string problemType, string cause);
}
