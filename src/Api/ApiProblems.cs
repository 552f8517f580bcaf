using Microsoft.AspNetCore.Http;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Operations;
using PatientAccess.Workflow.PriorAuth;

namespace PatientAccess.Api;

/// <summary>A client error as both hosts answer and log it: the status, the stable problem type and the answer itself.</summary>
public sealed record ApiProblem(int Status, string Type, IResult Result);

/// <summary>
/// The one mapping from failures to RFC 9457 problem details, used by both hosts. Each error kind has a
/// stable <c>type</c>; details name fields and ids, never PHI values. Every known failure is a client error (4xx)
/// or a dependency that is down (503); anything else is a fault (500, logged as an error by the host).
/// </summary>
public static class ApiProblems
{
    public const string TypeBase = "https://patientaccess.dev/problems/";
    public const string Validation = TypeBase + "validation";
    public const string MalformedRequest = TypeBase + "malformed-request";
    public const string UnsupportedMediaType = TypeBase + "unsupported-media-type";
    public const string PayloadTooLarge = TypeBase + "payload-too-large";
    public const string MissingIdempotencyKey = TypeBase + "missing-idempotency-key";
    public const string InvalidIdempotencyKey = TypeBase + "invalid-idempotency-key";
    public const string IdempotencyKeyReused = TypeBase + "idempotency-key-reused";
    public const string NotFound = TypeBase + "not-found";
    public const string MethodNotAllowed = TypeBase + "method-not-allowed";
    public const string Conflict = TypeBase + "conflict";
    public const string WorkItemNotOpen = TypeBase + "work-item-not-open";
    public const string ClearanceFinished = TypeBase + "clearance-finished";
    public const string DependencyUnavailable = TypeBase + "dependency-unavailable";
    public const string Unauthorized = TypeBase + "unauthorized";
    public const string Forbidden = TypeBase + "forbidden";
    public const string LinkExpired = TypeBase + "link-expired";
    public const string TooManyRequests = TypeBase + "too-many-requests";

