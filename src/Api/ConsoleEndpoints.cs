using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Operations;
using PatientAccess.Workflow.SpecialistConsole;

namespace PatientAccess.Api;

/// <summary>A fresh patient link for a specialist to give the patient.</summary>
public sealed record PatientLinkResponse(string Url, DateTimeOffset ExpiresAt);

/// <summary>How many working links a revocation ended.</summary>
public sealed record RevokedLinksResponse(int Revoked);

/// <summary>
/// The specialist console's HTTP operations, written once for both hosts. Each first requires a signed-in specialist
/// (<see cref="SpecialistAccess.Require"/>); the specialist's name is the actor of every audit entry they cause.
/// </summary>
public static class ConsoleEndpoints
{
    private const int MaxBodyBytes = 8 * 1024;
    private const int MaxSearchLength = 100;

    /// <summary>The query parameters of GET /api/console/worklist.</summary>
    public static IReadOnlyList<string> WorklistQueryNames { get; } = ["reason", "facility", "payer", "from", "to", "search", "sort", "page", "pageSize"];

    /// <summary>GET /api/console/me.</summary>
    public static IResult Me(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Results.Ok(SpecialistAccess.Identity(SpecialistAccess.Require(request.HttpContext)));
    }

    /// <summary>GET /api/console/worklist?reason=&amp;facility=&amp;payer=&amp;from=&amp;to=&amp;search=&amp;sort=&amp;page=&amp;pageSize=.</summary>
    public static async Task<IResult> ListWorklistAsync(HttpRequest request, ConsoleOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var viewer = Viewer(request);
        var query = ParseQuery(request);
        return Results.Ok(await operations.ListWorklistAsync(query, viewer, cancellationToken));
    }

    /// <summary>GET /api/console/registrations/{id}.</summary>
    public static async Task<IResult> GetRegistrationAsync(string id, HttpRequest request, ConsoleOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var viewer = Viewer(request);
        return Results.Ok(await operations.GetRegistrationAsync(RegistrationEndpoints.ParseId(id), viewer, cancellationToken));
    }

    /// <summary>POST /api/console/registrations/{id}/resolution: the API's resolution, as the signed-in specialist.</summary>
    public static Task<IResult> ResolveAsync(string id, HttpRequest request, DurableTaskClient client, WorklistOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Viewer(request);
        return RegistrationEndpoints.ResolveAsync(id, request, client, operations, cancellationToken);
    }

    /// <summary>POST /api/console/registrations/{id}/correction: stores corrected coverage or patient fields (field rules of pre-registration).</summary>
    public static async Task<IResult> CorrectAsync(string id, HttpRequest request, ConsoleOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var by = Viewer(request);
        var registrationId = RegistrationEndpoints.ParseId(id);
        var body = RequestBody.Deserialize<CorrectionRequest>(await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken));
        return Results.Ok(await operations.CorrectAsync(registrationId, body, by, cancellationToken));
    }

    /// <summary>POST /api/console/registrations/{id}/card-upload-url: the card upload URL, for a photo the specialist sends on the patient's behalf.</summary>
    public static Task<IResult> CreateUploadUrlAsync(string id, HttpRequest request, DurableTaskClient client, CardIntakeOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Viewer(request);
        return CardEndpoints.CreateUploadUrlAsync(id, request, client, operations, cancellationToken);
    }

    /// <summary>POST /api/console/registrations/{id}/patient-link: a fresh link; the patient's next reminder comes now.</summary>
    public static async Task<IResult> IssuePatientLinkAsync(string id, HttpRequest request, ConsoleOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var by = Viewer(request);
        var link = await operations.IssuePatientLinkAsync(RegistrationEndpoints.ParseId(id), by, cancellationToken);
        return Results.Ok(new PatientLinkResponse(link.Url.ToString(), link.ExpiresAt));
    }

    /// <summary>DELETE /api/console/registrations/{id}/patient-link: every working link stops working.</summary>
    public static async Task<IResult> RevokePatientLinksAsync(string id, HttpRequest request, ConsoleOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var by = Viewer(request);
        var registrationId = RegistrationEndpoints.ParseId(id);
        return Results.Ok(new RevokedLinksResponse(await operations.RevokePatientLinksAsync(registrationId, by, cancellationToken)));
    }

    private static string Viewer(HttpRequest request) => SpecialistAccess.Identity(SpecialistAccess.Require(request.HttpContext)).Name;

    /// <summary>The worklist question from the query string, every value checked (a wrong one is a 400 naming it).</summary>
    internal static WorklistQuery ParseQuery(HttpRequest request)
    {
        var errors = new List<ValidationError>();
        WorkItemReason? reason = null;
        WorklistSort sort = WorklistSort.Deadline;
        int page = 1, pageSize = 25;
        Collect(errors, () => reason = QueryParameters.EnumName<WorkItemReason>(request, "reason"));
        Collect(errors, () => sort = QueryParameters.EnumName<WorklistSort>(request, "sort") ?? WorklistSort.Deadline);
        Collect(errors, () => page = QueryParameters.Int(request, "page", 1, 1, 10_000));
        Collect(errors, () => pageSize = QueryParameters.Int(request, "pageSize", 25, 1, WorklistQuery.MaxPageSize));
        var facility = Text(request, "facility", FieldRules.FacilityId, errors);
        var payer = Text(request, "payer", FieldRules.PayerName, errors);
        var from = Day(request, "from", errors);
        var to = Day(request, "to", errors);
        string? search = null;
        if (Single(request, "search", errors) is { } text)
        {
            if (FieldRules.CheckFreeText(text, MaxSearchLength) is { } problem) errors.Add(new("search", problem));
            else search = text.Trim();
        }
        if (from is not null && to is not null && from > to) errors.Add(new("to", "must not be before from"));
        if (errors.Count > 0) throw new ValidationException(errors);
        return new WorklistQuery(reason, facility, payer, from, to, search, sort, page, pageSize);
    }

    private static void Collect(List<ValidationError> errors, Action read)
    {
        try
        {
            read();
        }
        catch (ValidationException e)
        {
            errors.AddRange(e.Errors);
        }
    }

    private static string? Single(HttpRequest request, string name, List<ValidationError> errors)
    {
        var values = request.Query[name];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrWhiteSpace(values[0]))) return null;
        if (values.Count > 1)
        {
            errors.Add(new(name, "give it once"));
            return null;
        }
        return values[0];
    }

    private static string? Text(HttpRequest request, string name, TextRule rule, List<ValidationError> errors) =>
        Single(request, name, errors) is { } text ? rule.Optional(text, name, errors) : null;

    private static DateOnly? Day(HttpRequest request, string name, List<ValidationError> errors)
    {
        if (Single(request, name, errors) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(new(name, "must be a date as yyyy-MM-dd"));
        return null;
    }
}
