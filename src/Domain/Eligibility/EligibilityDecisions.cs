using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Domain.Eligibility;

/// <summary>Which question an eligibility check asks: the data on file, or the one alternate-identity re-query.</summary>
public enum EligibilityAttemptKind
{
    Primary,
    AlternateIdentity,
}

/// <summary>What to do after an eligibility answer.</summary>
public enum EligibilityVerdict
{
    /// <summary>Coverage is active: record it and go on.</summary>
    Verified,

    /// <summary>Coverage is inactive for the date of service: a specialist talks to the patient.</summary>
    Inactive,

    /// <summary>The member was not found with the identity sent: ask once more with alternate identity data.</summary>
    RequeryWithAlternateIdentity,

    /// <summary>The payer is not answering now: retry with backoff.</summary>
    RetryLater,

    /// <summary>A person must act; the work item carries the reason and the remediation.</summary>
    NeedsSpecialist,
}

/// <summary>
/// A decision with its reason in words a specialist can act on. <see cref="ReasonCode"/> is stable
/// ("coverage-active", "coverage-inactive", "aaa-75", "payer-unavailable"...). No text here contains PHI values:
/// it is built from codes and fixed words only.
/// </summary>
public sealed record EligibilityDecision(
    EligibilityVerdict Verdict,
    WorkItemReason? WorkItemReason,
    RejectionKind? Classification,
    string ReasonCode,
    string Explanation,
    string SuggestedAction);

/// <summary>The pure decision rules of the eligibility step.</summary>
public static class EligibilityDecisions
{
    public const string ReasonActive = "coverage-active";
    public const string ReasonInactive = "coverage-inactive";
    public const string ReasonUnknown = "coverage-unknown";
    public const string ReasonCoverageMissing = "coverage-missing";
    public const string ReasonPayerUnavailable = "payer-unavailable";
    public const string ReasonClearinghouseRefused = "clearinghouse-refused";

    /// <summary>The visit was cancelled before the question was asked.</summary>
    public const string ReasonVisitCancelled = "visit-cancelled";

    /// <summary>Decides on a payer's answer.</summary>
    /// <param name="alternateIdentityAvailable">Whether <see cref="AlternateIdentity.For"/> offers a different question.</param>
    public static EligibilityDecision Decide(EligibilityResponse response, EligibilityAttemptKind attempt, bool alternateIdentityAvailable)
    {
        ArgumentNullException.ThrowIfNull(response);
        var snapshot = response.Snapshot;
        switch (snapshot.Status)
        {
            case CoverageStatus.Active:
                return new EligibilityDecision(EligibilityVerdict.Verified, null, null, ReasonActive,
                    "The payer reports active coverage for the date of service.", "None.");
            case CoverageStatus.Inactive:
                return new EligibilityDecision(EligibilityVerdict.Inactive, WorkItemReason.CoverageInactive, null, ReasonInactive,
                    "The payer reports the coverage as inactive for the date of service.",
                    "Ask the patient for current insurance (a new card, another plan, Medicaid); record it and continue, or offer self-pay and financial counselling.");
        }

        var rejections = response.Rejections;
        var identity = rejections.FirstOrDefault(r => r.Kind == RejectionKind.IdentityMismatch);
        var other = rejections.FirstOrDefault(r => r.Kind == RejectionKind.Other);
        var transient = rejections.FirstOrDefault(r => r.Kind == RejectionKind.Transient);

        if (identity is not null)
        {
            if (attempt == EligibilityAttemptKind.Primary && alternateIdentityAvailable)
            {
                return new EligibilityDecision(EligibilityVerdict.RequeryWithAlternateIdentity, WorkItemReason.MemberNotFound, RejectionKind.IdentityMismatch,
                    Code(identity), $"{Describe(identity)} A re-query with alternate identity data follows.", identity.Remediation);
            }
            var after = attempt == EligibilityAttemptKind.AlternateIdentity
                ? " An automatic re-query with alternate identity data (name without middle name or suffix, member id without prefix or suffix, patient as subscriber) was rejected too."
                : " No alternate identity data differed from what was sent, so no automatic re-query was made.";
            return new EligibilityDecision(EligibilityVerdict.NeedsSpecialist, WorkItemReason.MemberNotFound, RejectionKind.IdentityMismatch,
                Code(identity), Describe(identity) + after, identity.Remediation);
        }
        if (other is not null)
        {
            return new EligibilityDecision(EligibilityVerdict.NeedsSpecialist, WorkItemReason.EligibilityRejected, RejectionKind.Other,
                Code(other), Describe(other), other.Remediation);
        }
        if (transient is not null)
        {
            return new EligibilityDecision(EligibilityVerdict.RetryLater, null, RejectionKind.Transient,
                Code(transient), Describe(transient), transient.Remediation);
        }
        return new EligibilityDecision(EligibilityVerdict.NeedsSpecialist, WorkItemReason.EligibilityRejected, null, ReasonUnknown,
            "The payer answered without saying whether the coverage is active.",
            "Verify the coverage with the payer by phone or portal, record what they say, then continue.");
    }