    /// <summary>The problem for a known failure, or null when the failure is a bug (the host answers 500 without details).</summary>
    public static ApiProblem? Classify(Exception exception) => exception switch
    {
        ValidationException v => new(StatusCodes.Status400BadRequest, Validation, Results.Problem(
            type: Validation,
            title: "One or more fields are invalid.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = ErrorsByField(v.Errors) })),
        MalformedRequestException { Field: { } field } m => new(StatusCodes.Status400BadRequest, MalformedRequest, Results.Problem(
            type: MalformedRequest,
            title: "The request could not be read.",
            detail: m.Message,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = ErrorsByField([new(field, "has the wrong type or an unknown value")]) })),
        MalformedRequestException m => Known(MalformedRequest, "The request could not be read.", m.Message, StatusCodes.Status400BadRequest),
        UnsupportedMediaTypeException u => Known(UnsupportedMediaType, "The body must be JSON.", u.Message, StatusCodes.Status415UnsupportedMediaType),
        PayloadTooLargeException p => Known(PayloadTooLarge, "The body is too large.", p.Message, StatusCodes.Status413PayloadTooLarge),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Known(PayloadTooLarge, "The body is too large.", "The server refused the body's size.", StatusCodes.Status413PayloadTooLarge),
        BadHttpRequestException b when b.StatusCode is >= 400 and < 500 => Known(MalformedRequest, "The request could not be read.", "The HTTP request is malformed or incomplete.", b.StatusCode),
        MissingIdempotencyKeyException m => Known(MissingIdempotencyKey, "An Idempotency-Key header is required.", m.Message, StatusCodes.Status400BadRequest),
        InvalidIdempotencyKeyException i => Known(InvalidIdempotencyKey, "The Idempotency-Key header is not usable.", i.Message, StatusCodes.Status400BadRequest),
        IdempotencyKeyReusedException r => Known(IdempotencyKeyReused, "Idempotency-Key reused with a different body.", r.Message, StatusCodes.Status422UnprocessableEntity),
        NotFoundException n => Known(NotFound, $"{n.Kind} not found.", n.Message, StatusCodes.Status404NotFound),
        ConcurrencyConflictException c => Known(Conflict, "Changed by someone else.", c.Message, StatusCodes.Status409Conflict),
        WorkItemNotOpenException w => Known(WorkItemNotOpen, "Nothing open to resolve.", w.Message, StatusCodes.Status409Conflict),
        ClearanceFinishedException f => Known(ClearanceFinished, "The clearance of this registration is finished.", f.Message, StatusCodes.Status409Conflict),
        NotificationNotAuthenticatedException => Known(Unauthorized, "The notification is not authenticated.",
            "Send the payer's configured notification secret in its header.", StatusCodes.Status401Unauthorized),
        Workflow.Portal.PatientLinkInvalidException => Known(LinkExpired, "This link has expired or is not valid.",
            "Ask the clinic for a new link, or use the link in the newest message we sent.", StatusCodes.Status410Gone),
        TooManyRequestsException r => new(StatusCodes.Status429TooManyRequests, TooManyRequests, new RetryAfterResult(r.RetryAfter,
            Problem(TooManyRequests, "Too many requests.", r.Message, StatusCodes.Status429TooManyRequests))),
        NotSignedInException n => new(StatusCodes.Status401Unauthorized, Unauthorized, Results.Problem(
            type: Unauthorized, title: "Sign in first.", detail: n.Message, statusCode: StatusCodes.Status401Unauthorized,
            extensions: new Dictionary<string, object?> { ["signIn"] = n.SignIn })),
        NotASpecialistException f => Known(Forbidden, "Not allowed.", f.Message, StatusCodes.Status403Forbidden),
        TransientDependencyException t => Known(DependencyUnavailable, "A dependency is temporarily unavailable; retry later.", t.Message, StatusCodes.Status503ServiceUnavailable),
        _ => null,
    };

    /// <summary>The answer for a known failure, or null for a bug.</summary>
    public static IResult? FromException(Exception exception) => Classify(exception)?.Result;

    /// <summary>
    /// Our problem type for a status the framework answered by itself (no route, wrong method, no key), or null
    /// when we have none for it.
    /// </summary>
    public static string? TypeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => MalformedRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        _ => null,
    };

    public static IResult Problem(string type, string title, string? detail, int status) =>
        Results.Problem(type: type, title: title, detail: detail, statusCode: status);

    private static ApiProblem Known(string type, string title, string? detail, int status) => new(status, type, Problem(type, title, detail, status));

    private static Dictionary<string, string[]> ErrorsByField(IEnumerable<ValidationError> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}

/// <summary>A problem answer with a Retry-After header (whole seconds, at least one).</summary>
internal sealed class RetryAfterResult(TimeSpan retryAfter, IResult inner) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}

/// <summary>The body is not JSON of the expected shape. The message describes the position, never the content.</summary>
/// <param name="field">The JSON path of the value that did not fit (e.g. "appointment.serviceCodes[0]"), when known.</param>
public sealed class MalformedRequestException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}

/// <summary>The body is not JSON (Content-Type), or not UTF-8.</summary>
public sealed class UnsupportedMediaTypeException(string message) : Exception(message);

/// <summary>The body is larger than the route accepts.</summary>
public sealed class PayloadTooLargeException(int maxBytes)
    : Exception($"The body is larger than {maxBytes} bytes.")
{
    public int MaxBytes { get; } = maxBytes;
}

/// <summary>A state-changing request came without an Idempotency-Key.</summary>
public sealed class MissingIdempotencyKeyException()
    : Exception("Send a unique Idempotency-Key header (e.g. a UUID) with every new pre-registration; repeat it on retries.");

/// <summary>The Idempotency-Key is there but cannot be used (too long, or characters other than visible ASCII).</summary>
public sealed class InvalidIdempotencyKeyException(string message) : Exception(message);
