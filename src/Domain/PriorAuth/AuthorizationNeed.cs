using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.PriorAuth;

/// <summary>Does a service line need a prior authorization?</summary>
public enum AuthorizationNeed
{
    NotNeeded,
    Needed,

    /// <summary>Neither the 271 nor the payer's list says; the payer (PAS allows a determination) or a specialist is asked.</summary>
    Unknown,
}

/// <summary>
/// The answer with its reason. <see cref="ReasonCode"/> is stable (payer-rule-required, payer-rule-not-required,
/// eligibility-auth-required, eligibility-auth-not-required, no-information); <see cref="Reason"/> is plain words
/// built from codes and fixed text only (a service type code, a rule's note), never a patient value.
/// </summary>
public sealed record NeedDecision(AuthorizationNeed Need, string ReasonCode, string Reason);

/// <summary>Who answers an "unknown", per payer configuration.</summary>
public enum UnknownNeedPolicy
{
    /// <summary>Submit anyway: the payer determines whether an authorization is needed (PAS answers "no action required" when not).</summary>
    AskPayer,

    /// <summary>A specialist checks the payer's portal or calls, then records the answer.</summary>
    AskSpecialist,
}

/// <summary>
/// The pure "does this line need an authorization" decision from the 271 benefits and the payer's list.
/// <list type="number">
/// <item>A rule of the payer's list that matches the code (and place of service) decides: its requirement is code-level
/// and more precise than the 271's service-type flag.</item>
/// <item>Otherwise the 271's EB11 for the line's service type (in-network line first, then any): Y needed, N not needed.</item>
/// <item>Otherwise unknown.</item>
/// </list>
/// </summary>
public static class AuthorizationNeedPolicy
{
    public const string PayerRuleRequired = "payer-rule-required";
    public const string PayerRuleNotRequired = "payer-rule-not-required";
    public const string EligibilityRequired = "eligibility-auth-required";
    public const string EligibilityNotRequired = "eligibility-auth-not-required";
    public const string NoInformation = "no-information";

    public static NeedDecision Decide(ServiceLine line, IReadOnlyList<BenefitLine> benefits, PayerRules? rules)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(benefits);
        var flag = EligibilityFlag(line.ServiceTypeCode, benefits);
        var flagWords = flag switch
        {
            true => $" The 271 marks service type {line.ServiceTypeCode} as needing authorization.",
            false => $" The 271 marks service type {line.ServiceTypeCode} as not needing authorization.",
            null => $" The 271 says nothing about authorization for service type {line.ServiceTypeCode}.",
        };
        if (rules?.FirstMatch(line) is { } rule)
        {
            var where = rule.PlacesOfService.Count == 0 ? string.Empty : $" at place of service {line.PlaceOfService}";
            return rule.Requirement == RuleRequirement.Required
                ? new NeedDecision(AuthorizationNeed.Needed, PayerRuleRequired,
                    $"The payer's list (version {rules.Version}) requires authorization for this code{where} ({rule.Note}).{flagWords}")
                : new NeedDecision(AuthorizationNeed.NotNeeded, PayerRuleNotRequired,
                    $"The payer's list (version {rules.Version}) needs no authorization for this code{where} ({rule.Note}).{flagWords}");
        }
        var noRule = rules is null ? "No list is on file for this payer." : $"No rule of the payer's list (version {rules.Version}) covers this code.";
        return flag switch
        {
            true => new NeedDecision(AuthorizationNeed.Needed, EligibilityRequired, noRule + flagWords),
            false => new NeedDecision(AuthorizationNeed.NotNeeded, EligibilityNotRequired, noRule + flagWords),
            null => new NeedDecision(AuthorizationNeed.Unknown, NoInformation, noRule + flagWords),
        };
    }

    /// <summary>EB11 of the service type: an in-network line first, then any line that states it.</summary>
    public static bool? EligibilityFlag(string serviceTypeCode, IReadOnlyList<BenefitLine> benefits)
    {
        ArgumentNullException.ThrowIfNull(benefits);
        var stated = benefits.Where(b => b.ServiceTypeCode == serviceTypeCode && b.AuthorizationRequired is not null).ToList();
        return (stated.FirstOrDefault(b => b.Network == NetworkTier.InNetwork) ?? stated.FirstOrDefault())?.AuthorizationRequired;
    }
}
