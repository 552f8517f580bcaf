using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.PriorAuth;

/// <summary>The patient as the payer knows them (PAS Patient / 278 2010C-D). PHI: <see cref="ToString"/> prints nothing.</summary>
public sealed record AuthorizationPatient(PersonName Name, DateOnly BirthDate, AdministrativeSex Sex, PostalAddress? Address)
{
    public override string ToString() => "AuthorizationPatient { (PHI withheld) }";
}

/// <summary>A provider in the request: NPI and name (PAS Practitioner or Organization / 278 NM1 with PRV).</summary>
/// <param name="TaxonomyCode">Provider taxonomy (PRV03), when known.</param>
public sealed record AuthorizationProvider(Npi Npi, string Name, bool IsOrganization, string? TaxonomyCode = null, PostalAddress? Address = null);

/// <summary>What kind of request this is (X12 UM02 / PAS certificationType).</summary>
public enum CertificationType
{
    /// <summary>I: the first request for these services.</summary>
    Initial,

    /// <summary>3: cancel an earlier request (the visit was cancelled).</summary>
    Cancel,
}

/// <summary>
/// One prior-authorization request to a payer, built from a registration by the activity (it never enters
/// orchestration history). <see cref="SubmissionId"/> is ours and carries no PHI: PAS Claim.identifier and X12
/// TRN02, echoed by the payer so a later notification finds its way back.
/// </summary>
public sealed record AuthorizationRequest
{
    public AuthorizationRequest(
        string submissionId,
        string payerId,
        string? payerName,
        string memberId,
        AuthorizationPatient patient,
        bool patientIsSubscriber,
        AuthorizationProvider requester,
        AuthorizationProvider? rendering,
        AuthorizationProvider facility,
        IReadOnlyList<ServiceLine> lines,
        IReadOnlyList<string> diagnosisCodes,
        AuthorizationUrgency urgency,
        DateTimeOffset createdAt,
        CertificationType certification = CertificationType.Initial,
        string? groupNumber = null,
        string? payerReference = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(submissionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(payerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(memberId);
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(facility);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(diagnosisCodes);
        if (lines.Count == 0) throw new ArgumentException("A request has at least one service line.", nameof(lines));
        if (submissionId.Length > 50 || !submissionId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("A submission id is at most 50 letters, digits or dashes (it travels in X12 TRN02).", nameof(submissionId));
        }
        SubmissionId = submissionId;
        PayerId = payerId;
        PayerName = payerName;
        MemberId = memberId;
        Patient = patient;
        PatientIsSubscriber = patientIsSubscriber;
        Requester = requester;
        Rendering = rendering;
        Facility = facility;
        Lines = lines;
        DiagnosisCodes = diagnosisCodes;
        Urgency = urgency;
        CreatedAt = createdAt;
        Certification = certification;
        GroupNumber = groupNumber;
        PayerReference = payerReference;
    }

    public string SubmissionId { get; init; }
    public string PayerId { get; init; }
    public string? PayerName { get; init; }
    public string MemberId { get; init; }
    public AuthorizationPatient Patient { get; init; }
    public bool PatientIsSubscriber { get; init; }

    /// <summary>Who asks: the hospital (PAS Claim.provider / 278 2010B).</summary>
    public AuthorizationProvider Requester { get; init; }

    /// <summary>Who renders the service (PAS careTeam / 278 2010F SJ).</summary>
    public AuthorizationProvider? Rendering { get; init; }

    /// <summary>Where the service happens (PAS Location-less facility organization / 278 2010EB FA with N3/N4).</summary>
    public AuthorizationProvider Facility { get; init; }

    public IReadOnlyList<ServiceLine> Lines { get; init; }

    /// <summary>ICD-10-CM codes, without dots; may be empty when the registration has none.</summary>
    public IReadOnlyList<string> DiagnosisCodes { get; init; }

    public AuthorizationUrgency Urgency { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public CertificationType Certification { get; init; }
    public string? GroupNumber { get; init; }

    /// <summary>The payer's reference from an earlier answer (PAS ClaimResponse id / preAuthRef, 278 REF), for inquiries and cancels.</summary>
    public string? PayerReference { get; init; }

    public override string ToString() => $"AuthorizationRequest {{ SubmissionId = {SubmissionId}, PayerId = {PayerId}, Lines = {Lines.Count} }}";
}

/// <summary>
/// The payer's answer: a decision per item, the payer's reference for later inquiries, and the raw payload
/// (PHI; kept as an audit blob, never in orchestration history).
/// </summary>
/// <param name="PayerReference">The payer's id for this request (PAS ClaimResponse.id or preAuthRef, 278 REF*NT / HCR02), when given.</param>
/// <param name="PayloadExtension">"json" (PAS) or "x12" (278).</param>
public sealed record AuthorizationResponse(
    string SubmissionId,
    string? PayerReference,
    IReadOnlyList<ItemDecision> Items,
    ReadOnlyMemory<byte> RawPayload,
    string PayloadExtension)
{
    /// <summary>The decision for the item with <paramref name="sequence"/>; the only one when the payer answered one item without numbering it.</summary>
    public ItemDecision? ItemFor(int sequence) =>
        Items.FirstOrDefault(i => i.ItemSequence == sequence) ?? (Items.Count == 1 ? Items[0] : null);

    public override string ToString() =>
        $"AuthorizationResponse {{ SubmissionId = {SubmissionId}, Items = [{string.Join(", ", Items.Select(i => i.Decision))}], Bytes = {RawPayload.Length} }}";
}

/// <summary>
/// The payer refused the request as data (PAS 4xx with an OperationOutcome, a 278 AAA, a 999 rejection): resubmitting
/// the same request cannot help, a specialist must fix the data. The issues are codes and element paths, never values.
/// </summary>
public sealed class AuthorizationRequestRejectedException(string dependency, IReadOnlyList<string> issues)
    : Common.PermanentDependencyException(dependency, "the payer rejected the authorization request: " + string.Join("; ", issues))
{
    public IReadOnlyList<string> Issues { get; } = issues;
}

/// <summary>Prior-authorization requests to payers (Da Vinci PAS or X12 278, chosen per payer by the adapter).</summary>
public interface IPriorAuthGateway
{
    /// <summary>Submits the request (PAS Claim/$submit, 278 request).</summary>
    /// <exception cref="AuthorizationRequestRejectedException">A data problem the payer named: a specialist must act, no resubmission.</exception>
    /// <exception cref="Common.TransientDependencyException">5xx, 408, 429, timeout, connection failure: retry later.</exception>
    /// <exception cref="Common.PermanentDependencyException">Anything else the payer or the adapter cannot accept.</exception>
    Task<AuthorizationResponse> SubmitAsync(AuthorizationRequest request, CancellationToken cancellationToken);

    /// <summary>Asks for the current state of an earlier request (PAS Claim/$inquire, 278 inquiry).</summary>
    Task<AuthorizationResponse> InquireAsync(AuthorizationRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels an earlier request (PAS update with certificationType 3 and related.claim, 278 with UM02 3).</summary>
    Task<AuthorizationResponse> CancelAsync(AuthorizationRequest request, CancellationToken cancellationToken);
}
