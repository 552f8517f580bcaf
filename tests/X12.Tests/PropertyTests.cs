using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.X12.Tests;

public class PropertyTests
{
    private static readonly byte[] ValidBytes = TestX12.Bytes(TestX12.Wrap(ImplementationGuideExampleTests.Subscriber271));

    private static readonly (char Element, char Repetition, char Component, char Segment)[] DelimiterSets =
        [('*', '^', ':', '~'), ('|', '^', ':', '~'), ('!', '^', '>', '~'), ('*', '!', '>', '\n'), ('|', '`', '\\', '\'')];

    [Fact]
    public void QuantityValue_RandomNumbers_ReadAsDecimalTryParseWithTheSameScale()
    {
        // The reader parses amounts (EB07, EB08, EB10, AMT02, HSD02) digit by digit; decimal.TryParse with a leading
        // sign and a decimal point is the reference, scale included (20.50 stays 20.50), for numbers up to and past
        // the 18 digits of the fast path and for text that is not a number.
        var digits = Gen.Char["0123456789"].Array[0, 24].Select(c => new string(c));
        var number = Gen.Select(Gen.OneOf(Gen.Const(""), Gen.Const("-"), Gen.Const("+")), digits, Gen.OneOf(Gen.Const(""), Gen.Const(".")), digits)
            .Select(p => p.Item1 + p.Item2 + p.Item3 + p.Item4);
        var text = Gen.OneOf(number, Gen.String[Gen.Char["0123456789.-+ e,"], 0, 12]);
        text.Sample(t =>
        {
            decimal? expected = decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
            var actual = new ServiceDelivery(null, t).QuantityValue;
            Assert.Equal(expected, actual);
            Assert.Equal(expected?.ToString(CultureInfo.InvariantCulture), actual?.ToString(CultureInfo.InvariantCulture));
        }, iter: 5000);
    }

    [Fact]
    public void ToSegment_RandomElements_DecodeLikeUtf8Split()
    {
        // Values of every length around the 8-byte fast path, ASCII and non-ASCII, any case of identifier.
        var element = Gen.OneOf(
            Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 .-:^"].Array[0, 12].Select(c => new string(c)),
            Gen.String[Gen.Char.AlphaNumeric, 0, 20],
            Gen.Const("ÉTÉ"), Gen.Const("Ñu"), Gen.Const("Müller-Lüdenscheid"));
        var id = Gen.OneOf(Gen.Const("EB"), Gen.Const("nm1"), Gen.Const("Ref"), Gen.Const("ZZ"), Gen.Const("X9Q"), Gen.Const("hsd"));
        Gen.Select(id, element.Array[0, 30]).Sample((segmentId, elements) =>
        {
            var text = segmentId + string.Concat(elements.Select(e => "*" + e));
            var bytes = Encoding.UTF8.GetBytes(text + "~");
            var tokenizer = new X12SegmentTokenizer(TestX12.Bytes(TestX12.Isa).Concat(bytes).ToArray());
            Assert.True(tokenizer.TryRead(out _));
            Assert.True(tokenizer.TryRead(out var raw));
            var segment = raw.ToSegment();
            Assert.Equal(segmentId.ToUpperInvariant(), segment.Id);
            Assert.Equal(elements.Length == 0 ? [] : elements, segment.Elements);
        }, iter: 2000);
    }

