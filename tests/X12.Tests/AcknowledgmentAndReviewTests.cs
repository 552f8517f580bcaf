using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.X12.Tests;

public class AcknowledgmentAndReviewTests
{
    internal const string PartialAccept999 = """
        ST*999*0001*005010X231A1~
        AK1*HS*1*005010X279A1~
        AK2*270*1234*005010X279A1~
        IK3*NM1*9*2100C*8~
        CTX*SITUATIONAL TRIGGER~
        IK4*9*67*7*BADID~
        IK5*R*5~
        AK2*270*1235*005010X279A1~
        IK5*A~
        AK9*P*2*2*1~
        SE*11*0001~
        """;

    internal const string Response278 = """
        ST*278*0001*005010X217~
        BHT*0007*11*REF123*20260301*0930*18~
        HL*1**20*1~
        NM1*X3*2*ACME UM*****PI*60054~
        HL*2*1*21*1~
        NM1*1P*2*GENERAL HOSPITAL*****XX*1234567893~
        HL*3*2*22*1~
        NM1*IL*1*DOE*JANE****MI*M100~
        HL*4*3*EV*1~
        TRN*2*TRACE1*9877281234~
        UM*HS*I*2*11:B~
        HCR*A1*AUTH12345~
        DTP*472*D8*20260315~
        HI*ABK:M5416~
        HL*5*4*SS*0~
        UM*HS*I*62~
        HCR*A4**0V~
        SE*18*0001~
        """;

    [Fact]
    public void Read_999_GivesPerSetResultsAndErrors()
    {
        var ack = Acknowledgment999.Read(TestX12.Single(TestX12.Wrap(PartialAccept999, "FA", "005010X231A1")));

        Assert.Equal("HS", ack.FunctionalIdentifierCode);
        Assert.Equal("1", ack.GroupControlNumber);
        Assert.Equal(2, ack.TransactionSets.Count);
        var rejected = ack.TransactionSets[0];
        Assert.False(rejected.Accepted);
        Assert.Equal("1234", rejected.ControlNumber);
        Assert.Equal(["5"], rejected.ErrorCodes);
        var error = Assert.Single(rejected.SegmentErrors);
        Assert.Equal("NM1", error.SegmentId);
        Assert.Equal(9, error.Position);
        Assert.Equal("2100C", error.LoopId);
        Assert.Equal(["SITUATIONAL TRIGGER"], error.Contexts);
        var element = Assert.Single(error.Elements);
        Assert.Equal("7", element.ErrorCode);
        Assert.True(ack.TransactionSets[1].Accepted);
        Assert.Equal("P", ack.GroupAcknowledgmentCode);
        Assert.False(ack.GroupAccepted);
        Assert.Equal(1, ack.TransactionSetsAccepted);
    }

    [Fact]
    public void Read_278Response_GivesLevelsAndDecisions()
    {
        var review = ServiceReview278.Read(TestX12.Single(TestX12.Wrap(Response278, "HI", "005010X217")));

        Assert.Equal(["20", "21", "22", "EV", "SS"], review.Levels.Select(l => l.LevelCode));
        Assert.Equal("X3", review.Levels[0].Parties[0].EntityIdentifierCode);
        var ev = review.Levels[3];
        Assert.Equal(ReviewDecision.Certified, ev.Decision);
        Assert.Equal("AUTH12345", ev.CertificationNumber);
        Assert.Equal("HS", ev.RequestCategoryCode);
        Assert.Equal("11", ev.FacilityType);
        Assert.Equal(["M5416"], ev.DiagnosisCodes);
        Assert.Equal(new DateOnly(2026, 3, 15), ev.Dates[0].Start);
        var service = review.Levels[4];
        Assert.Equal("4", service.ParentId);
        Assert.Equal(ReviewDecision.Pended, service.Decision);
        Assert.Equal("0V", service.DecisionReasonCode);
        Assert.Equal(2, review.Decisions.Count());
    }

    [Theory]
    [InlineData("A1", ReviewDecision.Certified)]
    [InlineData("A2", ReviewDecision.CertifiedPartial)]
    [InlineData("A3", ReviewDecision.NotCertified)]
    [InlineData("A4", ReviewDecision.Pended)]
    [InlineData("A6", ReviewDecision.Modified)]
    [InlineData("C", ReviewDecision.Cancelled)]
    [InlineData("CT", ReviewDecision.ContactPayer)]
    [InlineData("NA", ReviewDecision.NoActionRequired)]
    [InlineData("ZZ", ReviewDecision.Unknown)]
    [InlineData(null, ReviewDecision.Unknown)]
    public void DecisionOf_Hcr01_MapsCode(string? code, ReviewDecision decision)
    {
        Assert.Equal(decision, ServiceReview278.DecisionOf(code));
    }

    [Fact]
    public void Read_WrongTransactionType_ThrowsParseException()
    {
        var t = TestX12.Single(TestX12.Wrap(ImplementationGuideExampleTests.Subscriber271));

        Assert.Throws<X12ParseException>(() => Acknowledgment999.Read(t));
        Assert.Throws<X12ParseException>(() => ServiceReview278.Read(t));
    }
}
