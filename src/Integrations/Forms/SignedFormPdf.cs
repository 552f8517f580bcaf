using System.Globalization;
using PatientAccess.Domain.Forms;
using PatientAccess.Domain.Ports;
using PatientAccess.Integrations.Estimates;

namespace PatientAccess.Integrations.Forms;

/// <summary>
/// A signed form as a Letter-size PDF through the same PDFsharp renderer as the Good Faith Estimate: the template's
/// title and exact words, the MSP answers when there are any, then the signature block with every fact ESIGN and UETA
/// ask a record to keep (who, the intent affirmed, when in UTC, how, from which link, template version and text hash).
/// </summary>
public sealed class SignedFormPdf(PdfRenderer renderer) : ISignedFormRenderer
{
    public byte[] Render(SignedFormContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return renderer.Render(Outline(content), content.Signature.SignedAt.UtcDateTime);
    }

    /// <summary>The document's outline (pure): what the PDF says, block by block.</summary>
    public static DocumentOutline Outline(SignedFormContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (template, signature, msp) = (content.Template, content.Signature, content.Msp);
        var blocks = new List<DocumentBlock> { new ParagraphBlock(template.Text) };
        if (msp is not null)
        {
            var a = msp.Answers;
            blocks.Add(new HeadingBlock("Answers"));
            blocks.Add(new FieldsBlock(
            [
                ("Black lung benefits", YesNo(a.BlackLung)),
                ("Government research program", YesNo(a.GovernmentResearch)),
                ("Veterans Affairs authorized", YesNo(a.VeteransAffairs)),
                ("Work-related illness or injury", YesNo(a.WorkRelated)),
                ("Accident with no-fault or liability insurance", YesNo(a.AccidentWithNoFaultOrLiability)),
                ("Medicare because of", a.Basis.ToString()),
                ("Patient currently employed", YesNo(a.PatientCurrentlyEmployed)),
                ("Spouse or family member currently employed", YesNo(a.SpouseOrFamilyCurrentlyEmployed)),
                ("Group health plan through current employment", YesNo(a.GroupHealthPlanThroughCurrentEmployment)),
                ("Employer has 20 or more employees", YesNo(a.EmployerHas20OrMoreEmployees)),
                ("Employer has 100 or more employees", YesNo(a.EmployerHas100OrMoreEmployees)),
                ("Within the ESRD 30-month coordination period", YesNo(a.WithinEsrdCoordinationPeriod)),
                ("Group health plan", a.Plan is { } p ? $"{p.PlanName}, member {p.MemberId}{(p.GroupNumber is null ? "" : $", group {p.GroupNumber}")}" : "none named"),
                ("Pays first", msp.Order[0].Payer.ToString()),
                ("Rule", msp.Decision.Rule),
            ]));
        }
        blocks.Add(new HeadingBlock("Signature"));
        blocks.Add(new ParagraphBlock(signature.Intent, Emphasis: true));
        blocks.Add(new FieldsBlock(
        [
            ("Signed by", signature.SignerName),
            ("Signing as", signature.Role == SignerRole.Patient ? "the patient" : $"representative ({signature.RepresentativeRelationship})"),
            ("Signed at (UTC)", signature.SignedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("Method", signature.Method == SignatureMethod.Electronic ? "electronic, on the patient page" : $"paper, scanned by {signature.RecordedBy}"),
            ("Patient link", signature.LinkId ?? "-"),
            ("Form", template.Id),
            ("Text SHA-256", template.TextSha256),
            ("Signature id", signature.Id),
        ]));
        return new DocumentOutline(template.Title, $"Version {template.Version} ({template.Language})", blocks);
    }

    private static string YesNo(bool? answer) => answer switch { true => "yes", false => "no", null => "not asked" };
}
