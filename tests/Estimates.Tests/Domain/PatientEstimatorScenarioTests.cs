using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Prices;
using PatientAccess.Domain.Registrations;
using static PatientAccess.Estimates.Tests.Domain.PriceRows;

namespace PatientAccess.Estimates.Tests.Domain;

/// <summary>
/// Hand-computed scenarios (the arithmetic is in each test's comment). Prices: office visit 99213 allowed 110.00, brain
/// MRI 70551 allowed 1,200.00, MRI with contrast 70553 allowed 1,600.00 for SANDBOX PPO HEALTH PLAN / SANDBOX PPO GOLD.
/// </summary>
public sealed class PatientEstimatorScenarioTests
{
    private const string PpoPayer = "SANDBOX PPO HEALTH PLAN";
    private const string PpoPlan = "SANDBOX PPO GOLD";
    private static readonly DateOnly ServiceDate = new(2026, 6, 15);
    private static readonly EstimatePayer Ppo = new("SBXPPO", PpoPayer, PpoPlan);

    private static readonly PriceList PpoPrices = List(
        Row(4, OfficeVisit, 250m, 150m, Rate(PpoPayer, PpoPlan, dollar: 110m)),
        Row(5, BrainMri, 3000m, 1400m, Rate(PpoPayer, PpoPlan, dollar: 1200m)),
        Row(6, BrainMriWithContrast, 4000m, 1800m, Rate(PpoPayer, PpoPlan, dollar: 1600m)));

    private static Benefits271 PpoBenefits(decimal deductibleRemaining, decimal outOfPocketRemaining) =>
        Benefits271.ActivePlan()
            .Eb("C", serviceType: "30", period: "23", amount: 1500m, network: "Y")
            .Eb("C", serviceType: "30", period: "29", amount: deductibleRemaining, network: "Y")
            .Eb("G", serviceType: "30", period: "23", amount: 6000m, network: "Y")
            .Eb("G", serviceType: "30", period: "29", amount: outOfPocketRemaining, network: "Y")
            .Eb("A", serviceType: "30", percent: 0.2m, network: "Y")
            .Eb("B", serviceType: "98", period: "27", amount: 25m, network: "Y")
            .Eb("A", serviceType: "62", percent: 0.2m, network: "Y");

    private static PatientEstimate Estimate(PatientBenefits benefits, PriceList? prices, EstimatePayer? payer, params ServiceLine[] lines) =>
        PatientEstimator.Estimate(new EstimateRequest(lines, ServiceDate, payer, benefits, prices));

    private static ServiceLine Line(BillingCode code) => new(code, Setting: code.IsDrg ? ServiceSetting.Inpatient : ServiceSetting.Outpatient);

