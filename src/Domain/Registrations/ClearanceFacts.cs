namespace PatientAccess.Domain.Registrations;

/// <summary>
/// A card photo that passed the checks and is stored (ids and shape only; the image stays in Blob Storage). This is
/// the server-side record that the upload was processed: <paramref name="BlobName"/> is the name the server chose for
/// the upload, <paramref name="UploadETag"/> the version of the upload that was read, and <paramref name="Format"/>,
/// <paramref name="Width"/> and <paramref name="Height"/> describe our re-encoded copy (the one the readers use).
/// </summary>
public sealed record CardImageRecord(string BlobName, string Side, string Format, int Width, int Height, DateTimeOffset ReceivedAt, string? UploadETag = null);

/// <summary>Where each part of the coverage to check came from.</summary>
public enum CoverageSource
{
    Typed,
    Card,
    Specialist,
}

/// <summary>The coverage the clearance checks with the payer, settled from the card and what the patient typed.</summary>
public sealed record CoverageToCheck(
    string? PayerId,
    string? PayerName,
    string MemberId,
    string? GroupNumber,
    CoverageSource Source,
    bool PatientIsSubscriber = true);

/// <summary>Coverage status for the date of service.</summary>
public enum CoverageStatus
{
    Unknown,
    Active,
    Inactive,
}

/// <summary>Network tier of a benefit.</summary>
public enum NetworkTier
{
    NotApplicable,
    InNetwork,
    OutOfNetwork,

    /// <summary>EB12 U: the payer does not know; an estimate treats it like <see cref="NotApplicable"/>.</summary>
    Unknown,
}

/// <summary>
/// One service type's benefits for the patient, flattened for a specialist's table (CLI, worklist). The estimate reads
/// the typed EB loops in <see cref="EligibilitySnapshot.BenefitDetail"/> instead.
/// </summary>
public sealed record BenefitLine(
    string ServiceTypeCode,
    string ServiceTypeName,
    NetworkTier Network,
    decimal? Copay,
    decimal? CoinsurancePercent,
    decimal? DeductibleTotal,
    decimal? DeductibleRemaining,
    decimal? OutOfPocketTotal,
    decimal? OutOfPocketRemaining,
    bool? AuthorizationRequired,
    string Level = "IND");

/// <summary>The result of an eligibility check, summarised; the raw 271 is kept as a blob for audit.</summary>
/// <param name="BenefitDetail">Every EB loop of the patient with its qualifiers, typed; null on registrations checked before it was kept.</param>
public sealed record EligibilitySnapshot(
    CoverageStatus Status,
    string? PayerName,
    string? PlanName,
    string? GroupNumber,
    DateOnly? CoverageStart,
    DateOnly? CoverageEnd,
    IReadOnlyList<BenefitLine> Benefits,
    IReadOnlyList<string> Messages,
    string? ResponseBlobName,
    DateTimeOffset CheckedAt,
    Eligibility.PatientBenefits? BenefitDetail = null);

/// <summary>How reading one accepted card photo ended.</summary>
public enum CardReadStatus
{
    /// <summary>Read and reconciled: the coverage to check is settled.</summary>
    Read,
    /// <summary>Read, but a person must compare it with what the patient typed (low confidence or disagreement).</summary>
    NeedsReview,
    /// <summary>The photo could not be read; a new one is needed.</summary>
    Unreadable,
}

/// <summary>One value read from a card, for a specialist to compare with what was typed (PHI; stays in the registration).</summary>
/// <param name="Field">The field, as the reconciler names it: payer, payerId, memberId, groupNumber, memberName, birthDate, planName, planType.</param>
public sealed record CardFieldRead(string Field, string Value, double Confidence, string Engine);

/// <summary>Why a specialist must look at a field (plain words, never the value).</summary>
public sealed record CardFinding(string Field, string Reason);

/// <summary>
/// The result of reading one accepted card photo (<see cref="CardImageRecord.BlobName"/>): how it ended, the reader's
/// reason when it could not be read (a <c>CardRejectionCode</c> name), the key fields with their confidence, and the
/// reconciler's findings. The patient page shows the status and the reason; the console shows the fields.
/// </summary>
public sealed record CardReadRecord(
    string BlobName,
    CardReadStatus Status,
    string? ReasonCode,
    IReadOnlyList<CardFieldRead> Fields,
    IReadOnlyList<CardFinding> Findings,
    DateTimeOffset ReadAt);

/// <summary>An upload the intake refused (quarantined) before any reading, with the check's code (e.g. TooSmall).</summary>
public sealed record RefusedCardRecord(string BlobName, string Side, string ReasonCode, DateTimeOffset At);
