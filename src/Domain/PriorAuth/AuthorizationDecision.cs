namespace PatientAccess.Domain.PriorAuth;

/// <summary>The payer's decision on one item (a service line), whatever the protocol (PAS reviewAction, X12 HCR01).</summary>
public enum AuthorizationDecisionKind
{
    /// <summary>A1 certified in total.</summary>
    Approved,

    /// <summary>A2 certified partial or A6 modified (fewer units, other dates, another code).</summary>
    Modified,

    /// <summary>A3 not certified.</summary>
    Denied,

    /// <summary>A4 pended (the payer decides later), or CT contact the payer.</summary>
    Pended,

    /// <summary>C cancelled.</summary>
    Cancelled,

    /// <summary>NA no action required: the payer needs no authorization for this item.</summary>
    NoActionRequired,

    /// <summary>The payer answered with an error for this item, or with a code we cannot read.</summary>
    Error,
}

/// <summary>A reason the payer gave (X12 HCR03 / PAS reviewAction.reasonCode): code, code system and the payer's words.</summary>
public sealed record DecisionReason(string Code, string? System = null, string? Display = null);

/// <summary>
/// The payer's answer for one item. No patient values: codes, the payer's authorization number, dates and units.
/// </summary>
/// <param name="ItemSequence">The item's sequence in the request (PAS item.sequence / 278 service level order), 1-based.</param>
/// <param name="ServiceCode">The service code the decision is about, when the payer repeats it.</param>
/// <param name="ReviewActionCode">The code as sent (A1, A2, A3, A4, A6, C, CT, NA), null when the payer sent only an outcome.</param>
/// <param name="AuthorizationNumber">The payer's authorization (certification) number: PAS reviewAction.number / preAuthRef, 278 HCR02 / REF*BB.</param>
/// <param name="PayerTrackingNumber">The payer's reference for a pended or disallowed review (PAS administrationReferenceNumber, 278 REF*NT).</param>
public sealed record ItemDecision(
    int ItemSequence,
    string? ServiceCode,
    AuthorizationDecisionKind Decision,
    string? ReviewActionCode,
    string? AuthorizationNumber,
    DateOnly? ApprovedFrom,
    DateOnly? ApprovedTo,
    decimal? ApprovedUnits,
    IReadOnlyList<DecisionReason> Reasons,
    string? PayerTrackingNumber = null)
{
    /// <summary>The payer asks the provider to get in touch (HCR01 CT) rather than to wait.</summary>
    public bool AsksForContact => string.Equals(ReviewActionCode, "CT", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Review action codes (X12 element 306, HCR01, PAS reviewActionCode).</summary>
public static class ReviewActions
{
    public static AuthorizationDecisionKind ToDecision(string? code) => code?.Trim().ToUpperInvariant() switch
    {
        "A1" => AuthorizationDecisionKind.Approved,
        "A2" or "A6" => AuthorizationDecisionKind.Modified,
        "A3" => AuthorizationDecisionKind.Denied,
        "A4" or "CT" => AuthorizationDecisionKind.Pended,
        "C" => AuthorizationDecisionKind.Cancelled,
        "NA" => AuthorizationDecisionKind.NoActionRequired,
        _ => AuthorizationDecisionKind.Error,
    };

    /// <summary>The code we send for a decision (the sandbox and tests answer with it).</summary>
    public static string ToCode(AuthorizationDecisionKind decision, bool partial = false) => decision switch
    {
        AuthorizationDecisionKind.Approved => "A1",
        AuthorizationDecisionKind.Modified => partial ? "A2" : "A6",
        AuthorizationDecisionKind.Denied => "A3",
        AuthorizationDecisionKind.Pended => "A4",
        AuthorizationDecisionKind.Cancelled => "C",
        AuthorizationDecisionKind.NoActionRequired => "NA",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), "An error has no review action code."),
    };

    /// <summary>
    /// Older PAS responses (and some payers) carry only ClaimResponse.outcome / disposition: complete means decided,
    /// queued or partial means pended, error means error. Without a review action we cannot tell approval from
    /// denial on "complete", so the disposition text decides when it says so.
    /// </summary>
    public static AuthorizationDecisionKind FromOutcome(string? outcome, string? disposition)
    {
        var words = disposition?.ToUpperInvariant() ?? string.Empty;
        if (words.Contains("DENIED", StringComparison.Ordinal) || words.Contains("NOT CERTIFIED", StringComparison.Ordinal)) return AuthorizationDecisionKind.Denied;
        if (words.Contains("PEND", StringComparison.Ordinal)) return AuthorizationDecisionKind.Pended;
        if (words.Contains("MODIFIED", StringComparison.Ordinal) || words.Contains("PARTIAL", StringComparison.Ordinal)) return AuthorizationDecisionKind.Modified;
        if (words.Contains("CANCEL", StringComparison.Ordinal)) return AuthorizationDecisionKind.Cancelled;
        return outcome?.Trim().ToLowerInvariant() switch
        {
            "complete" when words.Contains("APPROVED", StringComparison.Ordinal) || words.Contains("CERTIFIED", StringComparison.Ordinal) => AuthorizationDecisionKind.Approved,
            "complete" => AuthorizationDecisionKind.Approved,
            "queued" or "partial" => AuthorizationDecisionKind.Pended,
            _ => AuthorizationDecisionKind.Error,
        };
    }
}
