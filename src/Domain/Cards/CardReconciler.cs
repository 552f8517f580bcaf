using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Cards;

/// <summary>Thresholds and tables for reconciling a card with what the patient typed. Configurable per deployment.</summary>
public sealed record ReconciliationPolicy
{
    /// <summary>A card field at or above this confidence is trusted on its own.</summary>
    public double AcceptConfidence { get; init; } = 0.80;

    /// <summary>
    /// A card field below <see cref="AcceptConfidence"/> but at or above this is trusted when the patient typed the
    /// same value. Below it, the read is treated as noise.
    /// </summary>
    public double CorroboratedConfidence { get; init; } = 0.40;

    /// <summary>When the card shows no member id or group but the patient typed one, check the typed one.</summary>
    public bool UseTypedWhenCardIsSilent { get; init; } = true;

    /// <summary>Member id layouts of known payers; they allow O/0 and I/1 corrections and catch misreads.</summary>
    public IReadOnlyList<PayerMemberIdRule> MemberIdRules { get; init; } = [PayerMemberIdRule.Medicare];

    public static ReconciliationPolicy Default { get; } = new();
}

/// <summary>Where one reconciled value came from.</summary>
public enum ValueSource
{
    Card,
    Typed,
    CardAndTyped,
}

/// <summary>A value to check with the payer and where it came from.</summary>
public sealed record SourcedValue(string Value, ValueSource Source)
{
    public override string ToString() => $"({Source})"; // the value is PHI; keep it out of accidental logs
}

/// <summary>
/// The coverage the eligibility check will ask about, field by field with its source. Group may be absent
/// (e.g. Medicare, Medicaid). <see cref="ToCoverageToCheck"/> gives the registration's summary form.
/// </summary>
public sealed record ReconciledCoverage(
    SourcedValue? PayerName,
    SourcedValue? PayerId,
    SourcedValue MemberId,
    SourcedValue? GroupNumber,
    bool PatientIsSubscriber = true)
{
    /// <summary>The registration's form: values plus one source, Card when the member id was read from the card.</summary>
    public CoverageToCheck ToCoverageToCheck() => new(
        PayerId?.Value,
        PayerName?.Value,
        MemberId.Value,
        GroupNumber?.Value,
        MemberId.Source == ValueSource.Typed ? CoverageSource.Typed : CoverageSource.Card,
        PatientIsSubscriber);
}

/// <summary>One reason a person must look: the field and what is wrong, in plain words, never the value.</summary>
public sealed record ReviewFinding(string Field, string Reason);

/// <summary>The outcome of reconciling a card with what the patient typed.</summary>
public abstract record CardReconciliation
{
    private CardReconciliation() { }

    public sealed record Settled(ReconciledCoverage Coverage) : CardReconciliation;

    public sealed record NeedsReview(IReadOnlyList<ReviewFinding> Findings) : CardReconciliation;
}

/// <summary>
/// Decides which coverage to check from a card read and what the patient typed: agreement and confident reads
/// settle it; low confidence, disagreement or a member id that breaks the payer's format go to a person.
/// Pure: no clock, no I/O.
/// </summary>
public static class CardReconciler
{
    public const string MemberIdField = "memberId";
    public const string GroupNumberField = "groupNumber";
    public const string PayerField = "payer";
    public const string MemberNameField = "memberName";

    /// <summary>
    /// Reconciles a card read with what the patient typed. With <paramref name="patient"/> the card's member name is
    /// also checked: the patient's own card, a card of the subscriber the patient named (the patient is a dependent),
    /// a dependent's card naming the patient with the subscriber the patient named, or a card listing the patient
    /// among its dependents settle with <see cref="ReconciledCoverage.PatientIsSubscriber"/> set accordingly; a
    /// confidently read name that is none of these goes to a person.
    /// </summary>
    public static CardReconciliation Reconcile(InsuranceCard? card, TypedInsurance typed, ReconciliationPolicy? policy = null, PersonName? patient = null)
    {
        ArgumentNullException.ThrowIfNull(typed);
        policy ??= ReconciliationPolicy.Default;
        var findings = new List<ReviewFinding>();

        var payerName = ReconcilePayerName(card?.Insurer ?? card?.Plan?.Name, typed.PayerName, policy, findings);
        var payerId = ReconcileExact(PayerField, "payer id", card?.Payer?.Id, typed.PayerId, policy, findings, required: false,
            normalize: MemberIdFormat.Normalize);
        if (payerName is null && payerId is null && !findings.Any(f => f.Field == PayerField))
        {
            findings.Add(new ReviewFinding(PayerField, "Neither the card nor the registration names the insurance company."));
        }

        var rule = policy.MemberIdRules.FirstOrDefault(r => r.AppliesTo(payerId?.Value, payerName?.Value ?? typed.PayerName));
        var memberId = ReconcileMemberId(card?.MemberId, typed.MemberId, rule, policy, findings);
        var group = ReconcileExact(GroupNumberField, "group number", card?.GroupNumber, typed.GroupNumber, policy, findings,
            required: false, normalize: MemberIdFormat.Normalize);

        var patientIsSubscriber = !typed.PatientIsDependent;
        if (patient is not null && card is not null)
        {
            patientIsSubscriber = ReconcileHolder(card, typed, patient, policy, findings) ?? patientIsSubscriber;
        }

        return findings.Count == 0 && memberId is not null
            ? new CardReconciliation.Settled(new ReconciledCoverage(payerName, payerId, memberId, group, patientIsSubscriber))
            : new CardReconciliation.NeedsReview(findings);
    }

