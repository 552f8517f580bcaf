using System.IO.Pipelines;
using System.Text;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Tests;

public class ReaderTests
{
    private static readonly string Valid = TestX12.Wrap(ImplementationGuideExampleTests.Subscriber271);

    [Fact]
    public void Parse_FixedWidthIsa_TakesDelimitersFromPositions()
    {
        var doc = X12Reader.Parse(TestX12.Bytes(Valid));
        var header = doc.Interchanges[0].Header;

        Assert.Equal(X12Delimiters.Default, header.Delimiters);
        Assert.Equal("000000905", header.ControlNumber);
        Assert.Equal("SUBMITTERID", header.SenderId);
        Assert.Equal("T", header.UsageIndicator);
        var t = Assert.Single(doc.Transactions);
        Assert.Equal("271", t.TransactionSetId);
        Assert.Equal("005010X279A1", t.ImplementationReference);
        Assert.Equal(22, t.Segments.Count);
    }

    [Theory]
    [InlineData('|', '^', ':', '~', "\r\n")]
    [InlineData('*', '!', '>', '\n', "")]
    [InlineData('!', '^', ':', '~', "\n")]
    [InlineData('*', '\0', ':', '~', "")]
    public void Parse_OtherDelimitersAndLineBreaks_ReadsSameSegments(char element, char repetition, char component, char terminator, string newline)
    {
        var text = Translate(Valid, element, repetition, component, terminator, newline);
        var doc = X12Reader.Parse(TestX12.Bytes(text));
        var reference = X12Reader.Parse(TestX12.Bytes(Valid)).Transactions.Single();
        var t = doc.Transactions.Single();

        Assert.Equal(reference.Segments.Select(s => s.Id), t.Segments.Select(s => s.Id));
        Assert.Equal(reference.Segments[13].Elements, t.Segments[13].Elements.Select(e => e.Replace(component, ':')));
        if (repetition != '\0')
        {
            Assert.Equal(10, t.Segments[18].Repetitions(3).Length);
        }
    }

    [Fact]
    public void Parse_IsaWithoutPadding_FindsDelimitersAfterSixteenthElement()
    {
        var text = Valid.Replace(TestX12.Isa, "ISA*00**00**ZZ*SUB*ZZ*REC*060501*1319*^*00501*000000905*0*T*:~", StringComparison.Ordinal);
        var doc = X12Reader.Parse(TestX12.Bytes(text));

        Assert.Equal((byte)':', doc.Interchanges[0].Header.Delimiters.Component);
        Assert.Single(doc.Transactions);
    }

    [Fact]
    public void Parse_TwoInterchangesWithDifferentDelimiters_ReadsBoth()
    {
        var second = Translate(Valid, '|', '^', '>', '\n', "");
        var doc = X12Reader.Parse(TestX12.Bytes(Valid + "\r\n" + second));

        Assert.Equal(2, doc.Interchanges.Count);
        Assert.Equal((byte)'|', doc.Interchanges[1].Header.Delimiters.Element);
        Assert.Equal(2, doc.Transactions.Count());
    }

    [Theory]
    [InlineData("SE*22*4322~", "SE*21*4322~", "SE01 says 21 segments but the set has 22")]
    [InlineData("SE*22*4322~", "SE*22*4321~", "SE02 does not match ST02")]
    [InlineData("GE*1*1~", "GE*2*1~", "GE01 says 2 transaction sets but the group has 1")]
    [InlineData("GE*1*1~", "GE*1*7~", "GE02 does not match GS06")]
    [InlineData("IEA*1*000000905~", "IEA*1*000000906~", "IEA02 does not match ISA13")]
    [InlineData("IEA*1*000000905~", "IEA*3*000000905~", "IEA01 says 3 functional groups but the interchange has 1")]
    [InlineData("SE*22*4322~", "SE*X*4322~", "SE01 is not a number")]
    public void Parse_EnvelopeMismatchStrict_ThrowsWithReasonAndPosition(string find, string replace, string reason)
    {
        var bad = Valid.Replace(find, replace, StringComparison.Ordinal);

        var ex = Assert.Throws<X12ParseException>(() => X12Reader.Parse(TestX12.Bytes(bad), new X12ReaderOptions { StrictEnvelopes = true }));

        Assert.Equal(reason, ex.Reason);
        Assert.True(ex.SegmentIndex > 0);
        Assert.True(ex.ByteOffset > 0);
        Assert.Equal(bad[(int)ex.ByteOffset..].Split('~')[0].Split('*')[0], ex.SegmentId);
    }

