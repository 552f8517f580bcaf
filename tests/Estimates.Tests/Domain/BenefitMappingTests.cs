using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Eligibility;
using PatientAccess.Integrations.Estimates;

namespace PatientAccess.Estimates.Tests.Domain;

/// <summary>271s of the X12 corpus into the domain's typed benefits: every qualifier kept, numbered as in the 271.</summary>
public sealed class BenefitMappingTests
{
    private static PatientBenefits Read(string file) =>
        EligibilityMapping.Benefits(EligibilityPayloads.Read(file, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Corpus", file))));

    [Fact]
    public void Benefits_ActivePpo_KeepsLevelPeriodAmountPercentNetworkAndPlace()
    {
        var b = Read("01-active-ppo-star.x12");

        Assert.False(b.PatientIsDependent);
        Assert.Equal("PR", b.InsuranceType);
        Assert.Equal(12, b.Patient.Count);
        var remaining = b.Patient[4];
        Assert.Equal((BenefitKind.Deductible, CoverageLevel.Individual, BenefitPeriod.Remaining, 125.5m, NetworkTier.InNetwork), (remaining.Kind, remaining.Level, remaining.Period, remaining.Amount, remaining.Network));
        Assert.Equal(new BenefitSource("2110C", 5, "EB*C*IND*30*PR**29*125.5*****Y"), remaining.Source);
        Assert.True(b.Patient[6].IsFamily());
        var outOfNetwork = b.Patient[11];
        Assert.Equal((BenefitKind.Coinsurance, 0.4m, NetworkTier.OutOfNetwork, BenefitPeriod.Visit), (outOfNetwork.Kind, outOfNetwork.Percent, outOfNetwork.Network, outOfNetwork.Period));
        Assert.Equal([new BenefitDate("346", new DateOnly(2026, 1, 1))], b.Patient[0].Dates);
    }

    [Fact]
    public void Benefits_Dependent_TheDependentsLoopWithTheSubscribersBeside()
    {
        var b = Read("06-dependent-coverage.x12");

        Assert.True(b.PatientIsDependent);
        Assert.Equal("HM", b.InsuranceType);
        Assert.All(b.Patient, e => Assert.Equal("2110D", e.Source.Loop));
        Assert.Equal(15m, Assert.Single(b.Patient, e => e.Kind == BenefitKind.Copay).Amount);
        Assert.Empty(b.Subscriber);
    }

    [Fact]
    public void Benefits_LimitationsWithHsd_KeepQuantityAndDeliveryPattern()
    {
        var b = Read("26-limitations-hsd-iii.x12");

        var total = b.Patient[1];
        Assert.Equal((BenefitKind.Limitation, "VS", 20m, BenefitPeriod.CalendarYear), (total.Kind, total.QuantityQualifier, total.Quantity, total.Period));
        Assert.Equal([new ServiceDeliveryLimit("VS", 20m, PeriodQualifier: "22", PeriodCount: 1)], total.Limits);
        Assert.Equal("HSD*VS*20***22*1", total.Limits[0].ToString());
        Assert.Equal((BenefitPeriod.Remaining, 12m), (b.Patient[2].Period, b.Patient[2].Quantity));
    }

    [Fact]
    public void Benefits_MedicareParts_InsuranceTypeAndBenefitDatesKept()
    {
        var b = Read("27-medicare-parts.x12");

        Assert.Equal("MA", b.InsuranceType);
        var deductible = Assert.Single(b.Patient, e => e.Kind == BenefitKind.Deductible);
        Assert.Equal("MB", deductible.InsuranceType);
        Assert.Equal([new BenefitDate("292", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))], deductible.Dates);
        Assert.True(deductible.AppliesOn(new DateOnly(2026, 7, 1)));
        Assert.False(deductible.AppliesOn(new DateOnly(2027, 1, 4)));
    }
}