    /// <summary>
    /// Whose card this is. Returns whether the patient is the subscriber, or null when the card's names do not tell
    /// (no name read, or read too faintly to judge: then what the patient typed stands).
    /// </summary>
    private static bool? ReconcileHolder(InsuranceCard card, TypedInsurance typed, PersonName patient, ReconciliationPolicy policy, List<ReviewFinding> findings)
    {
        var member = card.Member?.Name;
        var subscriber = card.Subscriber?.Name;
        bool Readable(CardField<string>? f) => f is not null && f.Confidence >= policy.CorroboratedConfidence;
        bool IsTypedSubscriber(CardField<string>? f) => Readable(f) && typed.SubscriberName is { } s && CardNames.SamePerson(f!.Value, s);

        if (Readable(member) && CardNames.SamePerson(member!.Value, patient))
        {
            // The patient's own card; it names another subscriber when the patient is a dependent.
            if (Readable(subscriber) && !CardNames.SamePerson(subscriber!.Value, patient))
            {
                if (typed.SubscriberName is not null && !IsTypedSubscriber(subscriber) && subscriber.Confidence >= policy.AcceptConfidence)
                {
                    findings.Add(new ReviewFinding(MemberNameField, "The card names the patient as a dependent of a subscriber other than the one the patient gave."));
                }
                return false;
            }
            return typed.PatientIsDependent ? false : true;
        }
        if (card.Dependents.Any(d => Readable(d.Name) && CardNames.SamePerson(d.Name!.Value, patient)))
        {
            return false; // the subscriber's card, listing the patient among its dependents
        }
        if (IsTypedSubscriber(member) && typed.PatientIsDependent)
        {
            return false; // the subscriber's card; the patient said they are covered through this person
        }
        if (member is null || member.Confidence < policy.AcceptConfidence)
        {
            return null;
        }
        findings.Add(new ReviewFinding(MemberNameField, typed.PatientIsDependent
            ? "The name on the card is neither the patient's nor the subscriber's the patient gave: a different person's card, or a dependent whose relationship must be checked."
            : "The name on the card is not the patient's: it may be a dependent's or another person's card; check who the subscriber is."));
        return null;
    }

    private static SourcedValue? ReconcileMemberId(CardField<string>? card, string? typedRaw, PayerMemberIdRule? rule,
        ReconciliationPolicy policy, List<ReviewFinding> findings)
    {
        string? Canon(string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            var n = MemberIdFormat.Normalize(raw);
            if (n.Length == 0) return null;
            if (rule is null) return n;
            foreach (var f in rule.Formats)
            {
                if (f.Correct(n) is { } fixedId) return fixedId;
            }
            return n;
        }

        bool FitsRule(string id) => rule is null || rule.Formats.Any(f => f.Matches(id));

        var typed = Canon(typedRaw);
        var read = Canon(card?.Value);
        if (read is null)
        {
            if (typed is not null && policy.UseTypedWhenCardIsSilent)
            {
                if (!FitsRule(typed))
                {
                    findings.Add(new ReviewFinding(MemberIdField, "The member id the patient typed does not fit the insurance company's id format."));
                    return null;
                }
                return new SourcedValue(typed, ValueSource.Typed);
            }
            findings.Add(new ReviewFinding(MemberIdField, "No member id could be read from the card and none was typed."));
            return null;
        }

        var confidence = card!.Confidence;
        if (typed is not null && typed == read)
        {
            if (confidence >= policy.CorroboratedConfidence) return new SourcedValue(read, ValueSource.CardAndTyped);
            findings.Add(new ReviewFinding(MemberIdField, "The member id on the card could hardly be read; please compare the card with the registration."));
            return null;
        }
        if (confidence < policy.AcceptConfidence)
        {
            findings.Add(new ReviewFinding(MemberIdField, typed is null
                ? "The member id on the card was read with low confidence and the patient typed none to compare."
                : "The member id on the card was read with low confidence and differs from the one the patient typed."));
            return null;
        }
        if (!FitsRule(read))
        {
            findings.Add(new ReviewFinding(MemberIdField, "The member id read from the card does not fit the insurance company's id format."));
            return null;
        }
        if (typed is not null)
        {
            findings.Add(new ReviewFinding(MemberIdField, "The member id on the card differs from the one the patient typed."));
            return null;
        }
        return new SourcedValue(read, ValueSource.Card);
    }