    [Fact]
    public void Estimate_DeductibleNotMet_DeductibleThenCoinsuranceOnTheRest()
    {
        // 1,600.00 allowed: deductible 1,500.00 (all of it remains), coinsurance 20 % of 100.00 = 20.00 → 1,520.00.
        var e = Estimate(PpoBenefits(1500m, 6000m).Subscriber(), PpoPrices, Ppo, Line(BrainMriWithContrast));

        var line = Assert.Single(e.Lines);
        Assert.Equal(EstimateStatus.Complete, e.Status);
        Assert.Equal(1600m, line.Allowed);
        Assert.Equal(1500m, line.Part(StepKind.Deductible));
        Assert.Equal(20m, line.Part(StepKind.Coinsurance));
        Assert.Equal(1520m, line.PatientPays);
        Assert.Equal(80m, line.PlanPays);
        Assert.Equal(1520m, e.Total);
        var deductible = Assert.Single(e.Accumulators, a => a.Name == "individual deductible");
        Assert.Equal((1500m, 0m), (deductible.RemainingBefore, deductible.RemainingAfter));
        Assert.Contains(line.Steps.Single(s => s.Kind == StepKind.Allowed).Sources, s => s.Kind == SourceKind.PriceFile && s.Reference.StartsWith("standard-charges.csv line 6", StringComparison.Ordinal));
        Assert.Contains(line.Steps.Single(s => s.Kind == StepKind.Deductible).Sources, s => s.Reference.Contains("EB #3", StringComparison.Ordinal) && s.Reference.Contains("EB*C*IND*30***29*1500", StringComparison.Ordinal));
        Assert.Contains(line.Steps.Single(s => s.Kind == StepKind.Coinsurance).Sources, s => s.Reference.Contains("EB #8", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_DeductiblePartlyMet_RemainingDeductibleThenCoinsurance()
    {
        // 600.00 of the deductible left: 600.00 + 20 % of (1,600.00 − 600.00) = 200.00 → 800.00.
        var e = Estimate(PpoBenefits(600m, 4200m).Subscriber(), PpoPrices, Ppo, Line(BrainMriWithContrast));

        var line = Assert.Single(e.Lines);
        Assert.Equal(600m, line.Part(StepKind.Deductible));
        Assert.Equal(200m, line.Part(StepKind.Coinsurance));
        Assert.Equal(800m, line.PatientPays);
    }

    [Fact]
    public void Estimate_DeductibleMet_CoinsuranceOnly()
    {
        // Deductible met: 20 % of 1,600.00 = 320.00.
        var e = Estimate(PpoBenefits(0m, 4200m).Subscriber(), PpoPrices, Ppo, Line(BrainMriWithContrast));

        var line = Assert.Single(e.Lines);
        Assert.Equal(0m, line.Part(StepKind.Deductible));
        Assert.Equal(320m, line.PatientPays);
    }

    [Fact]
    public void Estimate_CoinsuranceOnlyPlan_RoundsHalfAwayFromZeroAndStatesWhatIsAssumed()
    {
        // 10 % of 24.25 = 2.425 → 2.43 (half away from zero; banker's rounding would give 2.42).
        var benefits = Benefits271.ActivePlan().Eb("A", serviceType: "30", percent: 0.1m, network: "Y").Subscriber();
        var e = PatientEstimator.Estimate(new EstimateRequest(
            [Line(BrainMri)], ServiceDate, Ppo, benefits, null, [new AllowedOverride(BrainMri, 24.25m, "--allowed")]));

        var line = Assert.Single(e.Lines);
        Assert.Equal(2.43m, line.PatientPays);
        Assert.Equal(21.82m, line.PlanPays);
        Assert.Contains(line.Assumptions, a => a.Contains("no deductible", StringComparison.Ordinal));
        Assert.Contains(line.Assumptions, a => a.Contains("no out-of-pocket maximum", StringComparison.Ordinal));
        Assert.Contains(line.Steps.Single(s => s.Kind == StepKind.Allowed).Sources, s => s.Kind == SourceKind.Operator);
        Assert.Contains("half away from zero", e.Rounding, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_OfficeVisitWithCopay_CopayOnlyAndThePlanLevelDeductibleDoesNotApply()
    {
        // Office visit 98 has a 25.00 copay; the deductible and coinsurance are plan level (30): 25.00.
        var e = Estimate(PpoBenefits(1500m, 6000m).Subscriber(), PpoPrices, Ppo, Line(OfficeVisit));

        var line = Assert.Single(e.Lines);
        Assert.Equal("98", line.ServiceType);
        Assert.Equal(25m, line.Part(StepKind.Copay));
        Assert.DoesNotContain(line.Steps, s => s.Kind is StepKind.Deductible or StepKind.Coinsurance);
        Assert.Equal(25m, line.PatientPays);
        Assert.Equal(85m, line.PlanPays);
        Assert.Contains(line.Steps.Single(s => s.Kind == StepKind.Copay).Sources, s => s.Reference.Contains("EB*B*IND*98", StringComparison.Ordinal));
        var deductible = Assert.Single(e.Accumulators, a => a.Name == "individual deductible");
        Assert.Equal(1500m, deductible.RemainingAfter);
    }

    [Fact]
    public void Estimate_OutOfPocketMaximumReachedOnTheSecondLine_CapsItAndLaterLinesPayNothingMore()
    {
        // Deductible 400.00 left, out-of-pocket 700.00 left.
        // Line 1, 70551 1,200.00: deductible 400.00 + 20 % of 800.00 = 160.00 → 560.00 (140.00 of the maximum left).
        // Line 2, 70553 1,600.00: deductible 0, coinsurance 320.00 capped at 140.00 (−180.00).
        // Line 3, 99213 110.00: copay 25.00 capped at 0.00 (−25.00).  Total 700.00 = the remaining maximum.
        var e = Estimate(PpoBenefits(400m, 700m).Subscriber(), PpoPrices, Ppo, Line(BrainMri), Line(BrainMriWithContrast), Line(OfficeVisit));

        Assert.Equal([560m, 140m, 0m], e.Lines.Select(l => l.PatientPays!.Value));
        Assert.Equal(-180m, e.Lines[1].Part(StepKind.OutOfPocketMaximum));
        Assert.Equal(140m, e.Lines[1].Part(StepKind.Coinsurance));
        Assert.Equal(-25m, e.Lines[2].Part(StepKind.OutOfPocketMaximum));
        Assert.Equal(0m, e.Lines[2].Part(StepKind.Copay));
        Assert.Equal(700m, e.Total);
        var oop = Assert.Single(e.Accumulators, a => a.Name == "individual out-of-pocket maximum");
        Assert.Equal((700m, 0m), (oop.RemainingBefore, oop.RemainingAfter));
    }

    [Fact]
    public void Estimate_FamilyDeductibleSmallerThanIndividual_TheFamilyBalanceAppliesAndBothGoDown()
    {
        // Individual 600.00 left, family 250.00 left: the family deductible is met first.
        // 1,600.00: deductible 250.00 + 20 % of 1,350.00 = 270.00 → 520.00.
        var benefits = PpoBenefits(600m, 4200m)
            .Eb("C", level: "FAM", serviceType: "30", period: "23", amount: 3000m, network: "Y")
            .Eb("C", level: "FAM", serviceType: "30", period: "29", amount: 250m, network: "Y")
            .Subscriber();
        var e = Estimate(benefits, PpoPrices, Ppo, Line(BrainMriWithContrast));

        var line = Assert.Single(e.Lines);
        Assert.Equal(250m, line.Part(StepKind.Deductible));
        Assert.Equal(520m, line.PatientPays);
        Assert.Equal(2, line.Steps.Single(s => s.Kind == StepKind.Deductible).Sources.Count);
        Assert.Equal((600m, 350m), e.Accumulators.Where(a => a.Name == "individual deductible").Select(a => (a.RemainingBefore, a.RemainingAfter)).Single());
        Assert.Equal((250m, 0m), e.Accumulators.Where(a => a.Name == "family deductible").Select(a => (a.RemainingBefore, a.RemainingAfter)).Single());
    }

    [Fact]
    public void Estimate_DependentPatient_UsesTheDependentsLoopAndTheSubscribersFamilyAccumulator()
    {
        // 2110D: the child's deductible 500.00 left; 2110C: family 300.00 left (and the subscriber's own 900.00, not the child's).
        // 1,200.00: deductible 300.00 + 20 % of 900.00 = 180.00 → 480.00.
        var child = new Benefits271("2110D")
            .Eb("1", serviceType: "30", insuranceType: "PR")
            .Eb("C", serviceType: "30", period: "29", amount: 500m, network: "Y")
            .Eb("A", serviceType: "30", percent: 0.2m, network: "Y")
            .Eb("G", serviceType: "30", period: "29", amount: 3000m, network: "Y");
        var subscriber = new Benefits271("2110C")
            .Eb("1", serviceType: "30", insuranceType: "PR")
            .Eb("C", serviceType: "30", period: "29", amount: 900m, network: "Y")
            .Eb("C", level: "FAM", serviceType: "30", period: "29", amount: 300m, network: "Y");
        var benefits = new PatientBenefits(true, "PR", child.List, subscriber.List);

        var e = Estimate(benefits, PpoPrices, Ppo, Line(BrainMri));

        var line = Assert.Single(e.Lines);
        Assert.Equal(300m, line.Part(StepKind.Deductible));
        Assert.Equal(480m, line.PatientPays);
        var sources = line.Steps.Single(s => s.Kind == StepKind.Deductible).Sources.Select(s => s.Reference).ToList();
        Assert.Contains(sources, s => s.StartsWith("271 2110D EB #2", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.StartsWith("271 2110C EB #3", StringComparison.Ordinal));
        Assert.DoesNotContain(sources, s => s.StartsWith("271 2110C EB #2", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_PayerNotInThePriceFile_OutOfNetworkOnTheGrossChargeWithOutOfNetworkBenefits()
    {
        // No rate for this plan: out of network, allowed = gross 3,000.00; out-of-network deductible 1,000.00 left,
        // coinsurance 40 %: 1,000.00 + 40 % of 2,000.00 = 800.00 → 1,800.00. In-network benefits are ignored.
        var benefits = PpoBenefits(0m, 4200m)
            .Eb("C", serviceType: "30", period: "29", amount: 1000m, network: "N")
            .Eb("A", serviceType: "30", percent: 0.4m, network: "N")
            .Eb("G", serviceType: "30", period: "29", amount: 12000m, network: "N")
            .Subscriber();
        var e = Estimate(benefits, PpoPrices, new EstimatePayer("OTHER", "OTHER HEALTH", "BRONZE"), Line(BrainMri));

        var line = Assert.Single(e.Lines);
        Assert.Equal(NetworkTier.OutOfNetwork, line.Network);
        Assert.Equal(3000m, line.Allowed);
        Assert.Equal(1000m, line.Part(StepKind.Deductible));
        Assert.Equal(800m, line.Part(StepKind.Coinsurance));
        Assert.Equal(1800m, line.PatientPays);
        Assert.Contains(e.Assumptions, a => a.Contains("out of this plan's network", StringComparison.Ordinal));
        Assert.Contains(line.Assumptions, a => a.Contains("may be billed", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_NonCoveredService_PatientPaysTheAllowedAmountAndNoAccumulatorMoves()
    {
        // HMO without out-of-network benefits (EB*I for network N): the out-of-network MRI is the patient's, 3,000.00.
        var hmo = Benefits271.ActivePlan("HM")
            .Eb("B", serviceType: "98", period: "27", amount: 15m, network: "Y")
            .Eb("G", serviceType: "30", period: "29", amount: 2500m, network: "Y")
            .Eb("I", serviceType: "30", network: "N")
            .Subscriber("HM");
        var e = Estimate(hmo, PpoPrices, new EstimatePayer("SBXHMO", "SANDBOX HMO", "SANDBOX HMO SILVER"), Line(BrainMri));

        var line = Assert.Single(e.Lines);
        Assert.False(line.Covered);
        Assert.Equal(3000m, line.PatientPays);
        Assert.Equal(0m, line.PlanPays);
        Assert.Contains(line.Steps.Single(s => s.Kind == StepKind.NonCovered).Sources, s => s.Reference.Contains("EB*I*IND*30", StringComparison.Ordinal));
        Assert.Empty(e.Accumulators);
    }

    [Fact]
    public void Estimate_MedicarePartBOutpatientAndPartAInpatient_EachPartHasItsOwnDeductible()
    {
        // Outpatient MRI, Medicare rate 450.00: Part B deductible 100.00 left + 20 % of 350.00 = 70.00 → 170.00.
        // Inpatient MS-DRG 470, Medicare rate 14,000.00: Part A deductible 1,676.00 per benefit period, days 1-60 no coinsurance.
        var medicare = new Benefits271()
            .Eb("1", level: null, serviceType: "30", insuranceType: "MA")
            .Eb("1", level: null, serviceType: "30", insuranceType: "MB")
            .Eb("C", serviceType: "30", insuranceType: "MA", period: "26", amount: 1676m)
            .Eb("C", serviceType: "30", insuranceType: "MA", period: "29", amount: 1676m)
            .Eb("C", serviceType: "30", insuranceType: "MB", period: "23", amount: 257m)
            .Eb("C", serviceType: "30", insuranceType: "MB", period: "29", amount: 100m)
            .Subscriber("MA");
        var prices = List(
            Row(7, BrainMri, 3000m, 1400m, Rate("MEDICARE", "MEDICARE PART B", dollar: 450m)),
            Row(8, HipReplacement, 60000m, 30000m, Rate("MEDICARE", "MEDICARE PART A", dollar: 14000m)));

        var e = Estimate(medicare, prices, new EstimatePayer("CMS", "MEDICARE", null), Line(BrainMri), Line(HipReplacement));

        Assert.Equal(EstimateKind.Medicare, e.Kind);
        Assert.Equal(170m, e.Lines[0].PatientPays);
        Assert.Equal(100m, e.Lines[0].Part(StepKind.Deductible));
        Assert.Equal(70m, e.Lines[0].Part(StepKind.Coinsurance));
        Assert.Contains(e.Lines[0].Steps.Single(s => s.Kind == StepKind.Coinsurance).Sources, s => s.Kind == SourceKind.Rule && s.Reference.Contains("410.152", StringComparison.Ordinal));
        Assert.Contains(e.Lines[0].Steps.Single(s => s.Kind == StepKind.Deductible).Sources, s => s.Reference.Contains("*MB*", StringComparison.Ordinal));
        Assert.Equal(1676m, e.Lines[1].PatientPays);
        Assert.Contains(e.Lines[1].Steps.Single(s => s.Kind == StepKind.Deductible).Sources, s => s.Reference.Contains("*MA*", StringComparison.Ordinal));
        Assert.Contains(e.Lines[1].Assumptions, a => a.Contains("60 days", StringComparison.Ordinal));
        Assert.Equal(1846m, e.Total);
        Assert.Contains(e.Lines[0].Assumptions, a => a.Contains("no out-of-pocket maximum", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_MedicareWithoutARateOnFile_NotEnoughInformationNamesTheAllowedAmount()
    {
        var medicare = new Benefits271().Eb("1", level: null, serviceType: "30", insuranceType: "MB").Eb("C", serviceType: "30", insuranceType: "MB", period: "29", amount: 0m).Subscriber("MB");

        var e = Estimate(medicare, PpoPrices, new EstimatePayer("CMS", "MEDICARE", null), Line(BrainMri));

        Assert.Equal(EstimateStatus.NotEnoughInformation, e.Status);
        Assert.Null(e.Total);
        Assert.Contains(e.Missing, m => m.Contains("Medicare allowed amount for 70551", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_Medicaid_NominalCopayOnlyAndNothingWhereNoCostSharingIsReported()
    {
        // Office visit: the 4.00 copay the 271 names. Lab panel 80053: no cost sharing → 0.00.
        var medicaid = Benefits271.ActivePlan("MC").Eb("B", serviceType: "98", period: "27", amount: 4m).Subscriber("MC");
        var lab = new BillingCode("80053", "CPT");
        var prices = List(
            Row(9, OfficeVisit, 250m, 150m, Rate("STATE MEDICAID", "MEDICAID FFS", dollar: 48m)),
            Row(10, lab, 90m, 40m, Rate("STATE MEDICAID", "MEDICAID FFS", dollar: 14m)));

        var e = Estimate(medicaid, prices, new EstimatePayer("SBXMCD", "STATE MEDICAID", "MEDICAID FFS"), Line(OfficeVisit), Line(lab));

        Assert.Equal(EstimateKind.Medicaid, e.Kind);
        Assert.Equal([4m, 0m], e.Lines.Select(l => l.PatientPays!.Value));
        Assert.Equal(4m, e.Total);
        Assert.Contains(e.Lines[1].Assumptions, a => a.Contains("nominal", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_SelfPay_DiscountedCashPricesFromThePriceFile()
    {
        var e = Estimate(PatientBenefits.None, PpoPrices, payer: null, Line(OfficeVisit), Line(BrainMri));

        Assert.Equal(EstimateKind.SelfPay, e.Kind);
        Assert.Equal([150m, 1400m], e.Lines.Select(l => l.PatientPays!.Value));
        Assert.Equal(1550m, e.Total);
        Assert.All(e.Lines, l => Assert.Contains(l.Steps.Single(s => s.Kind == StepKind.Allowed).Sources, s => s.Reference.Contains("discounted cash price", StringComparison.Ordinal)));
    }

    [Fact]
    public void Estimate_InsuredWithoutPricesOrAllowedAmounts_NotEnoughInformationSaysWhatIsMissing()
    {
        var e = Estimate(PpoBenefits(0m, 100m).Subscriber(), prices: null, Ppo, Line(OfficeVisit), Line(BrainMri));

        Assert.Equal(EstimateStatus.NotEnoughInformation, e.Status);
        Assert.Null(e.Total);
        Assert.Equal(2, e.Missing.Count);
        Assert.All(e.Missing, m => Assert.Contains("no price file and none given", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_NoBenefitsForTheService_NotEnoughInformationNamesTheServiceType()
    {
        var onlyStatus = Benefits271.ActivePlan().Subscriber();

        var e = Estimate(onlyStatus, PpoPrices, Ppo, Line(BrainMri));

        Assert.Equal(EstimateStatus.NotEnoughInformation, e.Status);
        Assert.Contains(e.Missing, m => m.Contains("service type 62", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_NegotiatedPercentage_AllowedIsThePercentageOfTheRowsGrossCharge()
    {
        // 65 % of gross 3,000.00 = 1,950.00; deductible met, 20 % → 390.00.
        var prices = List(Row(11, BrainMri, 3000m, 1400m, Rate(PpoPayer, PpoPlan, percentage: 65m, estimated: 1900m)));

        var e = Estimate(PpoBenefits(0m, 4200m).Subscriber(), prices, Ppo, Line(BrainMri));

        Assert.Equal(1950m, e.Lines[0].Allowed);
        Assert.Equal(390m, e.Lines[0].PatientPays);
        Assert.Contains("65% of gross 3,000.00", e.Lines[0].Steps[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_VisitLimitUsedUp_TheServiceIsNotCovered()
    {
        var pt = new BillingCode("97110", "CPT");
        var benefits = PpoBenefits(0m, 4200m).Eb("F", serviceType: "PT", period: "29", quantityQualifier: "VS", quantity: 0m, network: "Y").Subscriber();
        var e = PatientEstimator.Estimate(new EstimateRequest(
            [new ServiceLine(pt, ServiceType: "PT")], ServiceDate, Ppo, benefits, PpoPrices, [new AllowedOverride(pt, 95m, "--allowed")]));

        Assert.False(e.Lines[0].Covered);
        Assert.Equal(95m, e.Lines[0].PatientPays);
        Assert.Contains("limit", e.Lines[0].Steps.Single(s => s.Kind == StepKind.NonCovered).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_BenefitOutsideItsDates_IsNotUsed()
    {
        // The 62 coinsurance of 50 % ended before the service date; the plan-level 20 % applies: 20 % of 1,200.00.
        var benefits = PpoBenefits(0m, 4200m)
            .Eb("A", serviceType: "62", percent: 0.5m, network: "Y", procedure: "70551", dates: [new BenefitDate("349", new DateOnly(2026, 3, 31))])
            .Subscriber();

        var e = Estimate(benefits, PpoPrices, Ppo, Line(BrainMri));

        Assert.Equal(240m, e.Lines[0].PatientPays);
    }

    [Fact]
    public void Estimate_ProcedureSpecificBenefit_WinsOverTheServiceType()
    {
        // EB13 HC:70551 with 10 % beats service type 62's 20 %: 10 % of 1,200.00 = 120.00.
        var benefits = PpoBenefits(0m, 4200m).Eb("A", serviceType: "62", percent: 0.1m, network: "Y", procedure: "70551").Subscriber();

        var e = Estimate(benefits, PpoPrices, Ppo, Line(BrainMri));

        Assert.Equal(120m, e.Lines[0].PatientPays);
    }
}
