using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Tests;

public class EligibilityWriterTests
{
    private static readonly EligibilityInquiry Inquiry = new()
    {
        PayerName = "ABC COMPANY",
        PayerId = "842610001",
        ProviderName = "BONE AND JOINT CLINIC",
        ProviderNpi = "1234567893",
        Subscriber = new InquiryPerson { LastName = "SMITH", FirstName = "ROBERT", MemberId = "11122333301", DateOfBirth = new DateOnly(1943, 5, 19) },
        ServiceTypeCodes = ["30", "98"],
        ServiceDate = new DateOnly(2006, 5, 1),
        TraceNumber = "93175-012547",
        TraceOriginator = "9877281234",
        ReferenceId = "10001234",
        CreatedAt = new DateTimeOffset(2006, 5, 1, 13, 19, 0, TimeSpan.Zero),
        ControlNumber = "1234",
    };

    [Fact]
    public void WriteInterchange_SubscriberInquiry_WritesGuideShape()
    {
        var text = EligibilityWriter.WriteInterchange(Inquiry.ToTransaction(), Envelope(), "1");

        const string Body = "ST*270*1234*005010X279A1~BHT*0022*13*10001234*20060501*1319~HL*1**20*1~NM1*PR*2*ABC COMPANY*****PI*842610001~"
            + "HL*2*1*21*1~NM1*1P*2*BONE AND JOINT CLINIC*****XX*1234567893~HL*3*2*22*0~TRN*1*93175-012547*9877281234~"
            + "NM1*IL*1*SMITH*ROBERT****MI*11122333301~DMG*D8*19430519~DTP*291*D8*20060501~EQ*30^98~SE*13*1234~";
        Assert.Equal(TestX12.Wrap(Body, "HS"), text);
    }

    [Fact]
    public void WriteInterchange_DependentInquiry_PutsTraceAndEqOnDependent()
    {
        var inquiry = Inquiry with { Dependent = new InquiryPerson { LastName = "SMITH", FirstName = "MARY", DateOfBirth = new DateOnly(1978, 10, 14), RelationshipCode = "19" } };

        var model = EligibilityReader.Read(EligibilityWriter.WriteInterchange(inquiry.ToTransaction(), Envelope(), "1"));
        var subscriber = model.Sources[0].Receivers[0].Subscribers[0];
        var dependent = Assert.Single(subscriber.Dependents);

        Assert.Empty(subscriber.Traces);
        Assert.Empty(subscriber.Inquiries);
        Assert.Equal("93175-012547", dependent.Traces[0].ReferenceId);
        Assert.Equal(["30", "98"], dependent.Inquiries[0].ServiceTypeCodes);
        Assert.Equal("N", dependent.Member!.Relationship!.SubscriberIndicator);
        Assert.Equal("19", dependent.Member.Relationship.RelationshipCode);
    }

    [Fact]
    public void WriteInterchange_CallerDelimiters_AreUsedAndReadBack()
    {
        var delimiters = X12Delimiters.From('|', '^', '>', '\n');

        var text = EligibilityWriter.WriteInterchange(Inquiry.ToTransaction(), Envelope(), "1", delimiters, "\r\n");
        var doc = X12Reader.Parse(TestX12.Bytes(text));

        Assert.Equal(delimiters, doc.Interchanges[0].Header.Delimiters);
        Assert.Equal(106, text.IndexOf('\n', StringComparison.Ordinal) + 1);
        Assert.Equal(Inquiry, EligibilityInquiry.FromTransaction(EligibilityReader.Read(doc.Transactions.Single())) with { ServiceTypeCodes = Inquiry.ServiceTypeCodes });
    }

    [Fact]
    public void WriteInterchange_ValueWithDelimiter_IsRefusedWithoutEchoingIt()
    {
        var inquiry = Inquiry with { Subscriber = Inquiry.Subscriber with { LastName = "SMITH*JONES" } };

        var ex = Assert.Throws<ArgumentException>(() => EligibilityWriter.WriteInterchange(inquiry.ToTransaction(), Envelope(), "1"));

        Assert.Contains("NM103", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("JONES", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write271_BatchOfSets_CountsAndControlNumbersCheckOut()
    {
        var response = EligibilityReader.Read(TestX12.Wrap(ImplementationGuideExampleTests.Subscriber271));
        var writer = new X12Writer(afterSegment: "\n");
        writer.BeginInterchange(Envelope());
        for (var g = 1; g <= 2; g++)
        {
            writer.BeginGroup(new X12GroupEnvelope { FunctionalIdentifierCode = "HB", SenderCode = "S", ReceiverCode = "R", Timestamp = Envelope().Timestamp, ControlNumber = g.ToString(System.Globalization.CultureInfo.InvariantCulture), Version = "005010X279A1" });
            for (var t = 0; t < 3; t++)
            {
                EligibilityWriter.WriteTransaction(writer, response with { ControlNumber = $"{g}{t:000}" });
            }

            writer.EndGroup();
        }

        writer.EndInterchange();
        var doc = X12Reader.Parse(writer.ToUtf8Bytes());

        Assert.Equal(2, doc.Interchanges[0].Groups.Count);
        Assert.Equal(6, doc.Transactions.Count());
        Assert.All(doc.Transactions, t => Assert.Equal(PropertyTests.Json(response with { ControlNumber = t.ControlNumber }), PropertyTests.Json(EligibilityReader.Read(t))));
    }

    [Fact]
    public void Delimiters_Clashing_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => X12Delimiters.From('*', '^', '*', '~'));
        Assert.Throws<ArgumentException>(() => X12Delimiters.From('A', '^', ':', '~'));
    }

    private static X12InterchangeEnvelope Envelope() => new()
    {
        SenderId = "SUBMITTERID", ReceiverId = "RECEIVERID", Timestamp = new DateTimeOffset(2006, 5, 1, 13, 19, 0, TimeSpan.Zero),
        ControlNumber = "905", UsageIndicator = "T",
    };
}
