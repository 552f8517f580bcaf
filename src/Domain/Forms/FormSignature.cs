namespace PatientAccess.Domain.Forms;

/// <summary>How a form was signed.</summary>
public enum SignatureMethod
{
    /// <summary>On the patient page, through the patient's link.</summary>
    Electronic,

    /// <summary>On paper at the desk; a specialist uploaded the scan.</summary>
    PaperScan,
}

/// <summary>Who signed: the patient, or someone legally allowed to sign for them (parent, guardian, health care agent).</summary>
public enum SignerRole
{
    Patient,
    Representative,
}

/// <summary>
/// One signature of one form, as ESIGN (15 U.S.C. 7001) and UETA section 9 expect a record to be attributable and
/// reproducible: which exact text was shown (<see cref="TemplateId"/>, whose words never change, and
/// <see cref="TextSha256"/> of them), the intent the signer affirmed (<see cref="Intent"/>, the exact sentence), who
/// signed (<see cref="SignerName"/> as typed, <see cref="Role"/>), when (<see cref="SignedAt"/>), from which link
/// (<see cref="LinkId"/>: the stored hash of the patient link's token, never the token) or which specialist recorded a
/// paper signature (<see cref="RecordedBy"/>), and the signed document (<see cref="DocumentBlobName"/>, write-once,
/// and its <see cref="DocumentSha256"/>). PHI (the name): it stays in the registration.
/// </summary>
/// <param name="RequestId">The client's id for this signing request; a replayed request with the same id records nothing new.</param>
public sealed record FormSignature(
    string Id,
    FormKind Kind,
    string TemplateId,
    string TemplateVersion,
    string Language,
    string TextSha256,
    string Intent,
    string SignerName,
    SignerRole Role,
    string? RepresentativeRelationship,
    DateTimeOffset SignedAt,
    SignatureMethod Method,
    string? LinkId,
    string? RecordedBy,
    string RequestId,
    string DocumentBlobName,
    string DocumentSha256);

/// <summary>A withdrawal of a signed form: from then on the form counts as unsigned until signed again.</summary>
/// <param name="By">"patient" (through the link) or the specialist's id.</param>
/// <param name="Reason">Plain words, no PHI; may be empty.</param>
public sealed record FormWithdrawal(FormKind Kind, DateTimeOffset At, string By, string Reason);

/// <summary>The state of one form on a registration.</summary>
public enum FormState
{
    NotSigned,
    InForce,
    Withdrawn,
}

/// <summary>
/// A registration's forms: every signature and withdrawal (append-only), and the Medicare Secondary Payer answers.
/// The latest event per form decides; a withdrawal at the same instant as a signature wins (when in doubt, treat the
/// form as not signed). Immutable: every change returns a new record.
/// </summary>
public sealed record FormRecords(IReadOnlyList<FormSignature> Signatures, IReadOnlyList<FormWithdrawal> Withdrawals, MspRecord? Msp = null)
{
    public static FormRecords Empty { get; } = new([], []);

    public FormState StateOf(FormKind kind)
    {
        var signed = Signatures.Where(s => s.Kind == kind).Select(s => (DateTimeOffset?)s.SignedAt).Max();
        var withdrawn = Withdrawals.Where(w => w.Kind == kind).Select(w => (DateTimeOffset?)w.At).Max();
        if (signed is null) return FormState.NotSigned;
        return withdrawn is { } w && w >= signed ? FormState.Withdrawn : FormState.InForce;
    }

    /// <summary>The signature in force for <paramref name="kind"/>; null when unsigned or withdrawn.</summary>
    public FormSignature? SignatureOf(FormKind kind) =>
        StateOf(kind) == FormState.InForce ? Signatures.Where(s => s.Kind == kind).MaxBy(s => s.SignedAt) : null;

    /// <summary>The forms of <paramref name="required"/> not signed (never, or withdrawn), in the given order.</summary>
    public IReadOnlyList<FormKind> Missing(IEnumerable<FormKind> required) =>
        required.Where(k => StateOf(k) != FormState.InForce).ToList();

    /// <summary>The signature recorded for the request <paramref name="requestId"/>; null when that request was not recorded.</summary>
    public FormSignature? ForRequest(string requestId) => Signatures.FirstOrDefault(s => s.RequestId == requestId);
}
