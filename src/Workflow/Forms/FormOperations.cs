using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Forms;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Workflow.Forms;

/// <summary>One form as the patient page shows it: the exact words to sign, and where it stands.</summary>
public sealed record PortalForm(
    FormKind Kind, string TemplateId, string Version, string Language, string Title, string Text, string Intent, string TextSha256,
    FormState State, DateTimeOffset? SignedAt);

/// <summary>
/// A signing request from the patient page. <paramref name="RequestId"/> is the client's id for this attempt (a UUID):
/// sent again (a double tap, a retry after a lost answer) it records nothing new and answers the first signature.
/// <paramref name="TemplateVersion"/> and <paramref name="Language"/> name the text the patient read; the server
/// refuses a version that is no longer current, so nobody signs words they were not shown.
/// </summary>
public sealed record SignatureRequest(
    string? RequestId,
    string? TemplateVersion,
    string? Language,
    string? SignerName,
    SignerRole? Role,
    string? RepresentativeRelationship,
    bool? IntentConfirmed,
    MspAnswers? Msp);

/// <summary>What a signing answers: the signature's id, when, the document's hash, and whether this request had been recorded before.</summary>
public sealed record SignatureReceipt(string SignatureId, FormKind Kind, DateTimeOffset SignedAt, string DocumentSha256, bool Replayed);

