using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Prices;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Estimates;

/// <summary>
/// What the patient will owe, line by line: the allowed amount (<see cref="AllowedAmounts"/>), then the patient's part
/// in order — copay, the remaining deductible, coinsurance on the rest — capped by the remaining out-of-pocket
/// maximum. Individual and family accumulators both count (the smaller remaining balance applies, and both go down);
/// lines use the deductible and out-of-pocket balances in the order they are given. A non-covered service is the
/// patient's in full and counts toward neither. Original Medicare: Part B 20 % after the Part B deductible, the Part A
/// deductible for an inpatient stay; Medicaid: the nominal copays the 271 names. A pure function: no I/O, no clock.
/// Method, worked example and choices: docs/estimates.md, docs/decisions/0014-patient-estimate.md.
/// </summary>
public static class PatientEstimator
{
    public static PatientEstimate Estimate(EstimateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options ?? EstimateOptions.Default;
        var benefits = request.Benefits ?? PatientBenefits.None;
        var assumptions = new List<string>();
        var kind = KindOf(request.Payer, benefits, assumptions);
        var inNetwork = InNetwork(kind, request, assumptions);
        var ledger = new Ledger();
        var given = request.Allowed ?? [];
        var lines = new List<LineEstimate>();
        for (var i = 0; i < request.Lines.Count; i++)
        {
            lines.Add(Line(i + 1, request.Lines[i], kind, inNetwork, request, benefits, given, options, ledger));
        }

        var complete = lines.TrueForAll(l => l.PatientPays is not null);
        return new PatientEstimate(
            kind,
            complete ? EstimateStatus.Complete : EstimateStatus.NotEnoughInformation,
            request.ServiceDate,
            request.Payer?.PayerName,
            request.Payer?.PlanName,
            lines,
            complete ? lines.Sum(l => l.PatientPays!.Value) : null,
            ledger.Uses(),
            [.. lines.SelectMany(l => l.Missing).Distinct()],
            assumptions);
    }

