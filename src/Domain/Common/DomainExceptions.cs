namespace PatientAccess.Domain.Common;

/// <summary>
/// Base of every failure the domain and its ports speak about. Messages never carry PHI: they name
/// ids, fields and reasons, never values a patient typed.
/// </summary>
public abstract class DomainException : Exception
{
    protected DomainException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The thing asked for does not exist (a port's translation of a 404).</summary>
public sealed class NotFoundException(string kind, string id)
    : DomainException($"{kind} '{id}' was not found.")
{
    public string Kind { get; } = kind;
    public string Id { get; } = id;
}

/// <summary>Someone else changed the document first (a port's translation of a 412 / ETag mismatch).</summary>
public sealed class ConcurrencyConflictException(string kind, string id)
    : DomainException($"{kind} '{id}' was changed by someone else; read it again and retry.")
{
    public string Kind { get; } = kind;
    public string Id { get; } = id;
}

/// <summary>
/// A dependency failed in a way that may succeed later (429, 5xx, timeout, payer AAA 42/79/80).
/// Durable retry policies handle exactly this type.
/// </summary>
public class TransientDependencyException(string dependency, string reason, TimeSpan? retryAfter = null, Exception? inner = null)
    : DomainException($"{dependency} is temporarily unavailable: {reason}", inner)
{
    public string Dependency { get; } = dependency;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>A dependency refused the request for good (4xx, invalid data); retrying cannot help.</summary>
public class PermanentDependencyException(string dependency, string reason, Exception? inner = null)
    : DomainException($"{dependency} refused the request: {reason}", inner)
{
    public string Dependency { get; } = dependency;
}

/// <summary>Input broke a business rule. Each error names a field path and a plain-words reason.</summary>
public sealed class ValidationException(IReadOnlyList<ValidationError> errors)
    : DomainException($"{errors.Count} field(s) are invalid: {string.Join(", ", errors.Select(e => e.Field))}.")
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

/// <summary>One field-level problem: a JSON-style path (e.g. "patient.phone") and what is wrong, without the value.</summary>
public sealed record ValidationError(string Field, string Message);
