using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Forms;

/// <summary>A kind of visit, recognised by its service codes (the first type whose ranges hold one of the visit's codes).</summary>
public sealed record VisitType(string Name, IReadOnlyList<CodeRange> Codes)
{
    public bool Matches(Appointment appointment) =>
        appointment.ServiceCodes.Any(code => Codes.Any(range => range.Contains(code.Value)));
}

/// <summary>The forms a facility (or every facility: <c>*</c>) needs for a visit type (or every type: <c>*</c>).</summary>
public sealed record FormRule(string Facility, string VisitType, IReadOnlyList<FormKind> Forms)
{
    public const string Any = "*";

    /// <summary>How specific the rule is: facility and type 3, facility only 2, type only 1, neither 0.</summary>
    public int Specificity => (Facility == Any ? 0 : 2) + (VisitType == Any ? 0 : 1);
}

/// <summary>
/// Which forms a visit needs: configuration per facility and visit type (form-requirements.json, checked against its
/// schema at start-up). The most specific rule that matches decides; the Medicare Secondary Payer questionnaire is
/// asked only of a patient whose coverage is Medicare (a payer id in <see cref="MedicarePayerIds"/>).
/// </summary>
public sealed class FormRequirements
{
    /// <summary>The visit type of an appointment none of the configured types recognises.</summary>
    public const string DefaultVisitType = "general";

    public FormRequirements(IReadOnlyList<VisitType> visitTypes, IReadOnlyList<FormRule> rules, IReadOnlyCollection<string> medicarePayerIds)
    {
        ArgumentNullException.ThrowIfNull(visitTypes);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(medicarePayerIds);
        if (!rules.Any(r => r.Specificity == 0)) throw new ArgumentException("The form rules need a default rule (facility * and visit type *).", nameof(rules));
        var duplicate = rules.GroupBy(r => (r.Facility, r.VisitType)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two form rules for facility {duplicate.Key.Facility} and visit type {duplicate.Key.VisitType}.", nameof(rules));
        var known = visitTypes.Select(v => v.Name).Append(DefaultVisitType).Append(FormRule.Any).ToHashSet(StringComparer.Ordinal);
        var unknown = rules.FirstOrDefault(r => !known.Contains(r.VisitType));
        if (unknown is not null) throw new ArgumentException($"A form rule names visit type {unknown.VisitType}, which is not defined.", nameof(rules));
        VisitTypes = visitTypes;
        Rules = rules;
        MedicarePayerIds = new HashSet<string>(medicarePayerIds, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>No form is required anywhere: the hospital collects its forms outside PatientAccess.</summary>
    public static FormRequirements None { get; } = new([], [new FormRule(FormRule.Any, FormRule.Any, [])], []);

    public IReadOnlyList<VisitType> VisitTypes { get; }
    public IReadOnlyList<FormRule> Rules { get; }
    public IReadOnlySet<string> MedicarePayerIds { get; }

    /// <summary>The visit type of <paramref name="appointment"/>: the first configured type that matches, else <see cref="DefaultVisitType"/>.</summary>
    public string VisitTypeOf(Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        return VisitTypes.FirstOrDefault(v => v.Matches(appointment))?.Name ?? DefaultVisitType;
    }

    /// <summary>True when the coverage on file is Medicare.</summary>
    public bool IsMedicare(CoverageToCheck? coverage) => coverage?.PayerId is { } id && MedicarePayerIds.Contains(id);

    /// <summary>The forms this visit needs, in the order the patient is shown them.</summary>
    public IReadOnlyList<FormKind> RequiredFor(Appointment appointment, CoverageToCheck? coverage)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var type = VisitTypeOf(appointment);
        var rule = Rules
            .Where(r => (r.Facility == FormRule.Any || string.Equals(r.Facility, appointment.FacilityId, StringComparison.OrdinalIgnoreCase))
                && (r.VisitType == FormRule.Any || r.VisitType == type))
            .MaxBy(r => r.Specificity)!;
        var medicare = IsMedicare(coverage);
        return rule.Forms.Distinct().Where(f => f != FormKind.MedicareSecondaryPayer || medicare).Order().ToList();
    }
}
