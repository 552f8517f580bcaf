using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Forms;
using PatientAccess.Workflow.Forms;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Api;

/// <summary>The body of <c>POST .../forms/{kind}/withdrawal</c>.</summary>
public sealed record WithdrawalRequest(string? Reason);

/// <summary>What a withdrawal answers: whether it changed anything (false: the form was not signed).</summary>
public sealed record WithdrawalResponse(FormKind Kind, bool Withdrawn);

/// <summary>
/// The body of <c>POST /api/console/registrations/{id}/forms/{kind}/paper-signature</c>: the scan of the paper form
/// (PDF, JPEG or PNG) in base64, the name as signed, the form's language, and a client request id (a retry of the same
/// upload records one signature). JSON rather than a query string: a name never travels in a URL (URLs reach logs).
/// </summary>
public sealed record PaperSignatureRequest(string? RequestId, string? SignerName, string? Language, string? ScanBase64);

/// <summary>
/// The forms' HTTP operations, written once for both hosts: on the patient page (the token is the capability, rate
/// limited as the other portal operations) and in the console (a signed-in specialist). The signed document is served
/// only after its hash was checked.
/// </summary>
public static class FormEndpoints
{
    /// <summary>A signing request: a few fields and the MSP answers.</summary>
    public const int MaxSignatureBytes = 8 * 1024;

    /// <summary>A paper scan of at most <see cref="FormOperations.MaxScanBytes"/>, in base64, and a few fields.</summary>
    public const int MaxPaperBytes = (FormOperations.MaxScanBytes / 3 * 4) + 8 * 1024;

    /// <summary>GET /api/portal/{token}/forms: the forms the visit needs, with their exact words and state.</summary>
    public static Task<IResult> ListAsync(string token, HttpRequest request, FormOperations forms, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(forms);
        return PortalEndpoints.GuardedAsync(token, request, limiter, async () => Results.Ok(await forms.GetFormsAsync(token, cancellationToken)));
    }

    /// <summary>POST /api/portal/{token}/forms/{kind}/signature: sign one form (replay-safe by the body's requestId).</summary>
    public static Task<IResult> SignAsync(string token, string kind, HttpRequest request, DurableTaskClient client, FormOperations forms, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(forms);
        return PortalEndpoints.GuardedAsync(token, request, limiter, async () =>
        {
            var form = KindOf(kind);
            var body = RequestBody.Deserialize<SignatureRequest>(await RequestBody.ReadJsonAsync(request, MaxSignatureBytes, cancellationToken));
            return Results.Ok(await forms.SignAsync(client, token, form, body, cancellationToken));
        });
    }

    /// <summary>POST /api/portal/{token}/forms/{kind}/withdrawal: the patient withdraws a signed form.</summary>
    public static Task<IResult> WithdrawAsync(string token, string kind, HttpRequest request, FormOperations forms, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(forms);
        return PortalEndpoints.GuardedAsync(token, request, limiter, async () =>
        {
            var form = KindOf(kind);
            var body = RequestBody.Deserialize<WithdrawalRequest>(await RequestBody.ReadJsonAsync(request, PortalEndpoints.MaxBodyBytes, cancellationToken));
            return Results.Ok(new WithdrawalResponse(form, await forms.WithdrawAsync(token, form, body.Reason, cancellationToken)));
        });
    }

    /// <summary>GET /api/portal/{token}/forms/{kind}/document: the signed PDF, its hash checked.</summary>
    public static Task<IResult> GetDocumentAsync(string token, string kind, HttpRequest request, FormOperations forms, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(forms);
        return PortalEndpoints.GuardedAsync(token, request, limiter, async () =>
        {
            var (content, contentType) = await forms.GetDocumentAsync(token, KindOf(kind), cancellationToken);
            return Results.File(content, contentType);
        });
    }

    /// <summary>POST /api/console/registrations/{id}/forms/{kind}/paper-signature: a specialist uploads a paper signature's scan.</summary>
    public static async Task<IResult> RecordPaperSignatureAsync(string id, string kind, HttpRequest request, DurableTaskClient client, FormOperations forms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(forms);
        var by = SpecialistAccess.Identity(SpecialistAccess.Require(request.HttpContext)).Name;
        var registrationId = RegistrationEndpoints.ParseId(id);
        var form = KindOf(kind);
        var body = RequestBody.Deserialize<PaperSignatureRequest>(await RequestBody.ReadJsonAsync(request, MaxPaperBytes, cancellationToken));
        byte[] scan;
        try
        {
            scan = Convert.FromBase64String(body.ScanBase64 ?? throw new ValidationException([new("scanBase64", "is required")]));
        }
        catch (FormatException)
        {
            throw new ValidationException([new("scanBase64", "must be base64")]);
        }
        return Results.Ok(await forms.RecordPaperSignatureAsync(client, registrationId, form, by, body.RequestId, body.SignerName, body.Language, scan, cancellationToken));
    }

    /// <summary>POST /api/console/registrations/{id}/forms/{kind}/withdrawal: a specialist records a withdrawal the patient made by phone or in person.</summary>
    public static async Task<IResult> RecordWithdrawalAsync(string id, string kind, HttpRequest request, FormOperations forms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(forms);
        var by = SpecialistAccess.Identity(SpecialistAccess.Require(request.HttpContext)).Name;
        var registrationId = RegistrationEndpoints.ParseId(id);
        var form = KindOf(kind);
        var body = RequestBody.Deserialize<WithdrawalRequest>(await RequestBody.ReadJsonAsync(request, PortalEndpoints.MaxBodyBytes, cancellationToken));
        return Results.Ok(new WithdrawalResponse(form, await forms.WithdrawAsync(registrationId, form, by, body.Reason, by, cancellationToken)));
    }

    /// <summary>GET /api/console/registrations/{id}/forms/{kind}/document: the signed document for a specialist, its hash checked.</summary>
    public static async Task<IResult> GetDocumentForSpecialistAsync(string id, string kind, HttpRequest request, FormOperations forms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(forms);
        SpecialistAccess.Require(request.HttpContext);
        var (content, contentType) = await forms.GetDocumentAsync(RegistrationEndpoints.ParseId(id), KindOf(kind), cancellationToken);
        return Results.File(content, contentType);
    }

    /// <summary>The form kind in a path: its exact name (ConsentToTreat, ...); anything else is a 400 naming the field.</summary>
    public static FormKind KindOf(string kind) =>
        Enum.TryParse<FormKind>(kind, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !kind.Any(char.IsDigit)
            ? parsed
            : throw new ValidationException([new("kind", $"must be one of {string.Join(", ", Enum.GetNames<FormKind>())}")]);
}
