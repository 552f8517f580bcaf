using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Tests;

public class AaaCodesTests
{
    [Theory]
    [InlineData("42", AaaClassification.Transient)]
    [InlineData("79", AaaClassification.Transient)]
    [InlineData("80", AaaClassification.Transient)]
    [InlineData("72", AaaClassification.IdentityMismatch)]
    [InlineData("73", AaaClassification.IdentityMismatch)]
    [InlineData("75", AaaClassification.IdentityMismatch)]
    [InlineData("65", AaaClassification.IdentityMismatch)]
    [InlineData("67", AaaClassification.IdentityMismatch)]
    [InlineData("71", AaaClassification.DemographicsMismatch)]
    [InlineData("43", AaaClassification.ProviderData)]
    [InlineData("57", AaaClassification.ServiceDate)]
    [InlineData("15", AaaClassification.RequestData)]
    [InlineData("41", AaaClassification.AccessRestricted)]
    [InlineData("78", AaaClassification.CoverageScope)]
    [InlineData("Q1", AaaClassification.Unknown)]
    public void Classify_ReasonCode_GivesWorkflowClass(string code, AaaClassification expected)
    {
        Assert.Equal(expected, AaaCodes.Classify(code));
    }

    [Fact]
    public void Tables_CoverEveryCodeNamedInDesign()
    {
        string[] design = ["15", "41", "42", "43", "45", "47", "48", "49", "51", "52", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "67", "68", "71", "72", "73", "74", "75", "76", "77", "78", "79", "80"];
        Assert.All(design, c => Assert.Contains(c, AaaCodes.KnownReasonCodes));
        Assert.Equal(["C", "N", "P", "R", "S", "W", "X", "Y"], AaaCodes.KnownFollowUpCodes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Remediation_CombinesReasonAndFollowUp()
    {
        var text = AaaCodes.Remediation("72", "W");

        Assert.StartsWith("Verify the member id", text, StringComparison.Ordinal);
        Assert.EndsWith("Wait 30 days before asking again; verify coverage with the payer meanwhile.", text, StringComparison.Ordinal);
        Assert.Equal("Please Wait 10 Days and Resubmit", AaaCodes.DescribeFollowUp("x"));
        Assert.Equal("Unknown reject reason", AaaCodes.DescribeReason("Q1"));
    }
}
