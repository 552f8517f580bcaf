using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;

namespace PatientAccess.Eligibility.Tests.Domain;

public sealed class EligibilityDecisionsTests
{
    private static EligibilityResponse Response(CoverageStatus status, params EligibilityRejection[] rejections) =>
        new(new EligibilitySnapshot(status, "PAYER", "PLAN", "GRP", null, null, [], [], null, DateTimeOffset.UnixEpoch), Array.Empty<byte>(), "x12", rejections);

    private static EligibilityRejection Aaa(string code, RejectionKind kind, string loop = "2100C") =>
        new(code, "C", loop, "Subscriber/Insured Not Found", "Verify the member id.", kind);

    [Fact]
    public void Decide_Active_IsVerifiedWithoutWorkItem()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Active), EligibilityAttemptKind.Primary, true);

        Assert.Equal(EligibilityVerdict.Verified, d.Verdict);
        Assert.Null(d.WorkItemReason);
        Assert.Equal(EligibilityDecisions.ReasonActive, d.ReasonCode);
    }

    [Fact]
    public void Decide_Inactive_IsCoverageInactive()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Inactive), EligibilityAttemptKind.Primary, true);

        Assert.Equal(EligibilityVerdict.Inactive, d.Verdict);
        Assert.Equal(WorkItemReason.CoverageInactive, d.WorkItemReason);
    }

    [Fact]
    public void Decide_IdentityMismatchOnPrimaryWithAlternate_Requeries()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Unknown, Aaa("75", RejectionKind.IdentityMismatch)), EligibilityAttemptKind.Primary, true);

        Assert.Equal(EligibilityVerdict.RequeryWithAlternateIdentity, d.Verdict);
        Assert.Equal("aaa-75", d.ReasonCode);
    }

    [Fact]
    public void Decide_IdentityMismatchAfterAlternate_NeedsSpecialistWithPlainWords()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Unknown, Aaa("75", RejectionKind.IdentityMismatch)), EligibilityAttemptKind.AlternateIdentity, false);

        Assert.Equal(EligibilityVerdict.NeedsSpecialist, d.Verdict);
        Assert.Equal(WorkItemReason.MemberNotFound, d.WorkItemReason);
        Assert.Contains("about the subscriber", d.Explanation, StringComparison.Ordinal);
        Assert.Contains("AAA 75", d.Explanation, StringComparison.Ordinal);
        Assert.Contains("re-query with alternate identity data", d.Explanation, StringComparison.Ordinal);
        Assert.Equal("Verify the member id.", d.SuggestedAction);
    }

    [Fact]
    public void Decide_IdentityMismatchWithoutAlternate_SaysNoRequeryWasMade()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Unknown, Aaa("72", RejectionKind.IdentityMismatch)), EligibilityAttemptKind.Primary, false);

        Assert.Equal(EligibilityVerdict.NeedsSpecialist, d.Verdict);
        Assert.Contains("no automatic re-query", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_OtherRejection_IsEligibilityRejected()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Unknown, Aaa("43", RejectionKind.Other, "2100B")), EligibilityAttemptKind.Primary, true);

        Assert.Equal(EligibilityVerdict.NeedsSpecialist, d.Verdict);
        Assert.Equal(WorkItemReason.EligibilityRejected, d.WorkItemReason);
        Assert.Contains("about the provider", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_TransientOnly_RetriesLater()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Unknown, Aaa("42", RejectionKind.Transient, "2100A")), EligibilityAttemptKind.Primary, true);

        Assert.Equal(EligibilityVerdict.RetryLater, d.Verdict);
    }

    [Fact]
    public void Decide_NoStatusNoRejection_NeedsSpecialist()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Unknown), EligibilityAttemptKind.Primary, true);

        Assert.Equal(EligibilityVerdict.NeedsSpecialist, d.Verdict);
        Assert.Equal(EligibilityDecisions.ReasonUnknown, d.ReasonCode);
    }

    [Fact]
    public void Decide_ActiveWithBenefitLevelRejection_IsStillVerified()
    {
        var d = EligibilityDecisions.Decide(Response(CoverageStatus.Active, Aaa("AG", RejectionKind.Other, "2110")), EligibilityAttemptKind.Primary, true);

        Assert.Equal(EligibilityVerdict.Verified, d.Verdict);
    }

    [Fact]
    public void PayerUnavailableException_IsTransientAndNamesCodesOnly()
    {
        var response = Response(CoverageStatus.Unknown, Aaa("42", RejectionKind.Transient, "2100A"));

        var e = new PayerUnavailableException(response);

        Assert.IsAssignableFrom<PatientAccess.Domain.Common.TransientDependencyException>(e);
        Assert.Contains("AAA 42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EligibilityRequest_ToString_PrintsNoPhi()
    {
        var request = new EligibilityRequest("SBXPPO", null, "1234567893", null,
            new EligibilityPerson(new PersonName("Zebediah", "Quixotic"), new DateOnly(1951, 3, 7), AdministrativeSex.Male, "777666555"),
            null, ["30"], new DateOnly(2026, 12, 1), "trace1");

        var text = request + " " + request.Subscriber;

        Assert.DoesNotContain("Zebediah", text, StringComparison.Ordinal);
        Assert.DoesNotContain("777666555", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1951", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BlobName_FollowsRegistrationTimestampAttempt()
    {
        var id = RegistrationId.New(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));

        var name = EligibilityAudit.BlobName(id, new DateTimeOffset(2026, 11, 28, 16, 30, 12, 123, TimeSpan.Zero), 2, "x12");

        Assert.Equal("0f8fad5bd9cb469fa16570867728950e/20261128T163012123Z-2.x12", name);
    }
}