    [Theory]
    [InlineData("SE*22*4322~", "SE*21*4322~", "SE01 says 21 segments but the set has 22")]
    [InlineData("SE*22*4322~", "SE*22*4321~", "SE02 does not match ST02")]
    [InlineData("GE*1*1~", "GE*2*1~", "GE01 says 2 transaction sets but the group has 1")]
    [InlineData("IEA*1*000000905~", "IEA*1*000000906~", "IEA02 does not match ISA13")]
    public void Parse_EnvelopeMismatch_ReportsItAndKeepsTheSet(string find, string replace, string reason)
    {
        var bad = Valid.Replace(find, replace, StringComparison.Ordinal);

        var doc = X12Reader.Parse(TestX12.Bytes(bad));
        using var streamed = new X12StreamReader(new MemoryStream(TestX12.Bytes(bad)));
        var streamedSets = streamed.ReadTransactions().ToList();

        var error = Assert.Single(doc.EnvelopeErrors);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(bad[(int)error.ByteOffset..].Split('~')[0].Split('*')[0], error.SegmentId);
        var set = Assert.Single(doc.Transactions);
        Assert.Equal(22, set.Segments.Count);
        Assert.Equal([error], set.EnvelopeErrors);
        Assert.Single(streamedSets);
        Assert.Equal([error], streamed.EnvelopeErrors);
        var model = EligibilityReader.Read(set);
        Assert.Equal([error], model.EnvelopeErrors);
        Assert.Equal("SMITH", model.Members.Single().Member!.LastOrOrganizationName);
    }