    private static SourcedValue? ReconcileExact(string field, string words, CardField<string>? card, string? typedRaw,
        ReconciliationPolicy policy, List<ReviewFinding> findings, bool required, Func<string, string> normalize)
    {
        var typed = string.IsNullOrWhiteSpace(typedRaw) ? null : normalize(typedRaw);
        var read = card is null || string.IsNullOrWhiteSpace(card.Value) ? null : normalize(card.Value);
        if (read is null or "")
        {
            if (typed is not null and not "" && policy.UseTypedWhenCardIsSilent) return new SourcedValue(typed, ValueSource.Typed);
            if (required) findings.Add(new ReviewFinding(field, $"No {words} could be read from the card and none was typed."));
            return null;
        }
        if (read == typed)
        {
            if (card!.Confidence >= policy.CorroboratedConfidence) return new SourcedValue(read, ValueSource.CardAndTyped);
            findings.Add(new ReviewFinding(field, $"The {words} on the card could hardly be read; please compare the card with the registration."));
            return null;
        }
        if (card!.Confidence < policy.AcceptConfidence)
        {
            findings.Add(new ReviewFinding(field, typed is null
                ? $"The {words} on the card was read with low confidence and the patient typed none to compare."
                : $"The {words} on the card was read with low confidence and differs from the one the patient typed."));
            return null;
        }
        if (typed is not null and not "")
        {
            findings.Add(new ReviewFinding(field, $"The {words} on the card differs from the one the patient typed."));
            return null;
        }
        return new SourcedValue(read, ValueSource.Card);
    }

    private static readonly HashSet<string> NoiseWords = new(StringComparer.Ordinal)
    {
        "INC", "CO", "COMPANY", "CORP", "CORPORATION", "LLC", "OF", "THE", "AND", "INSURANCE", "HEALTH", "HEALTHCARE",
        "PLAN", "PLANS", "BENEFITS", "GROUP", "MEDICAL", "CARE",
    };

    /// <summary>Payer names agree when their distinctive words overlap ("Acme Health Plan, Inc." ~ "ACME").</summary>
    public static bool PayerNamesAgree(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ta = PayerMemberIdRule.NameTokens(a);
        var tb = PayerMemberIdRule.NameTokens(b);
        var da = ta.Where(t => !NoiseWords.Contains(t)).ToHashSet(StringComparer.Ordinal);
        var db = tb.Where(t => !NoiseWords.Contains(t)).ToHashSet(StringComparer.Ordinal);
        if (da.Count == 0 || db.Count == 0) return ta.SetEquals(tb);
        return da.Overlaps(db) || string.Concat(da.Order(StringComparer.Ordinal)) == string.Concat(db.Order(StringComparer.Ordinal));
    }

    private static SourcedValue? ReconcilePayerName(CardField<string>? card, string? typedRaw, ReconciliationPolicy policy,
        List<ReviewFinding> findings)
    {
        var typed = string.IsNullOrWhiteSpace(typedRaw) ? null : typedRaw.Trim();
        var read = card is null || string.IsNullOrWhiteSpace(card.Value) ? null : card.Value.Trim();
        if (read is null) return typed is null ? null : new SourcedValue(typed, ValueSource.Typed);
        if (typed is not null && PayerNamesAgree(read, typed))
        {
            return card!.Confidence >= policy.CorroboratedConfidence ? new SourcedValue(read, ValueSource.CardAndTyped) : new SourcedValue(typed, ValueSource.Typed);
        }
        if (card!.Confidence < policy.AcceptConfidence)
        {
            // A faint logo line is not worth a work item when the patient named the insurer; the 271 confirms it.
            if (typed is not null) return new SourcedValue(typed, ValueSource.Typed);
            findings.Add(new ReviewFinding(PayerField, "The insurance company's name on the card was read with low confidence."));
            return null;
        }
        if (typed is not null)
        {
            findings.Add(new ReviewFinding(PayerField, "The insurance company on the card differs from the one the patient typed."));
            return null;
        }
        return new SourcedValue(read, ValueSource.Card);
    }
}
