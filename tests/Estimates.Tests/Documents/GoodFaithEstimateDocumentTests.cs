using System.Text;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Prices;
using PatientAccess.Estimates.Tests.Domain;
using PatientAccess.Integrations.Estimates;
using PdfSharp.Pdf.IO;

namespace PatientAccess.Estimates.Tests.Documents;

public sealed class GoodFaithEstimateDocumentTests
{
    private static readonly GoodFaithEstimateDocuments Documents = new(Options.Create(new PriceListOptions { Path = "unused", FontDirectory = DejaVuFonts.DefaultDirectory }));

    private static GoodFaithEstimate Gfe(string patientName = "Jane Q Public", PatientEstimate? estimate = null)
    {
        var subject = new GoodFaithEstimateSubject(patientName, new DateOnly(1985, 3, 14), "Office visit and brain MRI", new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 1), "1245319599", []);
        return GoodFaithEstimates.Build("GFE-20260601-A1B2C3", estimate ?? GoodFaithEstimateTests.SelfPayEstimate(), subject, GoodFaithEstimateTests.Facility, new DateOnly(2026, 6, 1), BusinessCalendar.UsFederal(2026, 2027), out _)!;
    }

    [Fact]
    public void Html_SelfPayEstimate_APrintablePageWithEveryRequiredElementAndNothingLoadedFromOutside()
    {
        var html = Documents.Html(Gfe());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            "Jane Q Public", "March 14, 1985", "June 15, 2026", "GFE-20260601-A1B2C3", "Springfield General Hospital", "1234567893", "37-1234567",
            "Dr. Ana Lopez", "99213 (CPT)", "70551 (CPT)", "$150.00", "$1,400.00", "$1,550.00", "June 4, 2026", "not a contract",
            "scheduled or requested separately", "only an estimate", "$400", "www.cms.gov/nosurprises", "Diagnosis codes", "@media print",
        })
        {
            Assert.Contains(expected, html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Html_MarkupInAName_IsEncoded()
    {
        var html = Documents.Html(Gfe("<b>Eve</b> & Co"));

        Assert.Contains("&lt;b&gt;Eve&lt;/b&gt; &amp; Co", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Eve", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_SelfPayEstimate_AValidPdfWithTheDejaVuFontsEmbedded()
    {
        var pdf = Documents.Pdf(Gfe());

        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        Assert.InRange(document.PageCount, 1, 3);
        Assert.Equal("Good Faith Estimate", document.Info.Title);
        var text = Encoding.Latin1.GetString(pdf);
        Assert.Contains("+DejaVu#20Sans", text, StringComparison.Ordinal);
        Assert.Contains("/FontFile2", text, StringComparison.Ordinal);
        Assert.Contains("/ToUnicode", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_NameOutsideWindows1252_Renders()
    {
        var pdf = Documents.Pdf(Gfe("Nguyễn Thị Ánh Łukasiewicz"));

        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        Assert.True(document.PageCount >= 1);
        Assert.Contains("/Identity-H", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_ManyItems_FlowsOntoMorePages()
    {
        var codes = Enumerable.Range(0, 80).Select(i => new BillingCode((80000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "CPT")).ToList();
        var estimate = PatientEstimator.Estimate(new EstimateRequest(
            [.. codes.Select(c => new ServiceLine(c, Description: "Laboratory test with a long description that wraps onto a second line in the table " + c.Code))],
            new DateOnly(2026, 6, 15), null, null, PriceRows.List([.. codes.Select((c, i) => PriceRows.Row(i + 4, c, 90m, 40m))])));

        var few = PdfReader.Open(new MemoryStream(Documents.Pdf(Gfe())), PdfDocumentOpenMode.Import).PageCount;
        using var many = PdfReader.Open(new MemoryStream(Documents.Pdf(Gfe(estimate: estimate))), PdfDocumentOpenMode.Import);

        Assert.True(many.PageCount > few + 2, $"{many.PageCount} pages for 80 items, {few} for 2");
    }

    [Fact]
    public void Fonts_DirectoryWithoutDejaVu_SaysWhatToInstall()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new DejaVuFonts(Path.GetTempPath()).Register());

        Assert.Contains("fonts-dejavu-core", e.Message, StringComparison.Ordinal);
    }
}
