using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Tests;

/// <summary>
/// Example transactions in the shape of the 005010X279A1 guide's examples (subscriber 270, dependent 270, and the
/// 271 answering the subscriber with plan, copays and a primary care provider in 2120), typed in by hand.
/// </summary>
public class ImplementationGuideExampleTests
{
    internal const string Subscriber270 = """
        ST*270*1234*005010X279A1~
        BHT*0022*13*10001234*20060501*1319~
        HL*1**20*1~
        NM1*PR*2*ABC COMPANY*****PI*842610001~
        HL*2*1*21*1~
        NM1*1P*2*BONE AND JOINT CLINIC*****SV*2000035~
        HL*3*2*22*0~
        TRN*1*93175-012547*9877281234~
        NM1*IL*1*SMITH*ROBERT****MI*11122333301~
        DMG*D8*19430519~
        DTP*291*D8*20060501~
        EQ*30~
        SE*13*1234~
        """;

    internal const string Dependent270 = """
        ST*270*1235*005010X279A1~
        BHT*0022*13*10001235*20060501*1320~
        HL*1**20*1~
        NM1*PR*2*ABC COMPANY*****PI*842610001~
        HL*2*1*21*1~
        NM1*1P*1*JONES*MARCUS****SV*0202034~
        HL*3*2*22*1~
        NM1*IL*1******MI*11122333301~
        HL*4*3*23*0~
        TRN*1*93175-012547*9877281234~
        NM1*03*1*SMITH*MARY~
        DMG*D8*19781014~
        DTP*291*D8*20060501~
        EQ*30~
        SE*15*1235~
        """;

    internal const string Subscriber271 = """
        ST*271*4322*005010X279A1~
        BHT*0022*11*10001234*20060501*1319~
        HL*1**20*1~
        NM1*PR*2*ABC COMPANY*****PI*842610001~
        HL*2*1*21*1~
        NM1*1P*2*BONE AND JOINT CLINIC*****SV*2000035~
        HL*3*2*22*0~
        TRN*2*93175-012547*9877281234~
        NM1*IL*1*SMITH*JOHN****MI*123456789~
        N3*15197 BROADWAY AVENUE*APT 215~
        N4*KANSAS CITY*MO*64108~
        DMG*D8*19630519*M~
        DTP*346*D8*20060101~
        EB*1**30**GOLD 123 PLAN~
        EB*L~
        LS*2120~
        NM1*P3*1*JONES*MARCUS****SV*0202034~
        LE*2120~
        EB*1**1^33^35^47^86^88^98^AL^MH^UC~
        EB*B**1^33^35^47^86^88^98^AL^MH^UC*HM*GOLD 123 PLAN*27*10*****Y~
        EB*B**1^33^35^47^86^88^98^AL^MH^UC*HM*GOLD 123 PLAN*27*30*****N~
        SE*22*4322~
        """;

    internal const string Rejected271 = """
        ST*271*4323*005010X279A1~
        BHT*0022*11*10001235*20060501*1320~
        HL*1**20*1~
        NM1*PR*2*ABC COMPANY*****PI*842610001~
        HL*2*1*21*1~
        NM1*1P*2*BONE AND JOINT CLINIC*****SV*2000035~
        HL*3*2*22*0~
        TRN*2*93175-012548*9877281234~
        NM1*IL*1*SMITH*JOHN****MI*123456789~
        AAA*Y**75*C~
        DMG*D8*19630519~
        SE*12*4323~
        """;

    [Fact]
    public void Read_Subscriber270_YieldsInquiry()
    {
        var t = EligibilityReader.Read(TestX12.Wrap(Subscriber270, "HS"));
        var inquiry = EligibilityInquiry.FromTransaction(t);

        Assert.True(t.IsInquiry);
        Assert.Equal("ABC COMPANY", inquiry.PayerName);
        Assert.Equal("842610001", inquiry.PayerId);
        Assert.Equal("2000035", inquiry.ProviderNpi);
        Assert.Equal("11122333301", inquiry.Subscriber.MemberId);
        Assert.Equal(new DateOnly(1943, 5, 19), inquiry.Subscriber.DateOfBirth);
        Assert.Equal(new DateOnly(2006, 5, 1), inquiry.ServiceDate);
        Assert.Equal(["30"], inquiry.ServiceTypeCodes);
        Assert.Equal("93175-012547", inquiry.TraceNumber);
        Assert.Null(inquiry.Dependent);
    }

