using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Api;

/// <summary>
/// The HTTP operations, written once. Each is parse, call one application operation, answer; the hosts
/// (src/Functions triggers and src/LocalHost endpoints) bind them to routes and authentication.
/// </summary>
public static class RegistrationEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>The longest Idempotency-Key taken (a UUID is 36).</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>POST /api/registrations: validate, store, start the clearance; 202 with where to look next.</summary>
    public static async Task<IResult> SubmitAsync(HttpRequest request, DurableTaskClient client, RegistrationOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var key = IdempotencyKey(request);
        var body = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken);
        var form = RequestBody.Deserialize<RegistrationForm>(body);
        var result = await operations.SubmitAsync(client, key, form, body, cancellationToken);
        var statusUrl = $"/api/registrations/{result.RegistrationId.Value}";
        return Results.Accepted(statusUrl, new SubmissionResponse(result.RegistrationId.Value, statusUrl, $"{statusUrl}/card-upload-url", result.Replayed));
    }

    /// <summary>GET /api/registrations/{id}: where the clearance stands, with its orchestration's state.</summary>
    public static async Task<IResult> GetStatusAsync(string id, DurableTaskClient client, RegistrationOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return Results.Ok(await operations.GetStatusAsync(client, ParseId(id), cancellationToken));
    }

    /// <summary>GET /api/worklist?reason=CardNotReceived&amp;max=100: open work items, oldest first.</summary>
    public static async Task<IResult> ListWorklistAsync(HttpRequest request, WorklistOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var reason = QueryParameters.EnumName<WorkItemReason>(request, "reason");
        var max = QueryParameters.Int(request, "max", fallback: 100, min: 1, max: WorklistOperations.MaxListed);
        return Results.Ok(await operations.ListOpenAsync(reason, max, cancellationToken));
    }

    /// <summary>POST /api/registrations/{id}/resolution: a specialist resolves the case; the clearance goes on.</summary>
    public static async Task<IResult> ResolveAsync(string id, HttpRequest request, DurableTaskClient client, WorklistOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var registrationId = ParseId(id);
        var body = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken);
        var resolution = RequestBody.Deserialize<ResolutionRequest>(body);
        var errors = new List<Domain.Common.ValidationError>();
        if (!EnumNames.TryParse<ResolutionAction>(resolution.Action, out var action))
        {
            errors.Add(new("action", $"is required: one of {string.Join(", ", Enum.GetNames<ResolutionAction>())}"));
        }
        var workItemId = FieldRules.WorkItemId.Optional(resolution.WorkItemId, "workItemId", errors);
        if (resolution.Note is { } note && FieldRules.CheckFreeText(note, MaxNoteLength) is { } noteProblem)
        {
            errors.Add(new("note", noteProblem));
        }
        if (errors.Count > 0) throw new Domain.Common.ValidationException(errors);
        var by = Caller.NameOf(request.HttpContext);
        var item = await operations.ResolveAsync(client, registrationId, new Resolution(workItemId, action, resolution.Note), by, cancellationToken);
        return Results.Ok(item);
    }

    /// <summary>PATCH /api/registrations/{id}/appointment: the visit moves; body is the appointment object (idempotent).</summary>
    public static async Task<IResult> RescheduleAsync(string id, HttpRequest request, DurableTaskClient client, VisitChangeOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var registrationId = ParseId(id);
        var body = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken);
        var appointment = RequestBody.Deserialize<AppointmentForm>(body);
        return Results.Ok(await operations.RescheduleAsync(client, registrationId, appointment, Caller.NameOf(request.HttpContext), cancellationToken));
    }

    /// <summary>
    /// POST /api/registrations/{id}/cancellation: the visit is cancelled (idempotent: a repeat answers the first
    /// cancellation with <c>replayed</c>); body <c>{"reason": "...", "confirmation": true}</c>.
    /// </summary>
    public static async Task<IResult> CancelAsync(string id, HttpRequest request, DurableTaskClient client, VisitChangeOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var registrationId = ParseId(id);
        var body = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken);
        var cancellation = RequestBody.Deserialize<CancellationRequest>(body);
        return Results.Ok(await operations.CancelAsync(client, registrationId, cancellation, Caller.NameOf(request.HttpContext), cancellationToken));
    }

    /// <summary>The longest note a specialist may leave with a resolution.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>A route id; a malformed one is a registration that does not exist (404), whatever it holds.</summary>
    internal static RegistrationId ParseId(string id) =>
        RegistrationId.TryParse(id, out var registrationId) ? registrationId : throw new Domain.Common.NotFoundException("Registration", "(malformed id)");

    /// <summary>The Idempotency-Key header: present, at most 200 visible ASCII characters.</summary>
    private static string IdempotencyKey(HttpRequest request)
    {
        var values = request.Headers[IdempotencyKeyHeader];
        var key = values.ToString();
        if (values.Count == 0 || string.IsNullOrWhiteSpace(key))
        {
            throw new MissingIdempotencyKeyException();
        }
        if (values.Count > 1)
        {
            throw new InvalidIdempotencyKeyException("Send one Idempotency-Key header, not several.");
        }
        if (key.Length > MaxIdempotencyKeyLength)
        {
            throw new InvalidIdempotencyKeyException($"The Idempotency-Key is too long: at most {MaxIdempotencyKeyLength} characters (a UUID is 36).");
        }
        if (key.Any(c => c is < '!' or > '~'))
        {
            throw new InvalidIdempotencyKeyException("The Idempotency-Key may contain only visible ASCII characters (no spaces or controls).");
        }
        return key;
    }
}

/// <summary>The 202 answer to a pre-registration.</summary>
public sealed record SubmissionResponse(string RegistrationId, string StatusUrl, string CardUploadUrl, bool Replayed);

/// <summary>The body of a resolution; <see cref="Action"/> is a <see cref="ResolutionAction"/> name (a number is refused).</summary>
public sealed record ResolutionRequest(string? WorkItemId, string? Action, string? Note);
