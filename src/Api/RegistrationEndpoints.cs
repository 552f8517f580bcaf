using System.Text.Json;
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

    /// <summary>POST /api/registrations: validate, store, start the clearance; 202 with where to look next.</summary>
    public static async Task<IResult> SubmitAsync(HttpRequest request, DurableTaskClient client, RegistrationOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            throw new MissingIdempotencyKeyException();
        }
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        var form = Deserialize<RegistrationForm>(body);
        var result = await operations.SubmitAsync(client, key, form, body, cancellationToken);
        var statusUrl = $"/api/registrations/{result.RegistrationId.Value}";
        return Results.Accepted(statusUrl, new SubmissionResponse(result.RegistrationId.Value, statusUrl, $"{statusUrl}/card-upload-url", result.Replayed));
    }

    /// <summary>GET /api/registrations/{id}: where the clearance stands.</summary>
    public static async Task<IResult> GetStatusAsync(string id, RegistrationOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (!RegistrationId.TryParse(id, out var registrationId))
        {
            throw new Domain.Common.NotFoundException("Registration", "(malformed id)");
        }
        return Results.Ok(await operations.GetStatusAsync(registrationId, cancellationToken));
    }

    /// <summary>GET /api/worklist?reason=CardNotReceived&amp;max=100: open work items, oldest first.</summary>
    public static async Task<IResult> ListWorklistAsync(HttpRequest request, WorklistOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        WorkItemReason? reason = null;
        var reasonText = request.Query["reason"].ToString();
        if (!string.IsNullOrEmpty(reasonText))
        {
            reason = Enum.TryParse<WorkItemReason>(reasonText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new Domain.Common.ValidationException([new("reason", $"must be one of {string.Join(", ", Enum.GetNames<WorkItemReason>())}")]);
        }
        var max = int.TryParse(request.Query["max"], out var m) ? m : 100;
        return Results.Ok(await operations.ListOpenAsync(reason, max, cancellationToken));
    }

    /// <summary>POST /api/registrations/{id}/resolution: a specialist resolves the case; the clearance goes on.</summary>
    public static async Task<IResult> ResolveAsync(string id, HttpRequest request, DurableTaskClient client, WorklistOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        if (!RegistrationId.TryParse(id, out var registrationId))
        {
            throw new Domain.Common.NotFoundException("Registration", "(malformed id)");
        }
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        var resolution = Deserialize<ResolutionRequest>(body);
        if (resolution.Action is null || !Enum.IsDefined(resolution.Action.Value))
        {
            throw new Domain.Common.ValidationException([new("action", $"is required: one of {string.Join(", ", Enum.GetNames<ResolutionAction>())}")]);
        }
        if (resolution.Note is { Length: > 500 })
        {
            throw new Domain.Common.ValidationException([new("note", "must be at most 500 characters")]);
        }
        var by = Caller.NameOf(request.HttpContext);
        var item = await operations.ResolveAsync(client, registrationId, new Resolution(resolution.WorkItemId, resolution.Action.Value, resolution.Note), by, cancellationToken);
        return Results.Ok(item);
    }

    private static T Deserialize<T>(byte[] body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, ApiJson.Options)
                ?? throw new MalformedRequestException("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            // JsonException messages can quote the offending value; only the path and position go back.
            throw new MalformedRequestException($"The body is not valid JSON for this request (at {e.Path ?? "$"}, line {e.LineNumber}, byte {e.BytePositionInLine}).");
        }
    }
}

/// <summary>The 202 answer to a pre-registration.</summary>
public sealed record SubmissionResponse(string RegistrationId, string StatusUrl, string CardUploadUrl, bool Replayed);

/// <summary>The body of a resolution.</summary>
public sealed record ResolutionRequest(string? WorkItemId, ResolutionAction? Action, string? Note);
