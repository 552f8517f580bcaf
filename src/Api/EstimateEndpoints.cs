using Microsoft.AspNetCore.Http;
using PatientAccess.Workflow.Estimates;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Api;

/// <summary>
/// The Good Faith Estimate as a document: <c>?format=pdf</c> (the default) to keep, <c>?format=html</c> to print. For the
/// patient through their link (rate-limited like every patient-page operation) and for a signed-in specialist. The
/// answers carry the patient's name and date of birth, so nothing may cache them, and the page may run nothing.
/// </summary>
public static class EstimateEndpoints
{
    public static IReadOnlyList<string> QueryNames { get; } = ["format"];

    /// <summary>The printed page's policy: its own inline styles and nothing else (no script, image, font or request).</summary>
    public const string DocumentPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>GET /api/portal/{token}/good-faith-estimate: the link's registration's Good Faith Estimate.</summary>
    public static Task<IResult> GetForPatientAsync(string token, HttpRequest request, EstimateDocumentOperations operations, PortalRateLimiter limiter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return PortalEndpoints.GuardedAsync(token, request, limiter, async () =>
            Answer(request, await operations.GetForPatientAsync(token, FormatOf(request), cancellationToken)));
    }

    /// <summary>GET /api/console/registrations/{id}/good-faith-estimate: the same document for a specialist.</summary>
    public static async Task<IResult> GetForSpecialistAsync(string id, HttpRequest request, EstimateDocumentOperations operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operations);
        var specialist = SpecialistAccess.Identity(SpecialistAccess.Require(request.HttpContext)).Name;
        var registrationId = RegistrationEndpoints.ParseId(id);
        return Answer(request, await operations.GetForSpecialistAsync(registrationId, FormatOf(request), specialist, cancellationToken));
    }

    private static EstimateDocumentFormat FormatOf(HttpRequest request) =>
        QueryParameters.EnumName<EstimateDocumentFormat>(request, "format") ?? EstimateDocumentFormat.Pdf;

    private static IResult Answer(HttpRequest request, EstimateDocument document)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = DocumentPolicy;
        headers.ContentDisposition = $"inline; filename=\"{document.FileName}\"";
        return Results.Bytes(document.Content, document.ContentType);
    }
}
