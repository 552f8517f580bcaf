using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Eligibility;

/// <summary>What the workflow does about a payer rejection (AAA).</summary>
public enum RejectionKind
{
    /// <summary>AAA 42, 79, 80: the payer or the line is not answering now; retry with backoff.</summary>
    Transient,

    /// <summary>AAA 64, 65, 67, 72, 73, 75, 77: the member was not found with the identity sent; re-query once with alternate identity data.</summary>
    IdentityMismatch,

    /// <summary>Anything else: a person must act.</summary>
    Other,
}

/// <summary>
/// One payer rejection in plain terms. Codes and words from the X12 code tables only, never data values.
/// </summary>
/// <param name="Code">AAA03 reject reason (e.g. "75").</param>
/// <param name="FollowUpCode">AAA04 follow-up action (e.g. "C"), when sent.</param>
/// <param name="Loop">Where the payer put it: "2100A" payer, "2100B" provider, "2100C" subscriber, "2100D" dependent, "2110C"/"2110D" a benefit.</param>
/// <param name="Reason">The code's meaning (e.g. "Subscriber/Insured Not Found").</param>
/// <param name="Remediation">What a person should do, in plain words.</param>
public sealed record EligibilityRejection(string Code, string? FollowUpCode, string Loop, string Reason, string Remediation, RejectionKind Kind);

/// <summary>
/// The answer to an <see cref="EligibilityRequest"/>: the summary as the registration keeps it, the raw payload
/// as the payer sent it (for the audit blob; PHI, never in orchestration history) and the rejections.
/// </summary>
/// <param name="Snapshot">Coverage, plan and benefits. <see cref="EligibilitySnapshot.ResponseBlobName"/> is null until the payload is stored.</param>
/// <param name="RawPayload">The 271 (or the JSON body) exactly as received.</param>
/// <param name="PayloadExtension">"x12" or "json": the blob name's extension.</param>
public sealed record EligibilityResponse(
    EligibilitySnapshot Snapshot,
    ReadOnlyMemory<byte> RawPayload,
    string PayloadExtension,
    IReadOnlyList<EligibilityRejection> Rejections)
{
    public bool IsRejected => Rejections.Count > 0 && Snapshot.Status == CoverageStatus.Unknown;

    public override string ToString() =>
        $"EligibilityResponse {{ Status = {Snapshot.Status}, Rejections = [{string.Join(", ", Rejections.Select(r => r.Code))}], Bytes = {RawPayload.Length} }}";
}

/// <summary>
/// The payer answered with a transient rejection (AAA 42, 79, 80). A <see cref="TransientDependencyException"/>,
/// so Durable retry policies handle it; it carries the payload so the caller can keep it for audit first.
/// The message names codes only.
/// </summary>
public sealed class PayerUnavailableException(EligibilityResponse response)
    : TransientDependencyException("payer", $"the payer answered AAA {string.Join("/", response.Rejections.Where(r => r.Kind == RejectionKind.Transient).Select(r => r.Code))}")
{
    public EligibilityResponse Response { get; } = response;
}
