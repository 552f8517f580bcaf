using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Prices;

namespace PatientAccess.Domain.Ports;

/// <summary>The hospital's standard charges (the CMS standard-charges file), loaded and checked.</summary>
public interface IPriceListSource
{
    /// <exception cref="PriceFileException">The file breaks the CMS template's rules (a permanent failure: fix the file).</exception>
    /// <exception cref="Common.TransientDependencyException">The file could not be read now.</exception>
    Task<PriceList> GetAsync(CancellationToken cancellationToken);
}

/// <summary>The typed benefits of an eligibility answer kept for audit (a 271 or the JSON answer), read again.</summary>
public interface IEligibilityBenefitsReader
{
    /// <summary>The patient's benefits in the stored answer; null when no such answer is stored.</summary>
    /// <exception cref="Common.TransientDependencyException">Storage is unavailable.</exception>
    /// <exception cref="Common.PermanentDependencyException">The stored answer cannot be read.</exception>
    Task<PatientBenefits?> ReadAsync(string responseBlobName, CancellationToken cancellationToken);
}

/// <summary>A Good Faith Estimate as the patient keeps it: a printable HTML page and a PDF, drawn from the same record.</summary>
public interface IGoodFaithEstimateDocuments
{
    /// <summary>A self-contained HTML page (inline styles, print CSS, no script, nothing loaded from outside).</summary>
    string Html(GoodFaithEstimate gfe);

    /// <summary>A Letter PDF with the same content for the same estimate (the font subsets' tags differ from one rendering to the next).</summary>
    byte[] Pdf(GoodFaithEstimate gfe);
}