    /// <summary>Transient failures outlasted every retry (payer down, AAA 42/79/80, 5xx, timeouts).</summary>
    public static EligibilityDecision PayerUnavailable(int attempts) =>
        new(EligibilityVerdict.NeedsSpecialist, WorkItemReason.EligibilityRejected, RejectionKind.Transient, ReasonPayerUnavailable,
            $"The payer or clearinghouse did not give a usable answer in {attempts} attempts (unavailable, timing out or asking to retry later).",
            "Verify the coverage with the payer by phone or portal and record it, or continue to have the check run again.");

    /// <summary>The clearinghouse refused the request (credentials, format, 999 rejection).</summary>
    public static EligibilityDecision ClearinghouseRefused() =>
        new(EligibilityVerdict.NeedsSpecialist, WorkItemReason.EligibilityRejected, RejectionKind.Other, ReasonClearinghouseRefused,
            "The clearinghouse refused the eligibility request (credentials, payer id or request format).",
            "Ask the revenue-cycle administrator to check the clearinghouse settings and the payer id, then continue to check again.");

    /// <summary>The visit was cancelled: the payer is not asked (a round that outlived its clearance ends with this).</summary>
    public static EligibilityDecision VisitCancelled() =>
        new(EligibilityVerdict.NeedsSpecialist, null, null, ReasonVisitCancelled,
            "The visit was cancelled; the payer was not asked.",
            "Nothing to do: the visit is cancelled.");

    /// <summary>No payer id or member id is on file, so no question can be asked.</summary>
    public static EligibilityDecision CoverageMissing(IReadOnlyList<string> missingFields)
    {
        ArgumentNullException.ThrowIfNull(missingFields);
        return new(EligibilityVerdict.NeedsSpecialist, WorkItemReason.EligibilityRejected, RejectionKind.Other, ReasonCoverageMissing,
            $"Eligibility cannot be checked: the registration has no {string.Join(" and no ", missingFields)}.",
            "Get the insurance details from the patient or the card, record them, then continue.");
    }

    private static string Code(EligibilityRejection r) => "aaa-" + r.Code.ToLowerInvariant();

    private static string Describe(EligibilityRejection r)
    {
        var where = r.Loop switch
        {
            "2100A" or "2000A" => "at the payer level",
            "2100B" or "2000B" => "about the provider",
            "2100C" or "2000C" => "about the subscriber",
            "2100D" or "2000D" => "about the dependent",
            _ => "on a benefit",
        };
        return $"The payer rejected the inquiry {where}: {r.Reason} (AAA {r.Code}{(r.FollowUpCode is null ? string.Empty : ", follow-up " + r.FollowUpCode)}).";
    }
}
