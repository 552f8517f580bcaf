using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.Eligibility.Tests.Infrastructure;
using PatientAccess.Integrations.Eligibility;

namespace PatientAccess.Eligibility.Tests.Adapters;

/// <summary>Every roster scenario through both adapters, against the real sandbox on a loopback port.</summary>
public sealed class GatewayScenarioTests(SandboxHost sandbox) : IClassFixture<SandboxHost>
{
    public static TheoryData<ClearinghouseMode> Modes => new() { ClearinghouseMode.Core, ClearinghouseMode.Json };

    private async Task<EligibilityResponse> CheckAsync(ClearinghouseMode mode, EligibilityRequest request)
    {
        await using var services = Gateways.Build(sandbox.BaseAddress, mode);
        return await services.GetRequiredService<IEligibilityGateway>().CheckAsync(request, CancellationToken.None);
    }

    private static BenefitLine Line(EligibilityResponse r, string serviceType, NetworkTier tier, string level = "IND") =>
        Assert.Single(r.Snapshot.Benefits, b => b.ServiceTypeCode == serviceType && b.Network == tier && b.Level == level);

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_ActiveMember_ReturnsFullBenefits(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Subscriber("SBXPPO", "100000001", "Jane", "Active", new DateOnly(1985, 3, 14), AdministrativeSex.Female, serviceTypes: ["30", "98", "62"]));