    [Fact]
    public void Read_Dependent270_PutsPatientUnderSubscriber()
    {
        var t = EligibilityReader.Read(TestX12.Wrap(Dependent270, "HS"));
        var inquiry = EligibilityInquiry.FromTransaction(t);

        Assert.Equal("11122333301", inquiry.Subscriber.MemberId);
        Assert.NotNull(inquiry.Dependent);
        Assert.Equal("MARY", inquiry.Dependent.FirstName);
        Assert.Equal(new DateOnly(1978, 10, 14), inquiry.Dependent.DateOfBirth);
        Assert.Equal("93175-012547", inquiry.TraceNumber);
        Assert.Equal("JONES", inquiry.ProviderName);
        Assert.Equal("MARCUS", inquiry.ProviderFirstName);
    }

    [Fact]
    public void Summarize_Subscriber271_GivesPlanCopaysAndPcp()
    {
        var summary = EligibilityInterpreter.Summarize(EligibilityReader.Read(TestX12.Wrap(Subscriber271)));
        var member = Assert.Single(summary.Members);

        Assert.Equal("ABC COMPANY", summary.PayerName);
        Assert.Equal(CoverageStatus.Active, member.Status);
        Assert.Equal("GOLD 123 PLAN", member.PlanName);
        Assert.Equal(new DateOnly(2006, 1, 1), member.CoverageStart);
        Assert.Null(member.CoverageEnd);
        Assert.Equal("MARCUS JONES", member.PrimaryCareProvider);
        Assert.Equal(["93175-012547"], member.TraceNumbers);
        var office = member.Service("98");
        Assert.NotNull(office);
        Assert.True(office.Covered);
        Assert.Equal(10m, office.Copay(NetworkScope.InNetwork)?.Amount);
        Assert.Equal(30m, office.Copay(NetworkScope.OutOfNetwork)?.Amount);
        Assert.Equal("Visit", office.Copays[0].TimePeriod);
        Assert.Equal(10, member.Services.Count(s => s.Copays.Count == 2));
        Assert.Empty(summary.Issues);
    }

    [Fact]
    public void Summarize_Rejected271_ClassifiesSubscriberNotFound()
    {
        var summary = EligibilityInterpreter.Summarize(EligibilityReader.Read(TestX12.Wrap(Rejected271)));
        var member = Assert.Single(summary.Members);
        var issue = Assert.Single(summary.Issues);

        Assert.Equal(CoverageStatus.Rejected, member.Status);
        Assert.Equal(AaaLocation.Subscriber, issue.Location);
        Assert.Equal("75", issue.ReasonCode);
        Assert.Equal("Subscriber/Insured Not Found", issue.Reason);
        Assert.Equal("Please Correct and Resubmit", issue.FollowUp);
        Assert.Equal(AaaClassification.IdentityMismatch, issue.Classification);
        Assert.Contains("member id", issue.Remediation, StringComparison.Ordinal);
        Assert.True(summary.IsIdentityMismatch);
        Assert.False(summary.IsTransientFailure);
    }

    [Fact]
    public void Write_Subscriber271Model_ReproducesGuideText()
    {
        var model = EligibilityReader.Read(TestX12.Wrap(Subscriber271));
        var writer = new Core.X12Writer();
        writer.BeginInterchange(new Core.X12InterchangeEnvelope
        {
            SenderId = "SUBMITTERID", ReceiverId = "RECEIVERID", Timestamp = new DateTimeOffset(2006, 5, 1, 13, 19, 0, TimeSpan.Zero),
            ControlNumber = "905", UsageIndicator = "T",
        });
        writer.BeginGroup(new Core.X12GroupEnvelope
        {
            FunctionalIdentifierCode = "HB", SenderCode = "SUBMITTERID", ReceiverCode = "RECEIVERID",
            Timestamp = new DateTimeOffset(2006, 5, 1, 13, 19, 0, TimeSpan.Zero), ControlNumber = "1", Version = "005010X279A1",
        });
        EligibilityWriter.WriteTransaction(writer, model);
        writer.EndGroup().EndInterchange();

        Assert.Equal(TestX12.Wrap(Subscriber271), writer.ToString());
    }
}
