using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Estimates;

/// <summary>
/// The EB loops that apply to one service line, most specific first: an EB13 naming the line's procedure, then EB03
/// naming the line's own service type, then (inpatient) hospital inpatient 48 and hospital 47, then plan coverage 30.
/// Within a level an EB12 matching the line's network comes before one that applies to both. EBs whose DTP dates
/// exclude the service date, or whose EB04 names the other Medicare part, are left out.
/// </summary>
internal sealed class LineBenefits
{
    private const int ProcedureLevel = 0;
    private readonly List<Benefit> _own;
    private readonly List<Benefit> _subscriber;
    private readonly NetworkTier _network;

    public LineBenefits(PatientBenefits benefits, ServiceLine line, string serviceType, bool inNetwork, EstimateKind kind, DateOnly date)
    {
        _network = inNetwork ? NetworkTier.InNetwork : NetworkTier.OutOfNetwork;
        var part = kind != EstimateKind.Medicare ? null
            : line.Setting == ServiceSetting.Inpatient ? InsuranceTypes.MedicarePartA : InsuranceTypes.MedicarePartB;
        MedicarePart = part;
        ServiceTypes = Chain(serviceType, line.Setting);
        bool Applies(Benefit b) =>
            b.AppliesOn(date)
            && (b.Network is NetworkTier.NotApplicable or NetworkTier.Unknown || b.Network == _network)
            && (part is null || b.InsuranceType is null || b.InsuranceType == part || !InsuranceTypes.IsMedicare(b.InsuranceType))
            && (b.Procedure is null || b.Procedure.Matches(line.Code.Code))
            && Level(b) is not null;
        _own = [.. benefits.Patient.Where(Applies)];
        _subscriber = benefits.PatientIsDependent ? [.. benefits.Subscriber.Where(Applies)] : [];
        UsesSubscriberBenefits = benefits.PatientIsDependent && !_own.Exists(IsCostSharing) && _subscriber.Exists(IsCostSharing);
        if (UsesSubscriberBenefits)
        {
            _own.AddRange(_subscriber);
            _subscriber.Clear();
        }
    }

    /// <summary>The service types read, most specific first, ending with plan coverage 30.</summary>
    public IReadOnlyList<string> ServiceTypes { get; }

    /// <summary>MA or MB when the estimate is for Original Medicare.</summary>
    public string? MedicarePart { get; }

    /// <summary>The dependent's loop had no cost sharing, so the subscriber's (2110C) is read for them.</summary>
    public bool UsesSubscriberBenefits { get; }

    public bool IsEmpty => _own.Count == 0 && _subscriber.Count == 0;

    /// <summary>All EBs of <paramref name="kind"/> at the most specific level that has any, best network match first.</summary>
    public IReadOnlyList<Benefit> Group(BenefitKind kind, bool family = false)
    {
        var own = Group(_own, kind);
        if (!family || own.Exists(b => b.IsFamily())) return own;
        var subscriber = Group(_subscriber, kind).Where(b => b.IsFamily()).ToList();
        return subscriber.Count == 0 ? own : [.. own, .. subscriber];
    }

    /// <summary>True when the EB names the line's procedure or its own service type (not an inherited plan-level one).</summary>
    public bool IsSpecific(Benefit benefit) => Level(benefit) is { } level && level <= 1 && !benefit.Covers(EligibilityServiceTypes.PlanCoverage);

    /// <summary>The EB that makes the line not covered (EB01 I, EB01 6-8, or an EB01 F limit with nothing remaining), unless an active EB is more specific.</summary>
    public Benefit? NonCovered()
    {
        var exhausted = Group(BenefitKind.Limitation).FirstOrDefault(b => b.IsRemaining() && b.Quantity is <= 0);
        if (exhausted is not null) return exhausted;
        var refusal = _own.Where(b => b.Kind is BenefitKind.NonCovered or BenefitKind.InactiveCoverage).MinBy(Rank);
        if (refusal is null) return null;
        var active = _own.Where(b => b.Kind == BenefitKind.ActiveCoverage).MinBy(Rank);
        return active is null || Rank(refusal) <= Rank(active) ? refusal : null;
    }

    private static bool IsCostSharing(Benefit b) => b.Kind is BenefitKind.Copay or BenefitKind.Coinsurance or BenefitKind.Deductible or BenefitKind.OutOfPocket;

    private List<Benefit> Group(List<Benefit> from, BenefitKind kind)
    {
        var ofKind = from.Where(b => b.Kind == kind).ToList();
        if (ofKind.Count == 0) return ofKind;
        var best = ofKind.Min(b => Level(b)!.Value);
        return [.. ofKind.Where(b => Level(b) == best).OrderBy(NetworkRank)];
    }

    private int Rank(Benefit b) => (Level(b)!.Value * 10) + NetworkRank(b);

    private int NetworkRank(Benefit b) => b.Network == _network ? 0 : b.Network == NetworkTier.NotApplicable ? 1 : 2;

    /// <summary>0 for an EB13 naming the procedure, 1 + the index of the first service type of the chain it names; null when it names none.</summary>
    private int? Level(Benefit b)
    {
        if (b.Procedure is not null) return ProcedureLevel;
        for (var i = 0; i < ServiceTypes.Count; i++)
        {
            if (b.Covers(ServiceTypes[i])) return i + 1;
        }
        return null;
    }

    private static List<string> Chain(string serviceType, ServiceSetting setting)
    {
        var chain = new List<string> { serviceType };
        if (setting == ServiceSetting.Inpatient)
        {
            chain.Add("48");
            chain.Add("47");
        }
        chain.Add(EligibilityServiceTypes.PlanCoverage);
        return [.. chain.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
