using System.Text;
using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Tests;

/// <summary>
/// What files written by other projects do that ours never do (issue 10, "X12 read from files written by other
/// projects"): each case typed in small, next to the corpus test that reads the real file.
/// </summary>
public class ForeignFileTests
{
    private static readonly string Valid = TestX12.Wrap(ImplementationGuideExampleTests.Subscriber271);

    [Fact]
    public void Read_RepetitionSeparatorEqualsComponentSeparator_SplitsByElementDefinitionAndWarns()
    {
        // ISA11 and ISA16 both '^', as in the X279 guide's examples: EB03 repeats, EB13 is a composite.
        var isa = TestX12.Isa.Replace("*T*:~", "*T*^~", StringComparison.Ordinal);
        var body = ImplementationGuideExampleTests.Subscriber271
            .Replace("EB*B**1^33^35^47^86^88^98^AL^MH^UC*HM*GOLD 123 PLAN*27*30*****N~", "EB*B**1^33^35^47^86^88^98^AL^MH^UC*HM*GOLD 123 PLAN*27*30*****N*HC^99213^25~", StringComparison.Ordinal);
        var x12 = TestX12.Wrap(body).Replace(TestX12.Isa, isa, StringComparison.Ordinal);

        var t = TestX12.Single(x12);
        var model = EligibilityReader.Read(t);

        Assert.True(t.Delimiters.RepetitionSharesComponent);
        var benefits = model.Members.Single().Benefits;
        Assert.Equal(["1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"], benefits[2].ServiceTypeCodes);
        Assert.Equal(new ProcedureCode("HC", "99213", ["25"]), benefits[4].ProcedureCode);
        Assert.Contains(model.Warnings, w => w.Contains("ISA11", StringComparison.Ordinal) && w.Contains("EB03", StringComparison.Ordinal));
        var summary = EligibilityInterpreter.Summarize(model);
        Assert.Equal(10.00m, summary.Members[0].Service("98")!.Copay(NetworkScope.InNetwork)!.Amount);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Read_LineBreakTerminatorWithoutFinalLineBreak_Parses(string terminator)
    {
        var text = ReaderTests.Translate(Valid, '*', '^', ':', terminator[0], "");
        Assert.EndsWith(terminator, text, StringComparison.Ordinal);
        var bytes = TestX12.Bytes(text[..^1]);

        var doc = X12Reader.Parse(bytes);
        using var streamed = new X12StreamReader(new TestX12.TricklingStream(bytes, 1));

        Assert.Equal(22, doc.Transactions.Single().Segments.Count);
        Assert.Equal("000000905", doc.Interchanges[0].Trailer[2]);
        Assert.Single(streamed.ReadTransactions());
        Assert.Empty(doc.EnvelopeErrors);
    }

    [Fact]
    public void Read_TildeTerminatorMissingAtTheEnd_StillSaysTruncated()
    {
        var bytes = TestX12.Bytes(Valid[..^1]);

        var ex = Assert.Throws<X12ParseException>(() => X12Reader.Parse(bytes));

        Assert.Equal("last segment has no segment terminator (truncated input?)", ex.Reason);
    }

    [Fact]
    public void Read_PayerAaaInSetWithWrongCountAndControlNumber_KeepsTheAnswerAndReportsTheEnvelope()
    {
        var body = ImplementationGuideExampleTests.Rejected271.Replace("SE*12*4323~", "SE*9*4399~", StringComparison.Ordinal);
        var x12 = TestX12.Wrap(body);

        var model = EligibilityReader.Read(x12);
        var summary = EligibilityInterpreter.Summarize(model);

        Assert.Equal(["SE01 says 9 segments but the set has 12", "SE02 does not match ST02"], model.EnvelopeErrors.Select(e => e.Reason));
        Assert.All(model.EnvelopeErrors, e => Assert.Equal("SE", e.SegmentId));
        var issue = Assert.Single(summary.Issues);
        Assert.Equal("75", issue.ReasonCode);
        Assert.Equal(AaaClassification.IdentityMismatch, issue.Classification);
        Assert.Equal(model.EnvelopeErrors, summary.EnvelopeErrors);
    }

    [Fact]
    public void Read_InterchangeAcknowledgment_IsTypedInTheTreeAndTheStream()
    {
        const string Ta1 = "ISA*00*          *00*          *ZZ*RECEIVERID     *ZZ*SUBMITTERID    *260301*1200*^*00501*000000077*0*P*:~TA1*000000905*260301*1159*R*024~IEA*0*000000077~";

        var doc = X12Reader.Parse(TestX12.Bytes(Ta1));
        using var streamed = new X12StreamReader(new MemoryStream(TestX12.Bytes(Ta1)));
        var sets = streamed.ReadTransactions().ToList();

        var ta1 = Assert.Single(doc.TechnicalAcknowledgments);
        Assert.Equal("000000905", ta1.ControlNumber);
        Assert.False(ta1.Accepted);
        Assert.Equal("rejected", ta1.Status);
        Assert.Equal("024", ta1.NoteCode);
        Assert.Equal("Invalid interchange content (e.g. invalid GS segment)", ta1.Note);
        Assert.Equal(ta1, Assert.Single(doc.Interchanges[0].TechnicalAcknowledgments));
        Assert.Empty(sets);
        Assert.Equal(ta1, Assert.Single(streamed.TechnicalAcknowledgments));
    }

    [Fact]
    public void Read_Version4010_WarnsThatItIsNot5010()
    {
        var x12 = TestX12.Wrap(ImplementationGuideExampleTests.Subscriber271.Replace("ST*271*4322*005010X279A1~", "ST*271*4322~", StringComparison.Ordinal), version: "004010X092A1")
            .Replace("*00501*", "*00401*", StringComparison.Ordinal);

        var t = TestX12.Single(x12);
        var model = EligibilityReader.Read(t);

        Assert.True(t.IsVersion4010);
        Assert.Contains(model.Warnings, w => w.StartsWith("version 004010X092A1 is 4010, not 5010", StringComparison.Ordinal));
        Assert.Empty(EligibilityReader.Read(TestX12.Single(Valid)).Warnings);
    }

    [Theory]
    [InlineData("NM1*IL*1*SMITH*ROBERT****MI*11122333301~", "NM1*IL*X*SMITH*ROBERT****MI*11122333301~", "NM102 at segment 11 is not 1 (person) or 2 (non-person entity)")]
    [InlineData("NM1*IL*1*SMITH*ROBERT****MI*11122333301~", "NM1*IL*2*SMITH*ROBERT****MI*11122333301~", "NM102 at segment 11 is 2 (non-person) but a subscriber or dependent must be 1 (person)")]
    [InlineData("NM1*PR*2*ABC COMPANY*****PI*842610001~", "NM1*PR**ABC COMPANY*****PI*842610001~", "NM102 (entity type) at segment 6 is missing")]
    public void Read_270WithInvalidNm102_Flagged(string find, string replace, string warning)
    {
        var x12 = TestX12.Wrap(ImplementationGuideExampleTests.Subscriber270.Replace(find, replace, StringComparison.Ordinal), gs01: "HS");

        var model = EligibilityReader.Read(x12);

        Assert.Equal([warning], model.Warnings);
        Assert.Empty(EligibilityReader.Read(TestX12.Wrap(ImplementationGuideExampleTests.Subscriber270, gs01: "HS")).Warnings);
    }

    [Fact]
    public void Read999_Ctx_KeepsEveryElement()
    {
        const string Body = "ST*999*0001*005010X231A1~AK1*HC*17456*005010X223A2~AK2*837*0003~IK3*REF*57**3~CTX*SITUATIONAL TRIGGER*CLM*43**5:3:1*C023:1325~CTX*CLM01:987654321~IK4*2*127*7*XX~CTX*CLM01:555~IK5*R*5~AK9*R*1*1*0~SE*11*0001~";

        var ack = Acknowledgment999.Read(TestX12.Single(TestX12.Wrap(Body, gs01: "FA", version: "005010X231A1")));

        var error = ack.TransactionSets.Single().SegmentErrors.Single();
        Assert.Equal(["SITUATIONAL TRIGGER", "CLM01:987654321", "CLM01:555"], error.Contexts);
        Assert.Equal(2, error.ContextDetails.Count);
        var trigger = error.ContextDetails[0];
        Assert.Equal(("SITUATIONAL TRIGGER", null, "CLM", 43, null), (trigger.Name, trigger.Reference, trigger.SegmentId, trigger.SegmentPosition, trigger.LoopId));
        Assert.Equal((5, 3, 1), (trigger.ElementPosition, trigger.ComponentPosition, trigger.RepetitionPosition));
        Assert.Equal(["C023", "1325"], trigger.DataElementReferences);
        Assert.Equal(("CLM01", "987654321"), (error.ContextDetails[1].Name, error.ContextDetails[1].Reference));
        var element = Assert.Single(error.Elements);
        Assert.Equal(("2", "127", "7", "XX"), (element.Position, element.DataElementReference, element.ErrorCode, element.BadData));
        Assert.Equal("555", Assert.Single(element.Contexts).Reference);
    }

    [Fact]
    public void StreamReader_EnvelopeErrorsOfLaterTrailers_AreListedInInputOrder()
    {
        var bad = Valid.Replace("SE*22*4322~", "SE*21*4322~", StringComparison.Ordinal).Replace("IEA*1*000000905~", "IEA*2*000000905~", StringComparison.Ordinal);
        using var reader = new X12StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(bad)));

