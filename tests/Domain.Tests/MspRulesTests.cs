using CsCheck;
using PatientAccess.Domain.Forms;

namespace PatientAccess.Domain.Tests;

/// <summary>
/// The Medicare Secondary Payer rules (CMS Pub. 100-05 ch. 3 20.2.1 questions; ch. 1 10.1-10.6 rules): cases from the
/// manual's own examples, then properties over every combination of answers.
/// </summary>
public class MspRulesTests
{
    private static readonly OtherPlan Employer = new("Acme Employer Plan", "ACM987654", "G-77");

    private static MspAnswers Aged(bool? working, bool? plan, bool? twentyPlus, OtherPlan? named = null) =>
        new(false, false, false, false, false, MedicareBasis.Age, working, false, plan, twentyPlus, Plan: named);

    [Fact]
    public void Decide_WorkingAgedAtALargeEmployer_EmployerPlanPrimaryMedicareSecond()
    {
        var record = MspRecord.From(Aged(true, true, true, Employer), "2026.1", DateTimeOffset.UnixEpoch);

        Assert.Equal(PrimaryPayer.GroupHealthPlan, record.Decision.Primary);
        Assert.False(record.Decision.NeedsReview);
        Assert.True(record.MedicareIsSecondary);
        Assert.Equal([PrimaryPayer.GroupHealthPlan, PrimaryPayer.Medicare], record.Order.Select(r => r.Payer));
        Assert.Equal(Employer, record.Order[0].Plan);
    }

    [Fact]
    public void Decide_WorkingAgedAtAnEmployerOfFewerThan20_MedicarePrimary()
    {
        var decision = MspRules.Decide(Aged(true, true, false, Employer));
        Assert.Equal(PrimaryPayer.Medicare, decision.Primary);
        Assert.Contains("fewer than 20", decision.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RetiredWithRetireeCoverage_MedicarePrimary()
    {
        Assert.Equal(PrimaryPayer.Medicare, MspRules.Decide(Aged(false, true, true, Employer)).Primary);
    }

    [Fact]
    public void Decide_EmployerSizeUnanswered_MedicareForNowAndNeedsReview()
    {
        var decision = MspRules.Decide(Aged(true, true, null));
        Assert.Equal(PrimaryPayer.Medicare, decision.Primary);
        Assert.True(decision.NeedsReview);
    }

    [Fact]
    public void Decide_EmployerPlanPrimaryButNotNamed_NeedsReview()
    {
        Assert.True(MspRules.Decide(Aged(true, true, true)).NeedsReview);
    }

    [Theory]
    [InlineData(true, PrimaryPayer.GroupHealthPlan)]
    [InlineData(false, PrimaryPayer.Medicare)]
    public void Decide_DisabledWithFamilyMembersPlan_LargeGroupThresholdIs100(bool hundredPlus, PrimaryPayer expected)
    {
        var answers = new MspAnswers(false, false, false, false, false, MedicareBasis.Disability, false, true, true,
            EmployerHas20OrMoreEmployees: true, EmployerHas100OrMoreEmployees: hundredPlus, Plan: Employer);
        Assert.Equal(expected, MspRules.Decide(answers).Primary);
    }

    [Theory]
    [InlineData(true, null, PrimaryPayer.GroupHealthPlan)]
    [InlineData(true, true, PrimaryPayer.Medicare)] // Medicare was already primary by age: it stays primary
    [InlineData(false, null, PrimaryPayer.Medicare)] // the 30-month coordination period is over
    public void Decide_Esrd_GroupPlanPrimaryOnlyDuringTheCoordinationPeriod(bool within, bool? alreadyPrimary, PrimaryPayer expected)
    {
        var answers = new MspAnswers(false, false, false, false, false, MedicareBasis.EndStageRenalDisease,
            GroupHealthPlanThroughCurrentEmployment: true, WithinEsrdCoordinationPeriod: within, EsrdMedicareWasAlreadyPrimary: alreadyPrimary, Plan: Employer);
        Assert.Equal(expected, MspRules.Decide(answers).Primary);
    }

    [Fact]
    public void Decide_WorkInjuryOfAWorkingAgedPatient_WorkersCompensationFirst()
    {
        var answers = Aged(true, true, true, Employer) with { WorkRelated = true };
        Assert.Equal(PrimaryPayer.WorkersCompensation, MspRules.Decide(answers).Primary);
        Assert.Equal(PrimaryPayer.NoFaultOrLiability, MspRules.Decide(Aged(false, false, null) with { AccidentWithNoFaultOrLiability = true }).Primary);
    }

    private static readonly Gen<bool?> Answer = Gen.Int[0, 2].Select(i => i switch { 0 => (bool?)null, 1 => true, _ => false });

    private static readonly Gen<MspAnswers> AnyAnswers =
        Gen.Select(Gen.Bool.Array[5], Gen.Enum<MedicareBasis>(), Answer.Array[7], (part1, basis, rest) => new MspAnswers(
            part1[0], part1[1], part1[2], part1[3], part1[4], basis, rest[0], rest[1], rest[2], rest[3], rest[4], rest[5], rest[6],
            rest[6] == true ? Employer : null));

    [Fact]
    public void Decide_AnyAnswers_GroupPlanPrimaryOnlyWithGroupCoverageAndNoPartIOrII()
    {
        AnyAnswers.Sample(answers =>
        {
            var decision = MspRules.Decide(answers);
            if (decision.Primary != PrimaryPayer.GroupHealthPlan) return;
            Assert.True(answers.GroupHealthPlanThroughCurrentEmployment);
            Assert.False(answers.BlackLung || answers.GovernmentResearch || answers.VeteransAffairs || answers.WorkRelated || answers.AccidentWithNoFaultOrLiability);
            if (answers.Basis != MedicareBasis.EndStageRenalDisease)
            {
                Assert.True(answers.PatientCurrentlyEmployed == true || answers.SpouseOrFamilyCurrentlyEmployed == true);
            }
        });
    }

    [Fact]
    public void From_AnyAnswers_OrderStartsWithTheDecisionAndHoldsMedicareOnce()
    {
        AnyAnswers.Sample(answers =>
        {
            var record = MspRecord.From(answers, "2026.1", DateTimeOffset.UnixEpoch);
            Assert.Equal(record.Decision.Primary, record.Order[0].Payer);
            Assert.Single(record.Order, r => r.Payer == PrimaryPayer.Medicare);
            Assert.Equal(Enumerable.Range(1, record.Order.Count), record.Order.Select(r => r.Rank));
            Assert.False(string.IsNullOrWhiteSpace(record.Decision.Rule));
        });
    }
}
