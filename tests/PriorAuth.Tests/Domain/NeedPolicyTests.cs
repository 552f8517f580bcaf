using CsCheck;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.PriorAuth.Tests.Domain;

public class NeedPolicyTests
{
    private static readonly DateOnly Day = new(2026, 12, 15);

    private static ServiceLine Line(string code, string pos = "22") =>
        new("1", ProcedureCode.TryCreate(code, out var c) ? c : throw new ArgumentException(code), 1, pos, Day, Day);

    private static BenefitLine Benefit(string stc, bool? auth, NetworkTier network = NetworkTier.InNetwork) =>
        new(stc, stc, network, null, null, null, null, null, null, auth);

    private static readonly PayerRules Rules = new("SBXPPO", "v1",
    [
        new PayerRule([new CodeRange("70540", "70559")], [], RuleRequirement.Required, "advanced imaging (MRI)"),
        new PayerRule([new CodeRange("70450", "70498")], ["22", "24"], RuleRequirement.Required, "CT outside the emergency department"),
        new PayerRule([new CodeRange("99202", "99215")], [], RuleRequirement.NotRequired, "office visits"),
    ]);

    [Fact]
    public void Decide_PayerRuleRequires_NeededWithRuleReasonAndTheFlagNamed()
    {
        var decision = AuthorizationNeedPolicy.Decide(Line("70551"), [Benefit("62", false)], Rules);

        Assert.Equal(AuthorizationNeed.Needed, decision.Need);
        Assert.Equal(AuthorizationNeedPolicy.PayerRuleRequired, decision.ReasonCode);
        Assert.Contains("advanced imaging (MRI)", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("service type 62 as not needing", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RuleLimitedToOtherPlaceOfService_FallsBackToEligibilityFlag()
    {
        var emergency = AuthorizationNeedPolicy.Decide(Line("70450", "23"), [Benefit("62", false)], Rules);
        var outpatient = AuthorizationNeedPolicy.Decide(Line("70450", "22"), [Benefit("62", false)], Rules);

        Assert.Equal((AuthorizationNeed.NotNeeded, AuthorizationNeedPolicy.EligibilityNotRequired), (emergency.Need, emergency.ReasonCode));
        Assert.Equal(AuthorizationNeed.Needed, outpatient.Need);
    }

    [Fact]
    public void Decide_RuleSaysNotRequired_NotNeededEvenWhenTheServiceTypeIsFlagged()
    {
        var decision = AuthorizationNeedPolicy.Decide(Line("99213"), [Benefit("98", true)], Rules);

        Assert.Equal((AuthorizationNeed.NotNeeded, AuthorizationNeedPolicy.PayerRuleNotRequired), (decision.Need, decision.ReasonCode));
    }

    [Theory]
    [InlineData(true, AuthorizationNeed.Needed, AuthorizationNeedPolicy.EligibilityRequired)]
    [InlineData(false, AuthorizationNeed.NotNeeded, AuthorizationNeedPolicy.EligibilityNotRequired)]
    [InlineData(null, AuthorizationNeed.Unknown, AuthorizationNeedPolicy.NoInformation)]
    public void Decide_NoRule_FollowsEb11ForTheServiceType(bool? eb11, AuthorizationNeed need, string reason)
    {
        // 27447 (knee replacement) is surgery: service type 2.
        var decision = AuthorizationNeedPolicy.Decide(Line("27447"), eb11 is null ? [] : [Benefit("2", eb11)], rules: null);

        Assert.Equal((need, reason), (decision.Need, decision.ReasonCode));
    }

    [Fact]
    public void EligibilityFlag_InNetworkLineFirst()
    {
        Assert.True(AuthorizationNeedPolicy.EligibilityFlag("2", [Benefit("2", false, NetworkTier.OutOfNetwork), Benefit("2", true)]));
        Assert.False(AuthorizationNeedPolicy.EligibilityFlag("2", [Benefit("2", false, NetworkTier.OutOfNetwork), Benefit("2", null)]));
    }

    [Fact]
    public void CodeRange_AnyCodes_ContainsExactlyWhatLiesBetweenTheEnds()
    {
        var cpt = Gen.Int[0, 99999].Select(n => n.ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
        Gen.Select(cpt, cpt, cpt).Sample((a, b, x) =>
        {
            var (from, to) = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
            var range = new CodeRange(from, to);
            Assert.Equal(string.CompareOrdinal(x, from) >= 0 && string.CompareOrdinal(x, to) <= 0, range.Contains(x));
            Assert.False(range.Contains("J" + x[1..]));
        }, iter: 2000);
    }

    [Theory]
    [InlineData("70559", "70540")]
    [InlineData("J0100", "70540")]
    [InlineData("J0100", "K0200")]
    [InlineData("7055", "70559")]
    public void CodeRange_Misshapen_IsRefused(string from, string to)
    {
        Assert.Throws<ArgumentException>(() => new CodeRange(from, to));
    }
}
