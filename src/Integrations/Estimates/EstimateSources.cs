using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Prices;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Integrations.Prices;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.Integrations.Estimates;

/// <summary>Settings of the estimate adapters (section "Prices").</summary>
public sealed class PriceListOptions
{
    public const string Section = "Prices";

    /// <summary>
    /// The hospital's standard-charges file (CMS template v2, CSV or JSON); relative paths from the app's directory.
    /// Not checked at start: a host without it runs, and an estimate fails with a message naming the setting.
    /// </summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Where the DejaVu Sans fonts of Good Faith Estimate PDFs are.</summary>
    [Required]
    public string FontDirectory { get; set; } = DejaVuFonts.DefaultDirectory;
}

/// <summary>
/// The standard-charges file from the local file system, checked against the CMS template when first read and read
/// again when it changes (its time stamp or length). A file that breaks the template is refused with every error.
/// </summary>
public sealed class FilePriceListSource(IOptions<PriceListOptions> options) : IPriceListSource
{
    private readonly Lock _gate = new();
    private (DateTime Written, long Length, PriceList List)? _cached;

    public Task<PriceList> GetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Path)) throw new PermanentDependencyException("price file", "Prices:Path is not set");
        var path = System.IO.Path.IsPathRooted(options.Value.Path) ? options.Value.Path : System.IO.Path.Combine(AppContext.BaseDirectory, options.Value.Path);
        var file = new FileInfo(path);
        if (!file.Exists) throw new PermanentDependencyException("price file", $"{file.Name} does not exist (Prices:Path)");
        lock (_gate)
        {
            if (_cached is { } c && c.Written == file.LastWriteTimeUtc && c.Length == file.Length) return Task.FromResult(c.List);
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (IOException e)
            {
                throw new TransientDependencyException("price file", "it could not be read", inner: e);
            }
            var list = StandardChargesFile.Parse(path, content);
            _cached = (file.LastWriteTimeUtc, file.Length, list);
            return Task.FromResult(list);
        }
    }
}

/// <summary>Reads an eligibility answer as stored for audit (an X12 271 or the clearinghouse's JSON) back into the model.</summary>
public static class EligibilityPayloads
{
    /// <summary>The 271 of a stored answer; JSON when the name ends .json or the content starts with '{'.</summary>
    /// <exception cref="PermanentDependencyException">The payload is neither a readable 271 nor the JSON answer.</exception>
    public static EligibilityTransaction Read(string name, ReadOnlySpan<byte> content)
    {
        var trimmed = content.TrimStart(" \t\r\n\uFEFF"u8);
        try
        {
            if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || (trimmed.Length > 0 && trimmed[0] == (byte)'{'))
            {
                var json = JsonSerializer.Deserialize<EligibilityJsonResponse>(content, JsonEligibilityGateway.SerializerOptions)
                    ?? throw new PermanentDependencyException("eligibility answer", "the JSON answer is empty");
                return JsonEligibilityGateway.ToTransaction(json);
            }
            var transaction = EligibilityReader.Read(content.ToArray());
            return transaction.IsResponse ? transaction : throw new PermanentDependencyException("eligibility answer", $"the payload is a {transaction.TransactionSetId}, not a 271");
        }
        catch (Exception e) when (e is JsonException or X12ParseException)
        {
            throw new PermanentDependencyException("eligibility answer", "the stored answer could not be read", e);
        }
    }
}

/// <summary>The typed benefits of an eligibility answer kept in the audit container (eligibility-responses).</summary>
public sealed class BlobEligibilityBenefitsReader(BlobServiceClient service) : IEligibilityBenefitsReader
{
    private const string Dependency = "audit storage";

    public async Task<PatientBenefits?> ReadAsync(string responseBlobName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(responseBlobName);
        BinaryData content;
        try
        {
            var blob = service.GetBlobContainerClient(EligibilityAudit.Container).GetBlobClient(responseBlobName);
            content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status is 408 or 429 or >= 500 or 0)
        {
            throw new TransientDependencyException(Dependency, $"HTTP {e.Status} ({e.ErrorCode})", inner: e);
        }
        catch (RequestFailedException e)
        {
            throw new PermanentDependencyException(Dependency, $"HTTP {e.Status} ({e.ErrorCode})", e);
        }
        return EligibilityMapping.Benefits(EligibilityPayloads.Read(responseBlobName, content.ToMemory().Span));
    }
}

/// <summary>A Good Faith Estimate as a printable HTML page and as a PDF, from one outline.</summary>
public sealed class GoodFaithEstimateDocuments(IOptions<PriceListOptions> options) : IGoodFaithEstimateDocuments
{
    private readonly Lazy<PdfRenderer> _pdf = new(() => new PdfRenderer(new DejaVuFonts(options.Value.FontDirectory)));

    public string Html(GoodFaithEstimate gfe) => HtmlRenderer.Render(GoodFaithEstimateOutline.For(gfe));

    public byte[] Pdf(GoodFaithEstimate gfe)
    {
        ArgumentNullException.ThrowIfNull(gfe);
        return _pdf.Value.Render(GoodFaithEstimateOutline.For(gfe), gfe.IssuedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }
}