    [Theory]
    [InlineData("", "input holds no interchange")]
    [InlineData("GS*HB*A*B*20060501*1319*1*X*005010X279A1~", "input does not start with an ISA segment")]
    [InlineData("ISA*00*", "ISA segment has fewer than 16 elements")]
    public void Parse_NotX12_Throws(string text, string reason)
    {
        var ex = Assert.Throws<X12ParseException>(() => X12Reader.Parse(TestX12.Bytes(text)));
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void Parse_Truncated_SaysWhatIsMissing()
    {
        var cut = Valid[..Valid.IndexOf("SE*22", StringComparison.Ordinal)];

        var ex = Assert.Throws<X12ParseException>(() => X12Reader.Parse(TestX12.Bytes(cut)));

        Assert.Equal("input ended inside a transaction set (missing SE)", ex.Reason);
        Assert.Equal(24, ex.SegmentIndex);
    }

    [Fact]
    public void Parse_SegmentOutsideTransaction_Throws()
    {
        var bad = Valid.Replace("GE*1*1~", "EB*1~GE*1*1~", StringComparison.Ordinal);

        var ex = Assert.Throws<X12ParseException>(() => X12Reader.Parse(TestX12.Bytes(bad)));

        Assert.Equal("segment outside a transaction set", ex.Reason);
        Assert.Equal("EB", ex.SegmentId);
        Assert.Equal(25, ex.SegmentIndex);
    }

    [Fact]
    public void Parse_BadSegmentId_Throws()
    {
        var bad = Valid.Replace("EB*L~", "E-B*L~", StringComparison.Ordinal);

        var ex = Assert.Throws<X12ParseException>(() => X12Reader.Parse(TestX12.Bytes(bad)));

        Assert.Equal("segment identifier must be 2 or 3 letters or digits", ex.Reason);
    }

    [Fact]
    public void Parse_ValidationOff_AcceptsWrongCounts()
    {
        var bad = Valid.Replace("SE*22*4322~", "SE*2*4322~", StringComparison.Ordinal);

        var doc = X12Reader.Parse(TestX12.Bytes(bad), new X12ReaderOptions { ValidateEnvelopes = false });

        Assert.Single(doc.Transactions);
    }

    [Fact]
    public void Parse_LowercaseSegmentIds_AreUpperCased()
    {
        var lower = Valid.Replace("EB*", "eb*", StringComparison.Ordinal).Replace("NM1*", "nm1*", StringComparison.Ordinal);

        var t = X12Reader.Parse(TestX12.Bytes(lower)).Transactions.Single();

        Assert.Equal(5, t.Segments.Count(s => s.Id == "EB"));
        Assert.Equal(4, t.Segments.Count(s => s.Id == "NM1"));
    }

    [Fact]
    public void Parse_SegmentLongerThanLimit_Throws()
    {
        var bad = Valid.Replace("EB*L~", "EB*L*" + new string('X', 5000) + "~", StringComparison.Ordinal);

        var ex = Assert.Throws<X12ParseException>(() => X12Reader.Parse(TestX12.Bytes(bad), new X12ReaderOptions { MaxSegmentLength = 1000 }));

        Assert.Equal("segment longer than the allowed maximum", ex.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(105)]
    [InlineData(4096)]
    public void StreamReader_AnyChunking_YieldsSameSegmentsAsSpanParse(int chunk)
    {
        var bytes = TestX12.Bytes(Valid + "\n" + Translate(Valid, '|', '^', '>', '\n', "") + "\r\n");
        var expected = X12Reader.Parse(bytes).Transactions.SelectMany(t => t.Segments).Select(s => (s.Index, s.Offset, s.ToString())).ToList();

        using var reader = new X12StreamReader(new TestX12.TricklingStream(bytes, chunk));
        var actual = reader.ReadTransactions().SelectMany(t => t.Segments).Select(s => (s.Index, s.Offset, s.ToString())).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void StreamReader_TruncatedInput_ThrowsParseException()
    {
        var bytes = TestX12.Bytes(Valid[..^20]);
        using var reader = new X12StreamReader(new TestX12.TricklingStream(bytes, 13));

        Assert.Throws<X12ParseException>(() => reader.ReadTransactions().ToList());
    }

    [Fact]
    public async Task StreamReader_FromPipeAndTextReader_ReadsTransactions()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(TestX12.Bytes(Valid));
        await pipe.Writer.CompleteAsync();
        await using var fromPipe = X12StreamReader.Create(pipe.Reader);
        var count = 0;
        await foreach (var t in fromPipe.ReadTransactionsAsync())
        {
            Assert.Equal("271", t.TransactionSetId);
            count++;
        }

        using var fromText = X12StreamReader.Create(new StringReader(Valid));

        Assert.Equal(1, count);
        Assert.Single(fromText.ReadTransactions());
    }

    [Fact]
    public async Task ParseAsync_Stream_EqualsSpanParse()
    {
        await using var stream = new MemoryStream(TestX12.Bytes(Valid));

        var doc = await X12Reader.ParseAsync(stream);

        Assert.Equal(22, doc.Transactions.Single().Segments.Count);
    }

    [Fact]
    public void Tokenizer_RawSegments_ExposeElementsWithoutAllocatingStrings()
    {
        var tokenizer = new X12SegmentTokenizer(TestX12.Bytes(Valid));
        var ebs = 0;
        while (tokenizer.TryRead(out var segment))
        {
            if (segment.IdEquals("EB"u8))
            {
                ebs++;
                if (ebs == 4)
                {
                    Assert.Equal("B", Encoding.ASCII.GetString(segment.GetElement(1)));
                    Assert.Equal("10", segment.GetElementString(7));
                    Assert.True(segment.GetElement(20).IsEmpty);
                }
            }
        }

        Assert.Equal(5, ebs);
    }

    internal static string Translate(string x12, char element, char repetition, char component, char terminator, string newline)
    {
        var sb = new StringBuilder(x12.Length);
        for (var i = 0; i < x12.Length; i++)
        {
            var c = x12[i];
            sb.Append(c switch
            {
                '*' => element,
                '^' when i == 82 => repetition == '\0' ? 'U' : repetition,
                '^' => repetition == '\0' ? '^' : repetition,
                ':' => component,
                _ => c,
            });
            if (c == '~')
            {
                sb.Length--;
                sb.Append(terminator).Append(newline);
            }
        }

        return sb.ToString();
    }
}
