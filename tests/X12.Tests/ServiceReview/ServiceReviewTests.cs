using System.Text.Json;
using CsCheck;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.X12.Tests.ServiceReview;

public class ServiceReviewTests
{
    /// <summary>A response in the shape of the guide's example 1b: certified, certification dates, a service level with SV1 and HSD.</summary>
    internal const string Response1b = """
        ST*278*0001*005010X217~
        BHT*0007*11*A12345*20050502*1102*18~
        HL*1**20*1~
        NM1*X3*2*MARYLAND CAPITAL INSURANCE COMPANY*****46*789312~
        HL*2*1*21*1~
        NM1*1P*1*GARDENER*JAMES****46*8189991234~
        HL*3*2*22*1~
        NM1*IL*1*SMITH*JOE****MI*12345678901~
        HL*4*3*EV*1~
        TRN*2*111099*9012345678~
        UM*SC*I*3*11:B~
        HCR*A1*AUTH0001~
        DTP*AAH*RD8*20050502-20050602~
        HL*5*4*SS*0~
        TRN*2*1122334*9012345678~
        UM*HS*I*1*22:B~
        HCR*A6*AUTH0002*CC~
        REF*NT*PEND0001~
        DTP*AAH*RD8*20050510-20050520~
        SV1*HC:72148:26*0*UN*2~
        HSD*VS*2~
        NM1*FA*2*GENERAL HOSPITAL*****XX*1234567893~
        N3*1 MAIN STREET~
        N4*SPRINGFIELD*IL*62701~
        PRV*PE*PXC*282N00000X~
        SE*26*0001~
        """;

