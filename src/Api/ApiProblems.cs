using Microsoft.AspNetCore.Http;
using PatientAccess.Domain.Common;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Api;

/// <summary>
/// The one mapping from failures to RFC 9457 problem details, used by both hosts. Each error kind has a
/// stable <c>type</c>; details name fields and ids, never PHI values.
/// </summary>
public static class ApiProblems
{
    public const string TypeBase = "https://patientaccess.dev/problems/";
    public const string Validation = TypeBase + "validation";
    public const string MalformedRequest = TypeBase + "malformed-request";
    public const string MissingIdempotencyKey = TypeBase + "missing-idempotency-key";
    public const string IdempotencyKeyReused = TypeBase + "idempotency-key-reused";
    public const string NotFound = TypeBase + "not-found";
    public const string Conflict = TypeBase + "conflict";
    public const string WorkItemNotOpen = TypeBase + "work-item-not-open";
    public const string DependencyUnavailable = TypeBase + "dependency-unavailable";
    public const string Unauthorized = TypeBase + "unauthorized";

    /// <summary>The problem for a known failure, or null when the failure is a bug (the host answers 500 without details).</summary>
    public static IResult? FromException(Exception exception) => exception switch
    {
        ValidationException v => Results.Problem(
            type: Validation,
            title: "One or more fields are invalid.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = v.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            }),
        MalformedRequestException m => Problem(MalformedRequest, "The request could not be read.", m.Message, StatusCodes.Status400BadRequest),
        MissingIdempotencyKeyException m => Problem(MissingIdempotencyKey, "An Idempotency-Key header is required.", m.Message, StatusCodes.Status400BadRequest),
        IdempotencyKeyReusedException r => Problem(IdempotencyKeyReused, "Idempotency-Key reused with a different body.", r.Message, StatusCodes.Status422UnprocessableEntity),
        NotFoundException n => Problem(NotFound, $"{n.Kind} not found.", n.Message, StatusCodes.Status404NotFound),
        ConcurrencyConflictException c => Problem(Conflict, "Changed by someone else.", c.Message, StatusCodes.Status409Conflict),
        WorkItemNotOpenException w => Problem(WorkItemNotOpen, "Nothing open to resolve.", w.Message, StatusCodes.Status409Conflict),
        TransientDependencyException t => Problem(DependencyUnavailable, "A dependency is temporarily unavailable; retry later.", t.Message, StatusCodes.Status503ServiceUnavailable),
        _ => null,
    };

    public static IResult Problem(string type, string title, string? detail, int status) =>
        Results.Problem(type: type, title: title, detail: detail, statusCode: status);
}

/// <summary>The body is not JSON of the expected shape. The message describes the position, never the content.</summary>
public sealed class MalformedRequestException(string message) : Exception(message);

/// <summary>A state-changing request came without an Idempotency-Key.</summary>
public sealed class MissingIdempotencyKeyException()
    : Exception("Send a unique Idempotency-Key header (e.g. a UUID) with every new pre-registration; repeat it on retries.");