/// <summary>
/// The forms of a registration: what the patient reads and signs on the patient page, a specialist's upload of a paper
/// signature, a withdrawal, and the signed document (checked against its hash on every read). Every signature is
/// rendered (or, on paper, scanned), stored write-once, recorded on the registration with its hash, and then the
/// clearance is told (<see cref="ClearanceEvents.FormSigned"/>); the clearance reads the registration to decide.
/// </summary>
public sealed partial class FormOperations(
    PatientLinks links,
    IRegistrationStore registrations,
    RegistrationUpdater updater,
    FormRequirements requirements,
    ISignedFormRenderer renderer,
    ISignedDocumentStore documents,
    ILogger<FormOperations> logger)
{
    public const int MaxSignerNameLength = 120;
    public const int MaxScanBytes = 10 * 1024 * 1024;

    /// <summary>The forms the link's visit needs, in the patient's language, with their state.</summary>
    public async Task<IReadOnlyList<PortalForm>> GetFormsAsync(string? token, CancellationToken cancellationToken)
    {
        var link = await links.OpenAsync(token, cancellationToken);
        var registration = (await registrations.GetAsync(link.RegistrationId, cancellationToken)).Value;
        return FormsOf(registration, requirements);
    }

    /// <summary>The required forms of <paramref name="registration"/> as the page shows them (pure).</summary>
    public static IReadOnlyList<PortalForm> FormsOf(Registration registration, FormRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(requirements);
        return requirements.RequiredFor(registration.Appointment, registration.Coverage).Select(kind =>
        {
            var t = FormTemplates.Current(kind, registration.Patient.Language);
            return new PortalForm(kind, t.Id, t.Version, t.Language, t.Title, t.Text, t.Intent, t.TextSha256,
                registration.Forms.StateOf(kind), registration.Forms.SignatureOf(kind)?.SignedAt);
        }).ToList();
    }

    /// <summary>Signs <paramref name="kind"/> electronically for the link's registration.</summary>
    /// <exception cref="ValidationException">A field is missing or wrong (field-level, never the value).</exception>
    public async Task<SignatureReceipt> SignAsync(DurableTaskClient client, string? token, FormKind kind, SignatureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var link = await links.OpenAsync(token, cancellationToken);
        var registration = (await registrations.GetAsync(link.RegistrationId, cancellationToken)).Value;
        var errors = new List<ValidationError>();
        var requestId = RequestIds.Of(request.RequestId, errors);
        if (requestId is not null && registration.Forms.ForRequest(requestId) is { } earlier)
        {
            return earlier.Kind == kind ? Receipt(earlier, replayed: true) : throw Invalid("requestId", "was used for another form");
        }
        CheckRequired(registration, kind, errors);
        var template = TemplateOf(kind, request.TemplateVersion, request.Language, errors);
        var name = SignerNameOf(request.SignerName, "signerName", errors);
        var role = request.Role ?? SignerRole.Patient;
        var relationship = role == SignerRole.Representative ? SignerNameOf(request.RepresentativeRelationship, "representativeRelationship", errors, 60) : null;
        if (request.IntentConfirmed != true) errors.Add(new("intentConfirmed", "must be true: the patient states that they mean to sign"));
        if (kind == FormKind.MedicareSecondaryPayer && request.Msp is null) errors.Add(new("msp", "the questionnaire's answers are required"));
        if (kind != FormKind.MedicareSecondaryPayer && request.Msp is not null) errors.Add(new("msp", "only the Medicare Secondary Payer questionnaire takes answers"));
        CheckPlan(request.Msp?.Plan, errors);
        if (errors.Count > 0) throw new ValidationException(errors);

        var at = updater.Now;
        var signature = NewSignature(registration.Id, kind, template!, name!, role, relationship, at, SignatureMethod.Electronic, link.TokenHash, null, requestId!, "pdf");
        var msp = request.Msp is { } answers ? MspRecord.From(answers, template!.Version, at) : null;
        var pdf = renderer.Render(new SignedFormContent(template!, signature, msp));
        var hash = await documents.PutOnceAsync(signature.DocumentBlobName, pdf, "application/pdf", cancellationToken);
        return await RecordAsync(client, registration.Id, signature with { DocumentSha256 = hash }, msp, PortalOperations.PatientActor, cancellationToken);
    }

    /// <summary>
    /// A specialist records a signature made on paper at the desk: the scan (PDF, JPEG or PNG, checked by its first
    /// bytes) is the signed document, stored write-once; the signer's name is as written on the paper.
    /// </summary>
    public async Task<SignatureReceipt> RecordPaperSignatureAsync(
        DurableTaskClient client, RegistrationId id, FormKind kind, string specialist, string? requestId, string? signerName, string? language,
        byte[] scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentException.ThrowIfNullOrWhiteSpace(specialist);
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        var errors = new List<ValidationError>();
        var request = RequestIds.Of(requestId, errors);
        if (request is not null && registration.Forms.ForRequest(request) is { } earlier)
        {
            return earlier.Kind == kind ? Receipt(earlier, replayed: true) : throw Invalid("requestId", "was used for another form");
        }
        CheckRequired(registration, kind, errors);
        var template = TemplateOf(kind, FormTemplates.CurrentVersion, language ?? registration.Patient.Language, errors);
        var name = SignerNameOf(signerName, "signerName", errors);
        var (contentType, extension) = ScanType(scan);
        if (contentType is null) errors.Add(new("scan", "must be a PDF, JPEG or PNG file"));
        if (scan.Length > MaxScanBytes) errors.Add(new("scan", $"must be at most {MaxScanBytes / (1024 * 1024)} MB"));
        if (errors.Count > 0) throw new ValidationException(errors);

        var signature = NewSignature(id, kind, template!, name!, SignerRole.Patient, null, updater.Now, SignatureMethod.PaperScan, null, specialist, request!, extension!);
        var hash = await documents.PutOnceAsync(signature.DocumentBlobName, scan, contentType!, cancellationToken);
        return await RecordAsync(client, id, signature with { DocumentSha256 = hash }, null, specialist, cancellationToken);
    }

    /// <summary>The patient withdraws a signed form through the link; false when it was not signed.</summary>
    public async Task<bool> WithdrawAsync(string? token, FormKind kind, string? reason, CancellationToken cancellationToken)
    {
        var link = await links.OpenAsync(token, cancellationToken);
        return await WithdrawAsync(link.RegistrationId, kind, "patient", reason, PortalOperations.PatientActor, cancellationToken);
    }

    /// <summary>
    /// Records a withdrawal (the patient's, or a specialist's on the patient's word); false when the form was not signed.
    /// From then on the form counts as missing: a clearance still waiting keeps waiting, and the patient page offers it
    /// again. A visit already past the consents phase is not re-opened here; the specialist who records a withdrawal
    /// talks to the patient (docs/decisions/0016-consents-and-forms.md).
    /// </summary>
    public async Task<bool> WithdrawAsync(RegistrationId id, FormKind kind, string by, string? reason, string actor, CancellationToken cancellationToken)
    {
        var note = reason?.Trim() ?? string.Empty;
        if (FieldRules.CheckFreeText(note, 500) is { } problem) throw Invalid("reason", problem);
        var withdrawal = new FormWithdrawal(kind, updater.Now, by, note);
        var recorded = await updater.UpdateAsync(id, r => r.WithdrawForm(withdrawal with { At = updater.Now }), $"form {kind} withdrawn", cancellationToken, actor);
        FormsLog.FormWithdrawn(logger, id.Value, kind, by == "patient" ? "patient" : "specialist", recorded);
        return recorded;
    }

    /// <summary>The signed document of the form in force, checked against its recorded hash (patient page).</summary>
    public async Task<(byte[] Content, string ContentType)> GetDocumentAsync(string? token, FormKind kind, CancellationToken cancellationToken)
    {
        var link = await links.OpenAsync(token, cancellationToken);
        return await GetDocumentAsync(link.RegistrationId, kind, cancellationToken);
    }

    /// <summary>The signed document of the form in force, checked against its recorded hash.</summary>
    /// <exception cref="NotFoundException">The form is not signed.</exception>
    /// <exception cref="SignedDocumentAlteredException">The stored bytes do not match the hash recorded at signing.</exception>
    public async Task<(byte[] Content, string ContentType)> GetDocumentAsync(RegistrationId id, FormKind kind, CancellationToken cancellationToken)
    {
        var registration = (await registrations.GetAsync(id, cancellationToken)).Value;
        var signature = registration.Forms.SignatureOf(kind) ?? throw new NotFoundException("Signed form", $"{id.Value}/{kind}");
        return await documents.ReadVerifiedAsync(signature.DocumentBlobName, signature.DocumentSha256, cancellationToken);
    }

    private async Task<SignatureReceipt> RecordAsync(
        DurableTaskClient client, RegistrationId id, FormSignature signature, MspRecord? msp, string actor, CancellationToken cancellationToken)
    {
        var recorded = await updater.UpdateAsync(
            id,
            r => r.RecordSignature(signature, updater.Now) | (msp is not null && r.RecordMsp(msp)),
            $"form {signature.Kind} signed ({signature.Method}) as {signature.Id}",
            cancellationToken,
            actor);
        FormsLog.FormSigned(logger, id.Value, signature.Kind, signature.Method, signature.Id, recorded);
        if (msp is not null) FormsLog.MspRecorded(logger, id.Value, msp.Decision.Primary);
        // What is on file decides: a concurrent replay of the same request may have recorded its own copy first.
        var stored = (await registrations.GetAsync(id, cancellationToken)).Value.Forms.ForRequest(signature.RequestId) ?? signature;
        await TellClearanceAsync(client, id, stored.Id, cancellationToken);
        return Receipt(stored, replayed: !recorded);
    }

    /// <summary>
    /// Raises <see cref="ClearanceEvents.FormSigned"/> to a running clearance. One that is not waiting for forms yet keeps
    /// the event until it is (the phase reads the registration anyway); one that does not exist or has ended is only
    /// logged: the signature is recorded either way.
    /// </summary>
    private async Task TellClearanceAsync(DurableTaskClient client, RegistrationId id, string signatureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(id.ClearanceInstanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null || instance.IsCompleted)
        {
            FormsLog.FormSignedNotRaised(logger, id.Value, signatureId, instance is null ? "no clearance" : $"clearance {instance.RuntimeStatus}");
            return;
        }
        await client.RaiseEventAsync(id.ClearanceInstanceId, ClearanceEvents.FormSigned, new FormSignedEvent(signatureId), cancellationToken);
    }

    private void CheckRequired(Registration registration, FormKind kind, List<ValidationError> errors)
    {
        if (!requirements.RequiredFor(registration.Appointment, registration.Coverage).Contains(kind))
        {
            errors.Add(new("kind", "this visit does not need this form"));
        }
    }

    private static FormTemplate? TemplateOf(FormKind kind, string? version, string? language, List<ValidationError> errors)
    {
        if (language is not ("en" or "es"))
        {
            errors.Add(new("language", "must be en or es"));
            return null;
        }
        if (version != FormTemplates.CurrentVersion)
        {
            errors.Add(new("templateVersion", "is not the current version of this form; read the form again"));
            return null;
        }
        return FormTemplates.Find(kind, version, language);
    }

    private static string? SignerNameOf(string? value, string field, List<ValidationError> errors, int maxLength = MaxSignerNameLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(new(field, "is required"));
            return null;
        }
        var problem = FieldRules.CheckFreeText(trimmed, maxLength)
            ?? (trimmed.Contains('\n', StringComparison.Ordinal) ? "must be one line" : null)
            ?? (trimmed.Any(char.IsLetter) ? null : "must contain a letter");
        if (problem is not null) errors.Add(new(field, problem));
        return problem is null ? trimmed : null;
    }

    private static void CheckPlan(OtherPlan? plan, List<ValidationError> errors)
    {
        if (plan is null) return;
        FieldRules.PayerName.Required(plan.PlanName, "msp.plan.planName", errors);
        FieldRules.MemberId.Required(plan.MemberId, "msp.plan.memberId", errors);
        FieldRules.GroupNumber.Optional(plan.GroupNumber, "msp.plan.groupNumber", errors);
        FieldRules.PayerId.Optional(plan.PayerId, "msp.plan.payerId", errors);
    }

    private static FormSignature NewSignature(
        RegistrationId id, FormKind kind, FormTemplate template, string name, SignerRole role, string? relationship, DateTimeOffset at,
        SignatureMethod method, string? linkId, string? recordedBy, string requestId, string extension)
    {
        var signatureId = "sig-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id.Value}|{requestId}")))[..24];
        return new FormSignature(signatureId, kind, template.Id, template.Version, template.Language, template.TextSha256, template.Intent,
            name, role, relationship, at, method, linkId, recordedBy, requestId, $"{id.Value}/{kind}-{signatureId}.{extension}", string.Empty);
    }

    private static (string? ContentType, string? Extension) ScanType(byte[] scan) => scan switch
    {
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => ("application/pdf", "pdf"),
        [0xFF, 0xD8, 0xFF, ..] => ("image/jpeg", "jpg"),
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => ("image/png", "png"),
        _ => (null, null),
    };

    private static SignatureReceipt Receipt(FormSignature s, bool replayed) => new(s.Id, s.Kind, s.SignedAt, s.DocumentSha256, replayed);

    private static ValidationException Invalid(string field, string message) => new([new ValidationError(field, message)]);

}