    private static ServiceReview278 ReadFile(string name) =>
        ServiceReviewReader.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "ServiceReview", name)));

    [Fact]
    public void Read_PublishedExample1a_GivesTypedRequest()
    {
        var review = ReadFile("example-1a-referral-request.x12");

        Assert.True(review.IsRequest);
        Assert.Equal("A12345", review.ReferenceId);
        Assert.Equal(["20", "21", "22", "EV"], review.Levels.Select(l => l.LevelCode));
        var umo = Assert.Single(review.Levels[0].Parties);
        Assert.Equal(("X3", "46", "789312"), (umo.EntityIdentifierCode, umo.IdentificationQualifier, umo.Identification));
        var ev = review.Levels[3];
        Assert.Equal(new TraceNumber("1", "111099", "9012345678"), ev.Traces[0]);
        Assert.Equal(new UtilizationManagement("SC", "I", "3", "11", "B"), ev.Utilization);
        Assert.Equal([new DiagnosisCode("BF", "41090", "D8", "20050430")], ev.Diagnoses);
        Assert.Equal(1m, ev.Units);
        var consultant = Assert.Single(ev.Parties);
        Assert.Equal("SJ", consultant.EntityIdentifierCode);
        Assert.Equal("4029993456", Assert.Single(Assert.Single(consultant.Contacts).Numbers).Number);
        Assert.Null(ev.Certification);
    }

    [Fact]
    public void Read_Response1b_GivesDecisionsPeriodsAndTypedService()
    {
        var review = ServiceReviewReader.Read(TestX12.Single(TestX12.Wrap(Response1b, "HI", "005010X217")));

        var ev = review.Levels[3];
        Assert.Equal(ReviewDecision.Certified, ev.Decision);
        Assert.Equal("AUTH0001", ev.CertificationNumber);
        Assert.Equal((new DateOnly(2005, 5, 2), new DateOnly(2005, 6, 2)), ev.CertifiedPeriod);
        var service = Assert.Single(review.Services);
        Assert.Equal(ReviewDecision.Modified, service.Decision);
        Assert.Equal("CC", service.DecisionReasonCode);
        Assert.Equal("PEND0001", service.References.Single(r => r.Qualifier == "NT").Value);
        Assert.Equal(("HC", "72148"), (service.Professional!.Procedure.Qualifier, service.Professional.Procedure.Code));
        Assert.Equal(["26"], service.Professional.Procedure.Modifiers);
        Assert.Equal(("UN", 2m), (service.Professional.UnitBasis, service.Professional.Quantity));
        Assert.Equal("72148", service.ProcedureCode);
        Assert.Equal(2m, service.Units);
        var facility = Assert.Single(service.Parties);
        Assert.Equal("FA", facility.EntityIdentifierCode);
        Assert.Equal("SPRINGFIELD", facility.Address!.City);
        Assert.Equal("282N00000X", facility.Provider!.Reference);
        Assert.Equal(2, review.Decisions.Count());
    }

    [Fact]
    public void Read_AaaAtSubscriber_IsAnErrorOfTheTransaction()
    {
        const string body = """
            ST*278*0002*005010X217~
            BHT*0007*11*X1*20260301*0930*18~
            HL*1**20*1~
            NM1*X3*2*ACME UM*****PI*60054~
            HL*2*1*21*1~
            NM1*1P*2*GENERAL HOSPITAL*****XX*1234567893~
            HL*3*2*22*0~
            NM1*IL*1*DOE*JANE****MI*M100~
            AAA*N**75*C~
            SE*10*0002~
            """;
        var review = ServiceReviewReader.Read(TestX12.Single(TestX12.Wrap(body, "HI", "005010X217")));

        var error = Assert.Single(review.Errors);
        Assert.Equal("75", error.RejectReasonCode);
        Assert.Equal("C", error.FollowUpActionCode);
    }

    [Fact]
    public void Write_Response1bModel_WritesTheSameSegments()
    {
        var model = ServiceReviewReader.Read(TestX12.Single(TestX12.Wrap(Response1b, "HI", "005010X217")));

        var written = ServiceReviewWriter.WriteInterchange(model, Envelope(), "1");

        var body = written[written.IndexOf("ST*", StringComparison.Ordinal)..written.IndexOf("GE*", StringComparison.Ordinal)];
        Assert.Equal(Response1b.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), body);
    }

    [Fact]
    public void Write_RandomModel_ReadsBackEqualAndRewritesSameBytes()
    {
        Model.Sample(model =>
        {
            var x12 = ServiceReviewWriter.WriteInterchange(model, Envelope(), "7", afterSegment: "\n");
            var back = ServiceReviewReader.Read(TestX12.Bytes(x12));
            Assert.Equal(Json(model), Json(back));
            Assert.Equal(x12, ServiceReviewWriter.WriteInterchange(back, Envelope(), "7", afterSegment: "\n"));
        }, iter: 300);
    }

    [Fact]
    public void Read_MutatedExample_RaisesOnlyParseExceptions()
    {
        var valid = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "ServiceReview", "example-1a-referral-request.x12"));
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, 3]).Sample((position, value, cut) =>
        {
            var bytes = valid.ToArray();
            bytes[position] = value;
            if (cut > 2) bytes = bytes[..position];
            try
            {
                ServiceReviewReader.Read(bytes);
            }
            catch (X12ParseException)
            {
                // The only exception bad input may cause.
            }
        }, iter: 2000);
    }

    private static X12InterchangeEnvelope Envelope() => new()
    {
        SenderId = "SUBMITTERID", ReceiverId = "RECEIVERID", Timestamp = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero), ControlNumber = "905",
    };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static readonly Gen<X12Party> Party =
        from head in Gen.Select(Generators.Pick("X3", "1P", "IL", "QC", "SJ", "FA"), Generators.Pick("1", "2"), Generators.Text, Generators.Opt(Generators.Text), Generators.Pick("MI", "PI", "XX", "46"), Generators.Text)
        from references in Generators.ListOf(Generators.Reference, 0, 2)
        from address in Generators.OptRecord(Gen.Select(Generators.Text, Generators.Opt(Generators.Text), Generators.Text, Generators.Code, Generators.Code,
            (l1, l2, city, st, zip) => new Eligibility.PostalAddress { Line1 = l1, Line2 = l2, City = city, State = st, PostalCode = zip }))
        from contacts in Generators.ListOf(Gen.Select(Generators.Pick("IC"), Generators.Opt(Generators.Text),
            Generators.ListOf(Gen.Select(Generators.Pick("TE", "FX"), Generators.Text, (q, n) => new ContactNumber(q, n)), 0, 3), (f, n, l) => new ContactInformation(f, n, l)), 0, 1)
        from errors in Generators.ListOf(Generators.Aaa, 0, 1)
        from provider in Generators.OptRecord(Gen.Select(Generators.Pick("PE", "RF", "AT"), Generators.Pick("PXC"), Generators.Text, (c, q, r) => new ProviderInformation(c, q, r)))
        from demographics in Generators.OptRecord(Gen.Select(Generators.Pick("D8"), Generators.Pick("19800101", "20011231"), Generators.Pick("M", "F", "U"), (f, d, g) => new Demographics(f, d, g)))
        from dates in Generators.ListOf(Generators.Date, 0, 1)
        select new X12Party
        {
            EntityIdentifierCode = head.Item1, EntityTypeQualifier = head.Item2, LastOrOrganizationName = head.Item3, FirstName = head.Item4,
            IdentificationQualifier = head.Item5, Identification = head.Item6, References = references, Address = address, Contacts = contacts,
            Errors = errors, Provider = provider, Demographics = demographics, Dates = dates,
        };

    private static readonly Gen<ServiceProcedure> Procedure =
        Gen.Select(Generators.Pick("HC", "N4"), Generators.Pick("70551", "J1100", "99213"), Generators.ListOf(Generators.Pick("26", "TC", "LT"), 0, 2),
            (q, c, m) => new ServiceProcedure(q, c, m));

    private static Gen<ReviewLevel> Level(string id, string? parent, string code) =>
        from traces in Generators.ListOf(Gen.Select(Generators.Pick("1", "2"), Generators.Text, Generators.Opt(Generators.Text), (t, r, o) => new TraceNumber(t, r, o)), 0, 1)
        from errors in Generators.ListOf(Generators.Aaa, 0, 1)
        from um in Generators.OptRecord(Gen.Select(Generators.Pick("HS", "SC", "AR"), Generators.Pick("I", "3"), Generators.Opt(Generators.Pick("1", "2", "62")), Generators.Pick("11", "22"),
            (a, b, c, f) => new UtilizationManagement(a, b, c, f, "B")))
        from hcr in Generators.OptRecord(Gen.Select(Generators.Pick("A1", "A2", "A3", "A4", "A6", "C", "CT", "NA"), Generators.Opt(Generators.Text), Generators.Opt(Generators.Pick("0V", "CC", "AB")),
            (a, n, r) => new HealthCareReview(a, n, r)))
        from references in Generators.ListOf(Gen.Select(Generators.Pick("BB", "NT"), Generators.Text, (q, v) => new ReferenceNumber(q, v)), 0, 2)
        from dates in Generators.ListOf(Gen.Select(Generators.Pick("AAH", "472"), Gen.Int[2000, 2030], (q, y) => DateReference.Between(q, new DateOnly(y, 1, 1), new DateOnly(y, 3, 1))), 0, 1)
        from diagnoses in code == "EV" ? Generators.ListOf(Gen.Select(Generators.Pick("ABK", "ABF"), Generators.Pick("M5416", "R51", "G894"), (q, c) => new DiagnosisCode(q, c)), 0, 3) : Gen.Const<IReadOnlyList<DiagnosisCode>>([])
        from sv1 in code == "SS" ? Generators.OptRecord(Gen.Select(Procedure, Generators.Opt(Generators.Money), Generators.Pick("UN", "MJ"), Gen.Int[1, 9], (p, m, u, q) => new ProfessionalService(p, m, u, q))) : Gen.Const<ProfessionalService?>((ProfessionalService?)null)
        from deliveries in Generators.ListOf(Gen.Select(Generators.Pick("VS", "FL"), Gen.Int[1, 30].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), (q, n) => new ServiceDelivery(q, n)), 0, 1)
        from messages in Generators.ListOf(Generators.Text, 0, 1)
        from parties in Generators.ListOf(Party, code is "EV" or "SS" ? 0 : 1, 2)
        select new ReviewLevel
        {
            Id = id, ParentId = parent, LevelCode = code, Traces = traces, Errors = errors, Utilization = um, Certification = hcr, References = references,
            Dates = dates, Diagnoses = diagnoses, Professional = sv1, Deliveries = deliveries, Messages = messages, Parties = parties,
        };

    private static readonly Gen<ServiceReview278> Model =
        from purpose in Generators.Pick("13", "11")
        from reference in Generators.Text
        from umo in Level("1", null, "20")
        from requester in Level("2", "1", "21")
        from subscriber in Level("3", "2", "22")
        from ev in Level("4", "3", "EV")
        from services in Gen.Int[0, 3]
        from lines in Gen.Int[0, services].SelectMany(_ => Level("x", "4", "SS")).List[services]
        select new ServiceReview278
        {
            ControlNumber = "0001", PurposeCode = purpose, ReferenceId = reference, Date = "20260301", Time = "0930",
            TransactionTypeCode = purpose == "11" ? "18" : null,
            Levels = [umo, requester, subscriber, ev, .. lines.Select((l, i) => l with { Id = (5 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) })],
        };
}