    [Fact]
    public void ToSegment_AnyElementSeparatorAndLongValues_SplitsLikeTheBytes()
    {
        // Element separators other than '*' (a control byte, a byte over 0x7F that makes the segment non-ASCII) and
        // values long enough to cross the 16-byte blocks the splitter reads and the 8-byte steps of ASCII widening.
        byte[] separators = [(byte)'*', (byte)'|', (byte)'!', 0x1D, 0xA7];
        var ascii = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 .-:^"].Array[0, 40].Select(c => new string(c));
        var mixed = Gen.OneOf(ascii, Gen.Const("ÉTÉ"), Gen.Const("Müller-Lüdenscheid und Söhne GmbH"), Gen.Const("Ñu"));
        Gen.Select(Gen.Int[0, separators.Length - 1], Gen.Bool, Gen.Int[0, 30]).SelectMany((s, useMixed, count) =>
            (separators[s] < 0x80 && useMixed ? mixed : ascii).Array[count].Select(elements => (separators[s], elements)))
            .Sample((separator, elements) =>
            {
                var bytes = new List<byte>(TestX12.Bytes(TestX12.Isa).Select(b => b == (byte)'*' ? separator : b));
                bytes.AddRange("EB"u8.ToArray());
                foreach (var e in elements)
                {
                    bytes.Add(separator);
                    bytes.AddRange(Encoding.UTF8.GetBytes(e));
                }

                bytes.Add((byte)'~');
                var tokenizer = new X12SegmentTokenizer(bytes.ToArray());
                Assert.True(tokenizer.TryRead(out _));
                Assert.True(tokenizer.TryRead(out var raw));
                var segment = raw.ToSegment();
                Assert.Equal("EB", segment.Id);
                Assert.Equal(elements, segment.Elements);
            }, iter: 2000);
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsOnlyParseException()
    {
        Gen.Byte.Array[0, 400].Sample(ReadEverything, iter: 3000);
    }

    [Fact]
    public void Parse_ValidIsaThenRandomBytes_ThrowsOnlyParseException()
    {
        Gen.Byte["*~:^|\nAEHIGNSTL0123456789"u8.ToArray().Min(), (byte)'~'].Array[0, 300]
            .Select(tail => TestX12.Bytes(TestX12.Isa).Concat(tail).ToArray())
            .Sample(ReadEverything, iter: 2000);
    }

    [Fact]
    public void Parse_MutatedValidFile_ThrowsOnlyParseException()
    {
        Gen.Select(Gen.Int[0, ValidBytes.Length - 1], Gen.Byte, Gen.Int[0, 2])
            .Select((pos, b, kind) =>
            {
                var list = ValidBytes.ToList();
                switch (kind)
                {
                    case 0: list[pos] = b; break;
                    case 1: list.Insert(pos, b); break;
                    default: list.RemoveAt(pos); break;
                }

                return list.ToArray();
            })
            .Sample(ReadEverything, iter: 3000);
    }

    [Fact]
    public void ReadTransactions_RandomSegmentStreams_ThrowOnlyParseException()
    {
        var element = Generators.Pick("", "1", "2", "3", "20", "21", "22", "23", "Y", "N", "IND", "30^98", "A", "B", "C", "29", "12.5", "x1", "RD8", "20260101-20261231", "HC:99213", "2120", "AB:");
        var segment =
            from id in Generators.Pick("HL", "NM1", "EB", "EQ", "LS", "LE", "AAA", "DTP", "REF", "TRN", "III", "MSG", "HSD", "N3", "N4", "PER", "PRV", "DMG", "INS", "NTE", "BHT", "AMT", "UM", "HCR", "HI", "AK1", "AK2", "IK3", "IK4", "IK5", "AK9", "CTX")
            from elements in element.Array[0, 8]
            select id + string.Concat(elements.Select(e => "*" + e)) + "~";
        var gen =
            from st in Generators.Pick("270", "271", "278", "999")
            from body in segment.Array[0, 25]
            select TestX12.Bytes(TestX12.Wrap($"ST*{st}*0001*005010X279A1~" + string.Concat(body) + $"SE*{body.Length + 2}*0001~"));
        gen.Sample(ReadEverything, iter: 3000);
    }

    [Fact]
    public void Write_RandomModel_ReadsBackEqual()
    {
        var gen = Gen.Select(Generators.Transaction, Gen.Int[0, DelimiterSets.Length - 1], Generators.Pick("", "\n", "\r\n"));
        var benefits = 0;
        var related = 0;
        gen.Sample((model, d, newline) =>
        {
            Interlocked.Add(ref benefits, model.Members.Sum(m => m.Benefits.Count));
            Interlocked.Add(ref related, model.Members.Sum(m => m.Benefits.Sum(b => b.RelatedEntities.Count)));
            var (e, r, c, s) = DelimiterSets[d];
            var text = EligibilityWriter.WriteInterchange(model, Envelope("123"), "77", X12Delimiters.From(e, r, c, s), newline);
            var read = EligibilityReader.Read(text);

            // The only warnings a written model can earn: a subscriber or dependent written as a non-person (NM102 2).
            var nonPersons = model.Members.Count(m => m.Member is { EntityTypeQualifier: not "1" });
            Assert.Equal(nonPersons, read.Warnings.Count);
            Assert.All(read.Warnings, w => Assert.Contains("must be 1 (person)", w, StringComparison.Ordinal));
            Assert.Equal(Json(model), Json(read with { Warnings = [] }));

            // Writing what was read gives the same bytes again.
            Assert.Equal(text, EligibilityWriter.WriteInterchange(read with { Warnings = [] }, Envelope("123"), "77", X12Delimiters.From(e, r, c, s), newline));
        }, iter: 300);

        // The generator must produce rich models, or the property proves little.
        Assert.True(benefits > 300, $"only {benefits} benefits generated");
        Assert.True(related > 100, $"only {related} related entities generated");
    }

    [Fact]
    public void Write_RandomInquiry_ReadsBackSameInquiry()
    {
        var person =
            from last in Generators.Text
            from first in Generators.Opt(Generators.Text)
            from id in Generators.Opt(Generators.Text)
            from dob in Generators.OptRecord(Gen.DateOnly[new DateOnly(1920, 1, 1), new DateOnly(2025, 12, 31)].Select(d => (object)d))
            from gender in Generators.Opt(Generators.Pick("M", "F"))
            from grp in Generators.Opt(Generators.Text)
            select new InquiryPerson { LastName = last, FirstName = first, MemberId = id, DateOfBirth = (DateOnly?)dob, Gender = gender, GroupNumber = grp };
        var gen =
            from subscriber in person
            from dependent in Generators.OptRecord(person.Select(p => p with { MemberId = null, GroupNumber = null, RelationshipCode = "19" }))
            from types in Generators.ListOf(Generators.Pick("30", "98", "UC"), 1, 3)
            from trace in Generators.Text
            select new EligibilityInquiry
            {
                PayerName = "PAYER", PayerId = "12345", ProviderName = "CLINIC", ProviderNpi = "1234567893", Subscriber = subscriber with { MemberId = subscriber.MemberId ?? "M1" },
                Dependent = dependent, ServiceTypeCodes = types, ServiceDate = new DateOnly(2026, 3, 1), TraceNumber = trace, ReferenceId = "REF" + trace,
                CreatedAt = new DateTimeOffset(2026, 2, 1, 9, 30, 0, TimeSpan.Zero), ControlNumber = "42",
            };
        gen.Sample(inquiry =>
        {
            var text = EligibilityWriter.WriteInterchange(inquiry.ToTransaction(), Envelope("9"), "9");
            var back = EligibilityInquiry.FromTransaction(EligibilityReader.Read(text));
            Assert.Equal(Json(inquiry), Json(back));
        }, iter: 300);
    }

    internal static X12InterchangeEnvelope Envelope(string control) => new()
    {
        SenderId = "SENDER", ReceiverId = "RECEIVER", Timestamp = new DateTimeOffset(2026, 2, 1, 9, 30, 0, TimeSpan.Zero), ControlNumber = control,
    };

    internal static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static void ReadEverything(byte[] bytes)
    {
        try
        {
            var doc = X12Reader.Parse(bytes);
            foreach (var t in doc.Transactions)
            {
                switch (t.TransactionSetId)
                {
                    case "270" or "271":
                        var model = EligibilityReader.Read(t);
                        _ = EligibilityInterpreter.Summarize(model);
                        _ = Json(model);
                        break;
                    case "278":
                        _ = Json(ServiceReview278.Read(t));
                        break;
                    case "999":
                        _ = Json(Acknowledgment999.Read(t));
                        break;
                    default:
                        break;
                }
            }
        }
        catch (X12ParseException)
        {
        }

        try
        {
            using var reader = new X12StreamReader(new TestX12.TricklingStream(bytes, 17));
            foreach (var t in reader.ReadTransactions())
            {
                Assert.NotEmpty(t.Segments);
            }
        }
        catch (X12ParseException)
        {
        }

        _ = Encoding.UTF8.GetString(bytes);
    }
}