        Assert.Equal(CoverageStatus.Active, r.Snapshot.Status);
        Assert.Empty(r.Rejections);
        Assert.Equal("SANDBOX PPO HEALTH PLAN", r.Snapshot.PayerName);
        Assert.Equal("SANDBOX PPO GOLD", r.Snapshot.PlanName);
        Assert.Equal("GRP10001", r.Snapshot.GroupNumber);
        Assert.Equal(new DateOnly(2026, 1, 1), r.Snapshot.CoverageStart);
        var planIn = Line(r, "30", NetworkTier.InNetwork);
        Assert.Equal(1500m, planIn.DeductibleTotal);
        Assert.Equal(600m, planIn.DeductibleRemaining);
        Assert.Equal(6000m, planIn.OutOfPocketTotal);
        Assert.Equal(4200m, planIn.OutOfPocketRemaining);
        Assert.Equal(20m, planIn.CoinsurancePercent);
        var planOut = Line(r, "30", NetworkTier.OutOfNetwork);
        Assert.Equal(3000m, planOut.DeductibleTotal);
        Assert.Equal(12000m, planOut.OutOfPocketTotal);
        Assert.Equal(40m, planOut.CoinsurancePercent);
        var family = Line(r, "30", NetworkTier.InNetwork, "FAM");
        Assert.Equal(3000m, family.DeductibleTotal);
        Assert.Equal(2100m, family.DeductibleRemaining);
        Assert.DoesNotContain(r.Snapshot.Benefits, b => b.Level == "FAM" && b.Network == NetworkTier.OutOfNetwork);
        Assert.Equal(25m, Line(r, "98", NetworkTier.InNetwork).Copay);
        Assert.Equal(60m, Line(r, "98", NetworkTier.OutOfNetwork).Copay);
        Assert.True(Line(r, "62", NetworkTier.InNetwork).AuthorizationRequired);
        Assert.True(Line(r, "2", NetworkTier.InNetwork).AuthorizationRequired);
        Assert.False(Line(r, "4", NetworkTier.InNetwork).AuthorizationRequired);
        Assert.Contains("PRIOR AUTHORIZATION REQUIRED FOR MRI AND CT", r.Snapshot.Messages);
        Assert.Equal(mode == ClearinghouseMode.Core ? "x12" : "json", r.PayloadExtension);
        Assert.True(r.RawPayload.Length > 100);
    }

    [Fact]
    public async Task Check_ActiveMember_BothModesGiveTheSameTypedBenefitsWithEveryQualifier()
    {
        var request = Gateways.Subscriber("SBXPPO", "100000001", "Jane", "Active", new DateOnly(1985, 3, 14), AdministrativeSex.Female, serviceTypes: ["30", "98", "62"]);
        var core = (await CheckAsync(ClearinghouseMode.Core, request)).Snapshot.BenefitDetail!;
        var json = (await CheckAsync(ClearinghouseMode.Json, request)).Snapshot.BenefitDetail!;

        Assert.Equal("PR", core.InsuranceType);
        Assert.False(core.PatientIsDependent);
        Assert.Equal(core.Patient.Count, json.Patient.Count);
        for (var i = 0; i < core.Patient.Count; i++)
        {
            Assert.Equal(core.Patient[i] with { Dates = [], Limits = [], Messages = [], ServiceTypes = [] }, json.Patient[i] with { Dates = [], Limits = [], Messages = [], ServiceTypes = [] });
            Assert.Equal(core.Patient[i].Dates, json.Patient[i].Dates);
            Assert.Equal(core.Patient[i].Limits, json.Patient[i].Limits);
            Assert.Equal(core.Patient[i].ServiceTypes, json.Patient[i].ServiceTypes);
        }
        var remaining = Assert.Single(core.Patient, b => b.Kind == BenefitKind.Deductible && b.Level == CoverageLevel.Family && b.Period == BenefitPeriod.Remaining);
        Assert.Equal((2100m, NetworkTier.InNetwork), (remaining.Amount, remaining.Network));
        var therapy = Assert.Single(core.Patient, b => b.Kind == BenefitKind.Limitation && b.Covers("PT"));
        Assert.Equal(("VS", 14m), (therapy.QuantityQualifier, therapy.Quantity));
        Assert.Equal([new ServiceDeliveryLimit("VS", 20m, PeriodQualifier: "23")], therapy.Limits);
        Assert.Equal([new BenefitDate("348", new DateOnly(2026, 1, 1))], therapy.Dates);
        Assert.Equal("2110C", therapy.Source.Loop);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_DependentPatient_TypedBenefitsAreTheDependentsLoop(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Dependent("SBXPPO", "100000003", "Charlie", "Parent", new DateOnly(2012, 9, 9)));

        var detail = r.Snapshot.BenefitDetail!;
        Assert.True(detail.PatientIsDependent);
        Assert.NotEmpty(detail.Patient);
        Assert.All(detail.Patient, b => Assert.Equal("2110D", b.Source.Loop));
        Assert.Contains(detail.Patient, b => b.Kind == BenefitKind.Copay && b.Covers("98") && b.Amount == 25m);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_InactiveMember_ReturnsInactiveWithPlanEnd(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Subscriber("SBXPPO", "100000002", "Ian", "Inactive", new DateOnly(1970, 7, 1)));

        Assert.Equal(CoverageStatus.Inactive, r.Snapshot.Status);
        Assert.Equal(new DateOnly(2025, 12, 31), r.Snapshot.CoverageEnd);
        Assert.Equal(EligibilityVerdict.Inactive, EligibilityDecisions.Decide(r, EligibilityAttemptKind.Primary, true).Verdict);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_Dependent_ReturnsTheDependentsCoverage(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Dependent("SBXPPO", "100000003", "Charlie", "Parent", new DateOnly(2012, 9, 9)));

        Assert.Equal(CoverageStatus.Active, r.Snapshot.Status);
        Assert.Equal("SANDBOX PPO FAMILY", r.Snapshot.PlanName);
        Assert.Equal(25m, Line(r, "98", NetworkTier.InNetwork).Copay);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_UnknownDependent_IsPatientNotFound(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Dependent("SBXPPO", "100000003", "Nobody", "Parent", new DateOnly(2015, 1, 1)));

        var rejection = Assert.Single(r.Rejections);
        Assert.Equal("67", rejection.Code);
        Assert.Equal("2100D", rejection.Loop);
        Assert.Equal(RejectionKind.IdentityMismatch, rejection.Kind);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_DependentWithOwnIdAsSubscriber_IsActive(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Subscriber("SBXPPO", "100000013", "Dana", "Parent", new DateOnly(2004, 2, 2)));

        Assert.Equal(CoverageStatus.Active, r.Snapshot.Status);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_MemberNotOnRoster_IsAaa75IdentityMismatch(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Subscriber("SBXPPO", "999999999", "Nora", "Nobody", new DateOnly(1990, 1, 1)));

        Assert.Equal(CoverageStatus.Unknown, r.Snapshot.Status);
        var rejection = Assert.Single(r.Rejections);
        Assert.Equal("75", rejection.Code);
        Assert.Equal("C", rejection.FollowUpCode);
        Assert.Equal("2100C", rejection.Loop);
        Assert.Equal(RejectionKind.IdentityMismatch, rejection.Kind);
        Assert.Contains("cannot find the subscriber", rejection.Remediation, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_InvalidMemberId_IsAaa72(ClearinghouseMode mode)
    {
        var explicitReject = await CheckAsync(mode, Gateways.Subscriber("SBXPPO", "100000009", "Ivy", "Invalid", new DateOnly(1999, 9, 9)));
        var badFormat = await CheckAsync(mode, Gateways.Subscriber("SBXPPO", "SBX100000001", "Jane", "Active", new DateOnly(1985, 3, 14)));

        Assert.Equal("72", Assert.Single(explicitReject.Rejections).Code);
        Assert.Equal("72", Assert.Single(badFormat.Rejections).Code);
        Assert.Equal(RejectionKind.IdentityMismatch, badFormat.Rejections[0].Kind);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_NameWithSuffix_IsAaa73UntilSimplified(ClearinghouseMode mode)
    {
        var withSuffix = Gateways.Subscriber("SBXPPO", "100000008", "Robert", "Smith Jr", new DateOnly(1958, 8, 8));

        var first = await CheckAsync(mode, withSuffix);
        var second = await CheckAsync(mode, AlternateIdentity.For(withSuffix)!.Request);

        Assert.Equal("73", Assert.Single(first.Rejections).Code);
        Assert.Equal(CoverageStatus.Active, second.Snapshot.Status);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_WrongBirthDate_IsAaa71Other(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Subscriber("SBXPPO", "100000001", "Jane", "Active", new DateOnly(1985, 3, 15)));

        var rejection = Assert.Single(r.Rejections);
        Assert.Equal("71", rejection.Code);
        Assert.Equal(RejectionKind.Other, rejection.Kind);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_UnavailablePayer_ThrowsTransientThenRecovers(ClearinghouseMode mode)
    {
        sandbox.Simulator.Reset();
        var request = Gateways.Subscriber("SBXPPO", "100000004", "Ulla", "Unavailable", new DateOnly(1990, 10, 10));

        var first = await Assert.ThrowsAsync<PayerUnavailableException>(() => CheckAsync(mode, request));
        var second = await Assert.ThrowsAsync<PayerUnavailableException>(() => CheckAsync(mode, request));
        var third = await CheckAsync(mode, request);

        Assert.Equal("42", Assert.Single(first.Response.Rejections).Code);
        Assert.Equal("2100A", first.Response.Rejections[0].Loop);
        Assert.True(first.Response.RawPayload.Length > 0);
        Assert.Equal(RejectionKind.Transient, second.Response.Rejections[0].Kind);
        Assert.Equal(CoverageStatus.Active, third.Snapshot.Status);
        Assert.Equal(3, sandbox.Simulator.Hits("SBXPPO", "100000004"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_SlowPayerWithinBudget_Answers(ClearinghouseMode mode)
    {
        var started = DateTime.UtcNow;

        var r = await CheckAsync(mode, Gateways.Subscriber("SBXPPO", "100000005", "Sam", "Slow", new DateOnly(1966, 6, 6)));

        Assert.Equal(CoverageStatus.Active, r.Snapshot.Status);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2.4));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_Payer500_RetriesThenThrowsTransient(ClearinghouseMode mode)
    {
        sandbox.Simulator.Reset();

        var e = await Assert.ThrowsAsync<TransientDependencyException>(() =>
            CheckAsync(mode, Gateways.Subscriber("SBXPPO", "100000007", "Erin", "Error", new DateOnly(1975, 5, 5))));

        Assert.Contains("HTTP 500", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, sandbox.Simulator.Hits("SBXPPO", "100000007"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_HmoMember_NamesThePcpAndAuthRules(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Subscriber("SBXHMO", "H00000001", "Hannah", "Hmo", new DateOnly(1988, 8, 18), serviceTypes: ["30", "98", "62"]));

        Assert.Equal(CoverageStatus.Active, r.Snapshot.Status);
        Assert.Contains(r.Snapshot.Messages, m => m.Contains("MARCUS WELBY", StringComparison.Ordinal));
        Assert.Contains(r.Snapshot.Messages, m => m.StartsWith("HMO plan", StringComparison.Ordinal));
        Assert.Contains("PRIMARY CARE PROVIDER REFERRAL REQUIRED FOR SPECIALIST VISITS", r.Snapshot.Messages);
        Assert.Equal(15m, Line(r, "98", NetworkTier.InNetwork).Copay);
        Assert.True(Line(r, "62", NetworkTier.InNetwork).AuthorizationRequired);
        Assert.Equal(2500m, Line(r, "30", NetworkTier.InNetwork).OutOfPocketRemaining);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_UnknownPayer_IsRejectedAtPayerLevel(ClearinghouseMode mode)
    {
        var r = await CheckAsync(mode, Gateways.Subscriber("NOSUCHPAYER", "100000001", "Jane", "Active", new DateOnly(1985, 3, 14)));

        var rejection = Assert.Single(r.Rejections);
        Assert.Equal("T4", rejection.Code);
        Assert.Equal(RejectionKind.Other, rejection.Kind);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Check_WrongPassword_IsPermanentWithoutRetry(ClearinghouseMode mode)
    {
        await using var services = Gateways.Build(sandbox.BaseAddress, mode, password: "wrong");
        var gateway = services.GetRequiredService<IEligibilityGateway>();

        var e = await Assert.ThrowsAsync<PermanentDependencyException>(() =>
            gateway.CheckAsync(Gateways.Subscriber("SBXPPO", "100000001", "Jane", "Active", new DateOnly(1985, 3, 14)), CancellationToken.None));

        Assert.Contains("HTTP 401", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Unreachable_IsTransient()
    {
        await using var services = Gateways.Build(new Uri("http://127.0.0.1:9/"), ClearinghouseMode.Core);

        await Assert.ThrowsAsync<TransientDependencyException>(() =>
            services.GetRequiredService<IEligibilityGateway>().CheckAsync(Gateways.Subscriber("SBXPPO", "100000001", "Jane", "Active", new DateOnly(1985, 3, 14)), CancellationToken.None));
    }
}