        var set = reader.ReadTransactions().Single();

        Assert.Equal(["SE01 says 21 segments but the set has 22"], set.EnvelopeErrors.Select(e => e.Reason));
        Assert.Equal(["SE01 says 21 segments but the set has 22", "IEA01 says 2 functional groups but the interchange has 1"], reader.EnvelopeErrors.Select(e => e.Reason));
    }
}

public class LsLeTests
{
    [Theory]
    [InlineData("EB*L~LS*2120~NM1*P3*1*JONES*MARCUS****XX*1234567893~PRV*PE*PXC*207Q00000X~LE*2120~")]
    [InlineData("EB*L~MSG*PCP~LS*2120~NM1*P3*1*JONES*MARCUS~N3*1 MAIN~N4*KC*MO*64108~PER*IC**TE*8005551212~LE*2120~")]
    [InlineData("EB*L~LS*2120~NM1*P3*1*JONES*MARCUS~NM1*PRP*2*ORG~LE*2120~")]
    [InlineData("EB*L~ls*2120~nm1*P3*1*JONES*MARCUS~le*2120~")]
    [InlineData("EB*R**30*HM~REF*18*PLAN~DTP*290*D8*20070701~LS*2120~NM1*PRP*2*ORGNAME~N3*A~N4*C*SC*1~PER*IC**TE*1~LE*2120~EB*1**30~")]
    [InlineData("EB*L~LS*2120~LE*2120~")]
    [InlineData("EB*L~LS*2120~NM1*P3*1*JONES~REF*0B*123~DTP*472*D8*20260101~LE*2120~")]
    [InlineData("EB*L~LS*2120~NM1*P3*1*JONES~AAA*N**41*C~LE*2120~")]
    [InlineData("EB*X**42*MA**26~DTP*193*D8*20070705~MSG*HHEH~LS*2120~NM1*PR*2*ORGNAME*****PI*CONTRACT~PRV*HH*9K*NPI~LE*2120~")]
    public void Read_LsClosedByLe_NoWarning(string benefits)
    {
        var body = "ST*271*1*005010X279A1~BHT*0022*11*R*20260301*0930~HL*1**20*1~NM1*PR*2*P*****PI*1~HL*2*1*21*1~NM1*1P*2*H*****XX*1234567893~HL*3*2*22*0~NM1*IL*1*DOE*JANE****MI*M1~" + benefits;
        var count = body.Count(c => c == '~') + 1;
        var model = EligibilityReader.Read(TestX12.Wrap(body + $"SE*{count}*1~"));

        Assert.DoesNotContain(model.Warnings, w => w.Contains("LS", StringComparison.Ordinal));
        Assert.Empty(model.Warnings);
    }
}
