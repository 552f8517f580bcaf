using PatientAccess.Domain.Audit;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Workflow.Estimates;

/// <summary>How a Good Faith Estimate is handed out: a PDF to keep, or a page to print.</summary>
public enum EstimateDocumentFormat
{
    Pdf,
    Html,
}

/// <summary>A rendered document and what to call it when saved.</summary>
public sealed record EstimateDocument(byte[] Content, string ContentType, string FileName);

/// <summary>
/// The Good Faith Estimate on a registration as the document the No Surprises Act says the patient receives, for the
/// patient (through their link) and for a specialist (who may print it for the patient at the desk). Rendered from the
/// recorded estimate each time (the same record gives the same content); every hand-out is audited with the
/// estimate's id and the format, which is the provider's record that the estimate was provided.
/// </summary>
public sealed class EstimateDocumentOperations(
    IRegistrationStore registrations,
    PatientLinks links,
    IGoodFaithEstimateDocuments documents,
    IAuditTrail audit,
    TimeProvider time)
{
    public const string Patient = "patient";

    /// <summary>The Good Faith Estimate of the registration the patient's link opens.</summary>
    /// <exception cref="PatientLinkInvalidException">The token opens nothing.</exception>
    /// <exception cref="NotFoundException">The registration has no Good Faith Estimate (not self-pay, or not estimated yet).</exception>
    public async Task<EstimateDocument> GetForPatientAsync(string? token, EstimateDocumentFormat format, CancellationToken cancellationToken)
    {
        var link = await links.OpenAsync(token, cancellationToken);
        return await GetAsync(link.RegistrationId, format, Patient, "patient link", cancellationToken);
    }

    /// <summary>The Good Faith Estimate of a registration, for a signed-in specialist.</summary>
    /// <exception cref="NotFoundException">Unknown registration, or it has no Good Faith Estimate.</exception>
    public Task<EstimateDocument> GetForSpecialistAsync(RegistrationId id, EstimateDocumentFormat format, string specialist, CancellationToken cancellationToken) =>
        GetAsync(id, format, specialist, "console", cancellationToken);

    private async Task<EstimateDocument> GetAsync(RegistrationId id, EstimateDocumentFormat format, string actor, string through, CancellationToken cancellationToken)
    {
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        var gfe = registration.Estimate?.GoodFaithEstimate ?? throw new NotFoundException("Good Faith Estimate", id.Value);
        var document = Render(gfe, format);
        var at = time.GetUtcNow();
        var action = $"good faith estimate {gfe.Id} provided as {format.ToString().ToUpperInvariant()} ({through})";
        await audit.AppendAsync(new AuditEntry(RegistrationUpdater.AuditId(id.Value, $"{action} to {actor} at {at:O}"), id.Value, actor, action, at), cancellationToken);
        return document;
    }

    private EstimateDocument Render(GoodFaithEstimate gfe, EstimateDocumentFormat format) => format switch
    {
        EstimateDocumentFormat.Pdf => new(documents.Pdf(gfe), "application/pdf", $"good-faith-estimate-{gfe.Id}.pdf"),
        EstimateDocumentFormat.Html => new(System.Text.Encoding.UTF8.GetBytes(documents.Html(gfe)), "text/html; charset=utf-8", $"good-faith-estimate-{gfe.Id}.html"),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
