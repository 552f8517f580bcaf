using CsCheck;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Tests;

/// <summary>CsCheck generators for 270/271 models whose values never contain a delimiter.</summary>
internal static class Generators
{
    public static readonly Gen<string> Text = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-"].Array[1, 12].Select(a => new string(a));

    public static readonly Gen<string> Code = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[1, 3].Select(a => new string(a));

    public static readonly Gen<decimal> Money = Gen.Int[0, 1_000_000].Select(i => decimal.Parse(Core.X12Element.FormatDecimal(i / 100m), System.Globalization.CultureInfo.InvariantCulture));

    public static readonly Gen<string> OtherId = Pick("NTE", "K3", "HI", "MPI", "ZZ9");

    public static Gen<T> Pick<T>(params T[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    public static Gen<string?> Opt(Gen<string> g) => Gen.Bool.SelectMany(b => b ? g.Select(s => (string?)s) : Gen.Const<string?>((string?)null));

    public static Gen<decimal?> Opt(Gen<decimal> g) => Gen.Bool.SelectMany(b => b ? g.Select(s => (decimal?)s) : Gen.Const<decimal?>((decimal?)null));

    public static Gen<T?> OptRecord<T>(Gen<T> g)
        where T : class => Gen.Bool.SelectMany(b => b ? g.Select(s => (T?)s) : Gen.Const<T?>((T?)null));

    public static Gen<IReadOnlyList<T>> ListOf<T>(Gen<T> g, int min, int max) => g.List[min, max].Select(l => (IReadOnlyList<T>)l);

    public static readonly Gen<GenericSegment> Generic =
        from id in OtherId
        from elements in ListOf(ListOf(Text, 1, 2), 1, 3)
        select new GenericSegment(id, elements);

    public static readonly Gen<AaaError> Aaa =
        from valid in Pick("Y", "N")
        from reason in Pick("42", "72", "73", "75", "79", "15", "Q9")
        from followUp in Opt(Pick("C", "N", "R", "W", "Y", "Z"))
        select new AaaError(valid, reason, followUp);

    public static readonly Gen<ReferenceNumber> Reference =
        from q in Pick("6P", "18", "1L", "EJ", "Q4")
        from v in Text
        from d in Opt(Text)
        select new ReferenceNumber(q, v, d);

    public static readonly Gen<DateReference> Date =
        from q in Pick("291", "346", "347", "356", "307")
        from range in Gen.Bool
        from y in Gen.Int[1990, 2030]
        select range ? new DateReference(q, "RD8", $"{y}0101-{y}1231") : new DateReference(q, "D8", $"{y}0615");

    public static readonly Gen<X12Party> Party =
        from head in Gen.Select(Pick("PR", "1P", "IL", "03", "P3"), Pick("1", "2"), Opt(Text), Opt(Text), Opt(Text), Opt(Text), Opt(Pick("MI", "PI", "XX", "SV")), Opt(Text))
        from references in ListOf(Reference, 0, 2)
        from address in OptRecord(Gen.Select(Text, Opt(Text), Text, Opt(Code), Opt(Code), (l1, l2, city, st, zip) => new PostalAddress { Line1 = l1, Line2 = l2, City = city, State = st, PostalCode = zip }))
        from contacts in ListOf(Gen.Select(Pick("IC"), Opt(Text), ListOf(Gen.Select(Pick("TE", "FX", "UR"), Text, (q, n) => new ContactNumber(q, n)), 0, 3), (f, n, l) => new ContactInformation(f, n, l)), 0, 1)
        from errors in ListOf(Aaa, 0, 2)
        from provider in OptRecord(Gen.Select(Pick("PE", "RF"), Opt(Pick("PXC")), Opt(Text), (c, q, r) => new ProviderInformation(c, q, r)))
        from demographics in OptRecord(Gen.Select(Opt(Pick("D8")), Opt(Pick("19800101", "20011231")), Opt(Pick("M", "F", "U")), (f, d, g) => new Demographics(f, d, g)))
        from relationship in OptRecord(Gen.Select(Pick("Y", "N"), Opt(Pick("18", "19", "01")), Opt(Pick("001")), Opt(Pick("25")), Opt(Pick("1", "2")), (a, b, c, d, e) => new InsuredRelationship(a, b, c, d, e)))
        from dates in ListOf(Date, 0, 2)
        from other in ListOf(Generic, 0, 1)
        select new X12Party
        {
            EntityIdentifierCode = head.Item1, EntityTypeQualifier = head.Item2, LastOrOrganizationName = head.Item3, FirstName = head.Item4,
            MiddleName = head.Item5, NameSuffix = head.Item6, IdentificationQualifier = head.Item7, Identification = head.Rest.Item1,
            References = references, Address = address, Contacts = contacts, Errors = errors, Provider = provider,
            Demographics = demographics, Relationship = relationship, Dates = dates, OtherSegments = other,
        };

    public static readonly Gen<BenefitInformation> Benefit =
        from head in Gen.Select(Pick("1", "6", "A", "B", "C", "G", "I", "L", "F", "ZZ"), Opt(Pick("IND", "FAM", "ESP")), ListOf(Pick("30", "98", "1", "33", "AL", "UC"), 0, 3), Opt(Pick("HM", "PR", "C1")), Opt(Text), Opt(Pick("23", "29", "27", "22", "33")), Opt(Money), Opt(Pick(0.2m, 0.1m, 0m, 1m)))
        from tail in Gen.Select(Opt(Pick("VS", "DY")), Opt(Money), Opt(Pick("Y", "N", "U")), Opt(Pick("Y", "N", "W", "U")), ListOf(Pick("HC", "99213", "25"), 0, 3), ListOf(Pick("1", "2"), 0, 2))
        from deliveries in ListOf(Gen.Select(Opt(Pick("VS")), Opt(Pick("12")), Opt(Pick("WK")), (a, b, c) => new ServiceDelivery(a, b, c, null, Opt22(a))), 0, 1)
        from references in ListOf(Reference, 0, 1)
        from dates in ListOf(Date, 0, 2)
        from errors in ListOf(Aaa, 0, 1)
        from messages in ListOf(Text, 0, 2)
        from info in ListOf(Gen.Select(Pick("ZZ", "GR"), Pick("11", "21"), Opt(Pick("44")), Opt(Text), (a, b, c, d) => new AdditionalInformation(a, b, c, d)), 0, 1)
        from related in ListOf(Party, 0, 2)
        from other in ListOf(Generic, 0, 1)
        select new BenefitInformation
        {
            InformationCode = head.Item1, CoverageLevelCode = head.Item2, ServiceTypeCodes = head.Item3, InsuranceTypeCode = head.Item4,
            PlanCoverageDescription = head.Item5, TimePeriodQualifier = head.Item6, MonetaryAmount = head.Item7, Percent = head.Rest.Item1,
            QuantityQualifier = tail.Item1, Quantity = tail.Item2, AuthorizationRequired = tail.Item3, InPlanNetwork = tail.Item4,
            Procedure = tail.Item5, DiagnosisPointers = tail.Item6, Deliveries = deliveries, References = references, Dates = dates,
            Errors = errors, Messages = messages, AdditionalInformation = info, RelatedEntities = related, OtherSegments = other,
        };

    public static readonly Gen<EligibilityQuery> Query =
        from types in ListOf(Pick("30", "98", "1"), 1, 3)
        from procedure in ListOf(Pick("HC", "99213"), 0, 2)
        from level in Opt(Pick("FAM", "IND"))
        from amounts in ListOf(Gen.Select(Pick("R", "PB"), Opt(Money), (q, a) => new MonetaryAmount(q, a)), 0, 1)
        from dates in ListOf(Date, 0, 1)
        select new EligibilityQuery { ServiceTypeCodes = types, Procedure = procedure, CoverageLevelCode = level, Amounts = amounts, Dates = dates };

    public static Gen<MemberLevel> Member(bool dependent) =>
        from traces in ListOf(Gen.Select(Pick("1", "2"), Text, Opt(Text), (t, r, o) => new TraceNumber(t, r, o)), 0, 2)
        from errors in ListOf(Aaa, 0, 1)
        from party in OptRecord(Party)
        from other in ListOf(Generic, 0, 1)
        from queries in ListOf(Query, 0, 2)
        from benefits in ListOf(Benefit, 0, 4)
        from dependents in dependent ? Gen.Const<IReadOnlyList<MemberLevel>>([]) : ListOf(Member(true), 0, 2)
        select new MemberLevel
        {
            LevelCode = dependent ? EligibilityCodes.DependentLevel : EligibilityCodes.SubscriberLevel,
            Traces = traces, Errors = errors, Member = party, OtherSegments = other, Inquiries = queries, Benefits = benefits, Dependents = dependents,
        };

    public static readonly Gen<EligibilityTransaction> Transaction =
        from id in Pick("270", "271")
        from control in Gen.Int[1, 999999].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))
        from bht in Gen.Select(Pick("13", "11"), Opt(Text), Opt(Pick("20260101")), Opt(Pick("1200", "235959")))
        from other in ListOf(Generic, 0, 1)
        from sources in ListOf(
            from errors in ListOf(Aaa, 0, 1)
            from payer in Party
            from receivers in ListOf(
                from perrors in ListOf(Aaa, 0, 1)
                from provider in Party
                from subscribers in ListOf(Member(false), 1, 2)
                select new InformationReceiverLevel { Errors = perrors, Provider = provider, Subscribers = subscribers },
                1,
                2)
            select new InformationSourceLevel { Errors = errors, Payer = payer, Receivers = receivers },
            1,
            2)
        select new EligibilityTransaction
        {
            TransactionSetId = id, ControlNumber = control, PurposeCode = bht.Item1, ReferenceId = bht.Item2, Date = bht.Item3, Time = bht.Item4,
            OtherSegments = other, Sources = sources,
        };

    private static string? Opt22(string? a) => a is null ? null : "22";
}
