using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Tests;

/// <summary>
/// A Medicare 271 in the shape CMS HETS answers (Part A and Part B entitlement, per-part deductibles with benefit
/// periods, day-range copays, a procedure-specific benefit, an inactive period): each is typed, none is flattened
/// into "service 30 deductible".
/// </summary>
public class MedicareTests
{
    internal const string Medicare271 = """
        ST*271*0001*005010X279A1~
        BHT*0022*11*TRANSA*20260301*0758~
        HL*1**20*1~
        NM1*PR*2*CMS*****PI*CMS~
        HL*2*1*21*1~
        NM1*1P*2*GENERAL HOSPITAL*****XX*1234567893~
        HL*3*2*22*0~
        TRN*2*TRACKNUM*9ABCDEFGHI~
        NM1*IL*1*DOE*JANE****MI*1EG4TE5MK73~
        DMG*D8*19500401*F~
        EB*1**30^42^45^48*MA~
        DTP*307*D8*20150401~
        EB*1**30^2^23^98*MB~
        DTP*307*D8*20160101~
        EB*6**30*MB~
        DTP*307*RD8*20150401-20151231~
        EB*C**30*MA**26*1676~
        DTP*292*RD8*20260101-20261231~
        EB*C**30*MB**23*257~
        DTP*292*RD8*20260101-20261231~
        EB*C**30*MB**29*57~
        DTP*292*RD8*20260101-20261231~
        EB*B**48*MA**7*419~
        HSD*DY*61~
        HSD*DY*90~
        EB*B**AG*MA**7*209.5~
        HSD*DY*21-100~
        EB*A**98*MB**27**0.2~
        EB*B**98*MB**27*0*****N*HC:G0438~
        MSG*ANNUAL WELLNESS VISIT~
        SE*32*0001~
        """;

    private static MemberEligibility Member() =>
        EligibilityInterpreter.Summarize(EligibilityReader.Read(TestX12.Wrap(Medicare271))).Members.Single();

    [Fact]
    public void Summarize_MedicarePartsAandB_AreSeparateCoverages()
    {
        var m = Member();

        Assert.Equal(CoverageStatus.Active, m.Status);
        var partA = m.MedicareCoverage(MedicarePart.PartA)!;
        var partB = m.MedicareCoverage(MedicarePart.PartB)!;
        Assert.Equal(new DateOnly(2015, 4, 1), partA.Start);
        Assert.Equal(["30", "42", "45", "48"], partA.ServiceTypeCodes);
        Assert.Equal(new DateOnly(2016, 1, 1), partB.Start);
        Assert.Equal("MB", partB.InsuranceTypeCode);
    }

    [Fact]
    public void Summarize_InactivePeriod_KeepsItsDateRange()
    {
        var inactive = Assert.Single(Member().InactivePeriods);

        Assert.Equal("6", inactive.InformationCode);
        Assert.Equal(MedicarePart.PartB, inactive.MedicarePart);
        Assert.Equal((new DateOnly(2015, 4, 1), new DateOnly(2015, 12, 31)), (inactive.Start, inactive.End));
        Assert.True(inactive.Dates.Single().IsRange);
        Assert.Equal("Eligibility", inactive.Dates.Single().Meaning);
    }

    [Fact]
    public void Summarize_PartAandPartBDeductibles_AreTypedByPart()
    {
        var plan = Member().Service("30")!;

        var partA = plan.Deductible(BenefitLevel.NotSpecified, NetworkScope.NotSpecified, AmountKind.Total, MedicarePart.PartA)!;
        var partB = plan.Deductible(BenefitLevel.NotSpecified, NetworkScope.NotSpecified, AmountKind.Total, MedicarePart.PartB)!;
        var partBLeft = plan.Deductible(BenefitLevel.NotSpecified, NetworkScope.NotSpecified, AmountKind.Remaining, MedicarePart.PartB)!;

        Assert.Equal((1676m, "26", "Episode"), (partA.Amount!.Value, partA.TimePeriodCode, partA.TimePeriod));
        Assert.Equal((257m, "Calendar Year"), (partB.Amount!.Value, partB.TimePeriod));
        Assert.Equal(57m, partBLeft.Amount);
        Assert.Null(plan.Deductible(BenefitLevel.NotSpecified, NetworkScope.NotSpecified, AmountKind.Remaining, MedicarePart.PartA));
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), (partA.Dates.Single().Start, partA.Dates.Single().End));
        Assert.Equal("Benefit", partA.Dates.Single().Meaning);
    }

    [Fact]
    public void Summarize_CopayWithHsdDays_HasTheDayRange()
    {
        var m = Member();

        var hospital = m.Service("48")!.Copays.Single();
        var nursing = m.Service("AG")!.Copays.Single();

        Assert.Equal((419m, MedicarePart.PartA, new DayRange(61, 90)), (hospital.Amount!.Value, hospital.MedicarePart, hospital.Days));
        Assert.Equal(2, hospital.Deliveries.Count);
        Assert.Equal((61m, true), (hospital.Deliveries[0].QuantityValue!.Value, hospital.Deliveries[0].IsDays));
        Assert.Equal(new DayRange(21, 100), nursing.Days);
        Assert.Equal("Day", nursing.TimePeriod);
    }

    [Fact]
    public void Summarize_ProcedureSpecificCopay_IsNotTheServiceCopay()
    {
        var office = Member().Service("98")!;

        var wellness = Assert.Single(office.ProcedureValues);
        Assert.Equal(new ProcedureCode("HC", "G0438", []), wellness.Procedure);
        Assert.Equal(0m, wellness.Amount);
        Assert.Equal(["ANNUAL WELLNESS VISIT"], wellness.Messages);
        Assert.Null(office.Copay(NetworkScope.InNetwork));
        Assert.Equal(0.2m, office.CoinsuranceValue(NetworkScope.InNetwork)!.Percent);
    }
}