    /// <summary>The EB03 service type a code's benefits are read under: 99213 → 98 office visit, 70551 → 62 MRI, a DRG → 48 inpatient.</summary>
    public static string ServiceTypeOf(ServiceLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!string.IsNullOrWhiteSpace(line.ServiceType)) return line.ServiceType.Trim().ToUpperInvariant();
        if (line.Code.IsDrg) return "48";
        if (line.Code.Type is "CPT" or "HCPCS" && ProcedureCode.TryCreate(line.Code.Code, out var procedure))
        {
            return EligibilityServiceTypes.ForProcedure(procedure) ?? EligibilityServiceTypes.PlanCoverage;
        }
        return line.Setting == ServiceSetting.Inpatient ? "48" : EligibilityServiceTypes.PlanCoverage;
    }

    private static EstimateKind KindOf(EstimatePayer? payer, PatientBenefits benefits, List<string> assumptions)
    {
        if (payer is null) return EstimateKind.SelfPay;
        var all = benefits.All().ToList();
        if (all.Count > 0 && !all.Exists(b => b.Kind == BenefitKind.ActiveCoverage) && all.Exists(b => b.Kind == BenefitKind.InactiveCoverage))
        {
            assumptions.Add("the 271 says the coverage is inactive on the service date: the patient is estimated as self-pay");
            return EstimateKind.SelfPay;
        }
        var type = benefits.InsuranceType;
        if (string.Equals(type, InsuranceTypes.PersonalPayment, StringComparison.OrdinalIgnoreCase)) return EstimateKind.SelfPay;
        if (InsuranceTypes.IsMedicare(type) || all.Exists(b => b.Kind == BenefitKind.ActiveCoverage && InsuranceTypes.IsMedicare(b.InsuranceType)))
        {
            return EstimateKind.Medicare;
        }
        return InsuranceTypes.IsMedicaid(type) ? EstimateKind.Medicaid : EstimateKind.Insured;
    }

    private static bool InNetwork(EstimateKind kind, EstimateRequest request, List<string> assumptions)
    {
        switch (request.Network)
        {
            case NetworkStatus.InNetwork:
                return true;
            case NetworkStatus.OutOfNetwork:
                return false;
        }
        if (kind == EstimateKind.SelfPay) return true;
        if (kind is EstimateKind.Medicare or EstimateKind.Medicaid)
        {
            assumptions.Add($"the hospital participates in {kind}");
            return true;
        }
        if (request.Prices is null)
        {
            assumptions.Add("no price file: the hospital is taken to be in the plan's network");
            return true;
        }
        if (request.Prices.HasContract(request.Payer?.PayerName, request.Payer?.PlanName)) return true;
        assumptions.Add($"the price file has no rate for {request.Payer?.PayerName ?? "(no payer)"} / {request.Payer?.PlanName ?? "(no plan)"}: the hospital is taken to be out of this plan's network");
        return false;
    }

    private static LineEstimate Line(
        int number,
        ServiceLine line,
        EstimateKind kind,
        bool inNetwork,
        EstimateRequest request,
        PatientBenefits benefits,
        IReadOnlyList<AllowedOverride> given,
        EstimateOptions options,
        Ledger ledger)
    {
        var serviceType = ServiceTypeOf(line);
        var network = kind == EstimateKind.SelfPay ? NetworkTier.NotApplicable : inNetwork ? NetworkTier.InNetwork : NetworkTier.OutOfNetwork;
        var allowed = AllowedAmounts.Resolve(line, kind, request.Payer, inNetwork, request.Prices, given);
        var work = new LineWork(allowed.Assumptions);
        LineEstimate Result(bool covered, decimal? patient) => new(
            number, line.Code, Math.Max(1, line.Units), line.Setting, serviceType, line.Description, network, covered,
            allowed.Amount, allowed.Basis, patient, patient is { } p && allowed.Amount is { } a ? a - p : null, work.Steps, work.Missing, work.Assumptions);

        if (allowed.Amount is not { } amount)
        {
            work.Missing.Add(allowed.Missing!);
            return Result(true, null);
        }
        work.Steps.Add(allowed.Step!);
        if (kind == EstimateKind.SelfPay)
        {
            work.Steps.Add(new EstimateStep(StepKind.SelfPay, amount, "self-pay: the patient pays the expected charge", allowed.Step!.Sources));
            return Result(true, amount);
        }

        var view = new LineBenefits(benefits, line, serviceType, inNetwork, kind, request.ServiceDate);
        if (view.IsEmpty && kind != EstimateKind.Medicaid)
        {
            work.Missing.Add($"the payer's benefits for service type {serviceType} ({(inNetwork ? "in" : "out of")} network): no 271 benefits apply");
            return Result(true, null);
        }
        if (view.UsesSubscriberBenefits)
        {
            work.Assumptions.Add("the dependent's 271 loop has no cost sharing: the subscriber's benefits are taken to apply to the dependent");
        }
        if (view.NonCovered() is { } refusal)
        {
            var why = refusal.Kind == BenefitKind.Limitation ? "the benefit limit is used up" : "the payer marks this service not covered";
            work.Steps.Add(new EstimateStep(StepKind.NonCovered, amount, $"{why}: the patient pays the allowed amount, which counts toward neither deductible nor out-of-pocket maximum", [EstimateSource.Of(refusal)]));
            return Result(false, amount);
        }

        var patient = CostSharing(amount, serviceType, view, kind, line.Setting, options, ledger, work, number);
        return patient is null ? Result(true, null) : Result(true, patient);
    }

    private static decimal? CostSharing(
        decimal allowed,
        string serviceType,
        LineBenefits view,
        EstimateKind kind,
        ServiceSetting setting,
        EstimateOptions options,
        Ledger ledger,
        LineWork work,
        int number)
    {
        var copayEb = view.Group(BenefitKind.Copay).FirstOrDefault(b => b.Amount is not null);
        var coinsuranceEb = view.Group(BenefitKind.Coinsurance).FirstOrDefault(b => b.Percent is not null);
        var deductibles = view.Group(BenefitKind.Deductible, family: true);
        var outOfPocket = view.Group(BenefitKind.OutOfPocket, family: true);
        var deductible = Accumulators(ledger, "deductible", deductibles, work);
        var maximum = Accumulators(ledger, "out-of-pocket maximum", outOfPocket, work);
        var part = view.MedicarePart is null ? string.Empty : view.MedicarePart == InsuranceTypes.MedicarePartA ? "Part A " : "Part B ";

        if (kind == EstimateKind.Insured && copayEb is null && coinsuranceEb is null && deductible.Count == 0)
        {
            work.Missing.Add($"the copay, deductible or coinsurance for service type {serviceType}: the 271 sends none that applies");
            return null;
        }
        if (kind == EstimateKind.Medicare && deductible.Count == 0)
        {
            work.Missing.Add($"the Medicare {part}deductible remaining: the 271 sends none");
            return null;
        }

        var rest = allowed;
        var waives = copayEb is not null && options.CopayWaivesDeductible;
        decimal copay = 0m, deducted = 0m, coinsurance = 0m;
        EstimateStep? copayStep = null, deductibleStep = null, coinsuranceStep = null;

        if (copayEb is not null)
        {
            var charged = copayEb.Period == BenefitPeriod.Visit ? ledger.FirstVisitCopay(serviceType, number) : null;
            copay = charged is null ? Math.Min(Money.Round(Math.Max(0m, copayEb.Amount!.Value)), rest) : 0m;
            var explanation = charged is null
                ? $"copay {Money.Format(copayEb.Amount!.Value)}{(copayEb.Period == BenefitPeriod.Visit ? " per visit" : string.Empty)}{(copay < copayEb.Amount ? " (capped at the allowed amount)" : string.Empty)}"
                : $"the visit copay for service type {serviceType} is counted on line {charged}";
            copayStep = new EstimateStep(StepKind.Copay, copay, explanation, [EstimateSource.Of(copayEb)]);
            rest -= copay;
            if (kind == EstimateKind.Medicaid) work.Assumptions.Add("Medicaid: the copay is the nominal amount the 271 names (42 CFR 447.52-447.54)");
        }

        var deductibleApplies = deductible.Count > 0 && !(waives && !deductibles.Any(view.IsSpecific));
        if (deductibleApplies)
        {
            var remaining = deductible.Min(a => ledger.Remaining(a.Key));
            deducted = Math.Min(remaining, rest);
            deductibleStep = new EstimateStep(StepKind.Deductible, deducted,
                $"{part}deductible: {Money.Format(remaining)} remaining{(deductible.Count > 1 ? " (the smaller of the individual and family balances)" : string.Empty)}",
                [.. deductible.SelectMany(a => a.Sources)]);
            rest -= deducted;
        }
        else if (deductible.Count > 0)
        {
            work.Assumptions.Add($"service type {serviceType} has a copay: the plan-level deductible is taken not to apply to it");
        }
        else if (kind != EstimateKind.Medicaid)
        {
            work.Assumptions.Add($"no deductible is reported for service type {serviceType}: none is applied");
        }

        var coinsuranceApplies = !(waives && coinsuranceEb is not null && !view.IsSpecific(coinsuranceEb));
        if (coinsuranceApplies)
        {
            var (fraction, sources, note) = Rate(coinsuranceEb, kind, setting, options, work);
            if (fraction is { } f)
            {
                coinsurance = Money.Round(rest * f);
                coinsuranceStep = new EstimateStep(StepKind.Coinsurance, coinsurance, $"{part}coinsurance {Money.Percent(f)} of {Money.Format(rest)}{note}", sources);
                rest -= coinsurance;
            }
        }
        else
        {
            work.Assumptions.Add($"service type {serviceType} has a copay: the plan-level coinsurance is taken not to apply to it");
        }

        // The out-of-pocket maximum caps the patient's part; what it takes off comes off coinsurance, then deductible, then copay.
        var share = copay + deducted + coinsurance;
        EstimateStep? capStep = null;
        if (maximum.Count > 0)
        {
            var remaining = maximum.Min(a => ledger.Remaining(a.Key));
            if (share > remaining)
            {
                var over = share - remaining;
                var fromCoinsurance = Math.Min(over, coinsurance);
                var fromDeductible = Math.Min(over - fromCoinsurance, deducted);
                var fromCopay = over - fromCoinsurance - fromDeductible;
                (coinsurance, deducted, copay) = (coinsurance - fromCoinsurance, deducted - fromDeductible, copay - fromCopay);
                capStep = new EstimateStep(StepKind.OutOfPocketMaximum, -over,
                    $"out-of-pocket maximum: {Money.Format(remaining)} remaining, so {Money.Format(over)} of this line is the plan's",
                    [.. maximum.SelectMany(a => a.Sources)]);
                share = remaining;
            }
        }
        else if (kind == EstimateKind.Medicare)
        {
            work.Assumptions.Add("Original Medicare has no out-of-pocket maximum; a Medigap or other secondary plan may pay part of this");
        }
        else if (share > 0)
        {
            work.Assumptions.Add("no out-of-pocket maximum is reported: no cap is applied");
        }

        foreach (var a in deductible) ledger.Use(a.Key, deducted);
        foreach (var a in maximum) ledger.Use(a.Key, share);
        if (copayStep is not null) work.Steps.Add(copayStep with { Amount = copay });
        if (deductibleStep is not null) work.Steps.Add(deductibleStep with { Amount = deducted });
        if (coinsuranceStep is not null) work.Steps.Add(coinsuranceStep with { Amount = coinsurance });
        if (capStep is not null) work.Steps.Add(capStep);
        if (kind == EstimateKind.Medicaid && share == 0 && copayEb is null)
        {
            work.Assumptions.Add("Medicaid: no cost sharing is reported for this service; Medicaid patients owe at most nominal copays (42 CFR 447.52-447.54)");
        }
        return share;
    }

    /// <summary>The coinsurance fraction: the 271's EB08, else a program rule (Medicare Part B 20 %, Part A none for days 1-60).</summary>
    private static (decimal? Fraction, IReadOnlyList<EstimateSource> Sources, string Note) Rate(
        Benefit? eb, EstimateKind kind, ServiceSetting setting, EstimateOptions options, LineWork work)
    {
        if (eb is not null)
        {
            var p = Math.Max(0m, eb.Percent!.Value);
            if (p > 1m)
            {
                work.Assumptions.Add($"EB08 {p} is above 1 (X12 sends a fraction): read as {p} %");
                p /= 100m;
            }
            return (Math.Min(1m, p), [EstimateSource.Of(eb)], string.Empty);
        }
        if (kind == EstimateKind.Medicare && setting == ServiceSetting.Outpatient)
        {
            return (options.MedicarePartBCoinsurance, [new EstimateSource(SourceKind.Rule, "Medicare Part B pays 80 % of the approved amount after the Part B deductible (42 CFR 410.152)")], " (the 271 sends no Part B coinsurance)");
        }
        if (kind == EstimateKind.Medicare)
        {
            work.Assumptions.Add("Medicare Part A: a stay of at most 60 days in the benefit period, so no daily coinsurance after the deductible");
            return (0m, [new EstimateSource(SourceKind.Rule, "Medicare Part A has no coinsurance for days 1-60 of a benefit period (42 CFR 409.82)")], string.Empty);
        }
        if (kind == EstimateKind.Insured) work.Assumptions.Add("no coinsurance is reported for this service: the plan is taken to pay the rest after copay and deductible");
        return (null, [], string.Empty);
    }

    private static List<Accumulator> Accumulators(Ledger ledger, string name, IReadOnlyList<Benefit> group, LineWork work)
    {
        var result = new List<Accumulator>();
        foreach (var family in new[] { false, true })
        {
            var ebs = group.Where(b => b.IsFamily() == family && b.Amount is not null).ToList();
            if (ebs.Count == 0) continue;
            var remaining = ebs.FirstOrDefault(b => b.IsRemaining());
            var met = ebs.FirstOrDefault(b => b.IsMetSoFar());
            var total = ebs.FirstOrDefault(b => !b.IsRemaining() && !b.IsMetSoFar() && b.Period is not (BenefitPeriod.Exceeded or BenefitPeriod.NotExceeded or BenefitPeriod.Visit));
            var level = family ? "family" : "individual";
            decimal value;
            List<EstimateSource> sources;
            if (remaining is not null)
            {
                value = remaining.Amount!.Value;
                sources = [EstimateSource.Of(remaining)];
            }
            else if (total is not null && met is not null)
            {
                value = total.Amount!.Value - met.Amount!.Value;
                sources = [EstimateSource.Of(total), EstimateSource.Of(met)];
            }
            else if (total is not null)
            {
                value = total.Amount!.Value;
                sources = [EstimateSource.Of(total)];
                work.Assumptions.Add($"the 271 gives the {level} {name} ({Money.Format(value)}) but not what remains: none of it is taken as met");
            }
            else
            {
                continue;
            }
            var key = $"{name}|{level}|{(remaining ?? total)!.Source}";
            ledger.Open(key, $"{level} {name}", Money.Round(Math.Max(0m, value)), sources);
            result.Add(new Accumulator(key, sources));
        }
        return result;
    }

    private sealed record Accumulator(string Key, IReadOnlyList<EstimateSource> Sources);

    private sealed class LineWork(IReadOnlyList<string> assumptions)
    {
        public List<EstimateStep> Steps { get; } = [];
        public List<string> Missing { get; } = [];
        public List<string> Assumptions { get; } = [.. assumptions];
    }

    /// <summary>Running deductible and out-of-pocket balances across the lines of one estimate, and visit copays charged.</summary>
    private sealed class Ledger
    {
        private readonly List<(string Key, string Name, decimal Before, IReadOnlyList<EstimateSource> Sources)> _opened = [];
        private readonly Dictionary<string, decimal> _remaining = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _visitCopays = new(StringComparer.OrdinalIgnoreCase);

        public void Open(string key, string name, decimal before, IReadOnlyList<EstimateSource> sources)
        {
            if (_remaining.ContainsKey(key)) return;
            _remaining[key] = before;
            _opened.Add((key, name, before, sources));
        }

        public decimal Remaining(string key) => _remaining[key];

        public void Use(string key, decimal amount) => _remaining[key] = Math.Max(0m, _remaining[key] - amount);

        /// <summary>The line that already carries this service type's per-visit copay, or null (and this line carries it).</summary>
        public int? FirstVisitCopay(string serviceType, int line)
        {
            if (_visitCopays.TryGetValue(serviceType, out var first)) return first;
            _visitCopays[serviceType] = line;
            return null;
        }

        public IReadOnlyList<AccumulatorUse> Uses() =>
            [.. _opened.Select(o => new AccumulatorUse(o.Name, o.Before, _remaining[o.Key], o.Sources))];
    }
}
