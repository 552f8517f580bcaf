using System.Globalization;
using PatientAccess.X12.Core;

namespace PatientAccess.X12.Eligibility;

/// <summary>
/// A 270 or 271 (005010X279A1) as a tree of its loops. Codes are kept as the strings the sender used, so an
/// unknown code is never dropped; <see cref="EligibilityInterpreter"/> turns a 271 into plain answers.
/// </summary>
public sealed record EligibilityTransaction
{
    /// <summary>ST01: 270 inquiry or 271 response.</summary>
    public required string TransactionSetId { get; init; }

    /// <summary>ST02.</summary>
    public string ControlNumber { get; init; } = "0001";

    /// <summary>ST03.</summary>
    public string ImplementationReference { get; init; } = EligibilityCodes.ImplementationGuide;

    /// <summary>BHT01, 0022 for eligibility.</summary>
    public string HierarchicalStructureCode { get; init; } = "0022";

    /// <summary>BHT02: 13 request, 11 response, 01 cancellation.</summary>
    public string? PurposeCode { get; init; }

    /// <summary>BHT03, the submitter's reference (echoed by the payer).</summary>
    public string? ReferenceId { get; init; }

    /// <summary>BHT04, CCYYMMDD.</summary>
    public string? Date { get; init; }

    /// <summary>BHT05, HHMM[SS[DD]].</summary>
    public string? Time { get; init; }

    /// <summary>BHT06 (RT real time in some 270s).</summary>
    public string? TransactionTypeCode { get; init; }

    /// <summary>2000A loops.</summary>
    public IReadOnlyList<InformationSourceLevel> Sources { get; init; } = [];

    /// <summary>Segments between BHT and the first HL that the guide does not place there.</summary>
    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];

    /// <summary>What the reader tolerated (a non-numeric amount, a second NM1...), in words without data values.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Envelope mismatches around this set (a wrong SE01, SE02, GE or IEA): reported, and the set read all the same,
    /// so a payer's answer is not lost to a miscounted envelope.
    /// </summary>
    public IReadOnlyList<X12EnvelopeError> EnvelopeErrors { get; init; } = [];

    public bool IsInquiry => TransactionSetId == "270";

    public bool IsResponse => TransactionSetId == "271";

    /// <summary>Every subscriber and dependent level, depth first.</summary>
    public IEnumerable<MemberLevel> Members =>
        Sources.SelectMany(s => s.Receivers).SelectMany(r => r.Subscribers).SelectMany(s => s.Dependents.Prepend(s));
}

/// <summary>2000A/2100A: the payer (information source).</summary>
public sealed record InformationSourceLevel
{
    /// <summary>AAA in 2000A (request validation at the payer level).</summary>
    public IReadOnlyList<AaaError> Errors { get; init; } = [];

    /// <summary>2100A NM1 loop.</summary>
    public X12Party? Payer { get; init; }

    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];

    /// <summary>2000B loops.</summary>
    public IReadOnlyList<InformationReceiverLevel> Receivers { get; init; } = [];
}

/// <summary>2000B/2100B: the provider (information receiver).</summary>
public sealed record InformationReceiverLevel
{
    public IReadOnlyList<AaaError> Errors { get; init; } = [];

    /// <summary>2100B NM1 loop.</summary>
    public X12Party? Provider { get; init; }

    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];

    /// <summary>2000C loops.</summary>
    public IReadOnlyList<MemberLevel> Subscribers { get; init; } = [];
}

/// <summary>2000C subscriber or 2000D dependent with its 2100 name loop and 2110 inquiries or benefits.</summary>
public sealed record MemberLevel
{
    /// <summary>HL03: 22 subscriber, 23 dependent.</summary>
    public string LevelCode { get; init; } = EligibilityCodes.SubscriberLevel;

    /// <summary>TRN trace numbers.</summary>
    public IReadOnlyList<TraceNumber> Traces { get; init; } = [];

    /// <summary>AAA between HL and NM1 (not in the guide; some payers send it).</summary>
    public IReadOnlyList<AaaError> Errors { get; init; } = [];

    /// <summary>2100C/2100D NM1 loop.</summary>
    public X12Party? Member { get; init; }

    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];

    /// <summary>2110C/2110D EQ loops (270).</summary>
    public IReadOnlyList<EligibilityQuery> Inquiries { get; init; } = [];

    /// <summary>2110C/2110D EB loops (271).</summary>
    public IReadOnlyList<BenefitInformation> Benefits { get; init; } = [];

    /// <summary>2000D loops under a subscriber.</summary>
    public IReadOnlyList<MemberLevel> Dependents { get; init; } = [];

    public bool IsDependent => LevelCode == EligibilityCodes.DependentLevel;
}

/// <summary>An NM1 loop (2100A-D, 2120) with the segments that belong to it.</summary>
public sealed record X12Party
{
    /// <summary>NM101: PR payer, 1P provider, IL insured, 03 dependent, P3 PCP...</summary>
    public required string EntityIdentifierCode { get; init; }

    /// <summary>NM102: 1 person, 2 non-person.</summary>
    public string EntityTypeQualifier { get; init; } = "1";

    /// <summary>NM103.</summary>
    public string? LastOrOrganizationName { get; init; }

    public string? FirstName { get; init; }

    public string? MiddleName { get; init; }

    /// <summary>NM106.</summary>
    public string? NamePrefix { get; init; }

    /// <summary>NM107.</summary>
    public string? NameSuffix { get; init; }

    /// <summary>NM108: PI payer id, XX NPI, MI member id, FI tax id...</summary>
    public string? IdentificationQualifier { get; init; }

    /// <summary>NM109.</summary>
    public string? Identification { get; init; }

    /// <summary>NM110 entity relationship code (2120).</summary>
    public string? EntityRelationshipCode { get; init; }

    public IReadOnlyList<ReferenceNumber> References { get; init; } = [];

    /// <summary>N3/N4.</summary>
    public PostalAddress? Address { get; init; }

    /// <summary>PER.</summary>
    public IReadOnlyList<ContactInformation> Contacts { get; init; } = [];

    /// <summary>AAA in this name loop.</summary>
    public IReadOnlyList<AaaError> Errors { get; init; } = [];

    /// <summary>PRV.</summary>
    public ProviderInformation? Provider { get; init; }

    /// <summary>DMG.</summary>
    public Demographics? Demographics { get; init; }

    /// <summary>INS.</summary>
    public InsuredRelationship? Relationship { get; init; }

    /// <summary>DTP.</summary>
    public IReadOnlyList<DateReference> Dates { get; init; } = [];

    /// <summary>HI, MPI and anything else in the loop, kept as read.</summary>
    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];
}

/// <summary>2110 EQ loop of a 270.</summary>
public sealed record EligibilityQuery
{
    /// <summary>EQ01 (repeats): 30 plan coverage, 98 office visit...</summary>
    public IReadOnlyList<string> ServiceTypeCodes { get; init; } = [];

    /// <summary>EQ02 composite: qualifier (HC, AD, CJ, N4...), code, modifiers.</summary>
    public IReadOnlyList<string> Procedure { get; init; } = [];

    /// <summary>EQ03.</summary>
    public string? CoverageLevelCode { get; init; }

    /// <summary>EQ05 composite diagnosis code pointers.</summary>
    public IReadOnlyList<string> DiagnosisPointers { get; init; } = [];

    /// <summary>AMT (spend down R, spend down total PB).</summary>
    public IReadOnlyList<MonetaryAmount> Amounts { get; init; } = [];

    public IReadOnlyList<AdditionalInformation> AdditionalInformation { get; init; } = [];

    public IReadOnlyList<ReferenceNumber> References { get; init; } = [];

    public IReadOnlyList<DateReference> Dates { get; init; } = [];

    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];
}

/// <summary>2110 EB loop of a 271 with its 2115 (III) and 2120 (LS/LE) loops.</summary>
public sealed record BenefitInformation
{
    /// <summary>EB01: 1-5 active, 6-8 inactive, A coinsurance, B copay, C deductible, G out of pocket, I non-covered...</summary>
    public required string InformationCode { get; init; }

    /// <summary>EB02: IND, FAM, EMP, ESP, ECH, SPC, SPO, CHD, DEP.</summary>
    public string? CoverageLevelCode { get; init; }

    /// <summary>EB03 (repeats).</summary>
    public IReadOnlyList<string> ServiceTypeCodes { get; init; } = [];

    /// <summary>EB04: insurance type (HM, PR, MB, C1...).</summary>
    public string? InsuranceTypeCode { get; init; }

    /// <summary>EB05: plan coverage description.</summary>
    public string? PlanCoverageDescription { get; init; }

    /// <summary>EB06: 23 calendar year, 29 remaining, 27 visit...</summary>
    public string? TimePeriodQualifier { get; init; }

    /// <summary>EB07.</summary>
    public decimal? MonetaryAmount { get; init; }

    /// <summary>EB08, as a fraction (0.2 is 20%).</summary>
    public decimal? Percent { get; init; }

    /// <summary>EB09: VS visits, DY days...</summary>
    public string? QuantityQualifier { get; init; }

    /// <summary>EB10.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>EB11: Y authorization or certification required, N not required, U unknown.</summary>
    public string? AuthorizationRequired { get; init; }

    /// <summary>EB12: Y in network, N out of network, U unknown, W not applicable (both).</summary>
    public string? InPlanNetwork { get; init; }

    /// <summary>EB13 composite procedure.</summary>
    public IReadOnlyList<string> Procedure { get; init; } = [];

    /// <summary>EB14 composite diagnosis pointers.</summary>
    public IReadOnlyList<string> DiagnosisPointers { get; init; } = [];

    /// <summary>HSD.</summary>
    public IReadOnlyList<ServiceDelivery> Deliveries { get; init; } = [];

    public IReadOnlyList<ReferenceNumber> References { get; init; } = [];

    public IReadOnlyList<DateReference> Dates { get; init; } = [];

    public IReadOnlyList<AaaError> Errors { get; init; } = [];

    /// <summary>MSG01 texts.</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>2115 III.</summary>
    public IReadOnlyList<AdditionalInformation> AdditionalInformation { get; init; } = [];

    /// <summary>2120 NM1 loops between LS and LE.</summary>
    public IReadOnlyList<X12Party> RelatedEntities { get; init; } = [];

    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];

    /// <summary>EB04 MA or MB: which Medicare part this benefit is about (None for any other insurance type).</summary>
    public MedicarePart MedicarePart => EligibilityCodes.MedicarePartOf(InsuranceTypeCode);

    /// <summary>EB13 typed: the benefit applies to this procedure only (null when EB13 is absent).</summary>
    public ProcedureCode? ProcedureCode => ProcedureCode.FromComponents(Procedure);

    /// <summary>EB01 6, 7 or 8: an inactive coverage (period) rather than a benefit.</summary>
    public bool IsInactiveCoverage => InformationCode.Trim() is "6" or "7" or "8";

    /// <summary>EB01 1-5.</summary>
    public bool IsActiveCoverage => InformationCode.Trim() is "1" or "2" or "3" or "4" or "5";
}

/// <summary>Medicare part named by EB04 (MA Part A hospital insurance, MB Part B medical insurance).</summary>
public enum MedicarePart
{
    None,
    PartA,
    PartB,
}

/// <summary>
/// A composite procedure (EB13, EQ02): qualifier (HC CPT/HCPCS, AD ADA, CJ CPT-4, ID ICD-9-CM procedure, IV HIEC,
/// N4 NDC, ZZ mutually defined), code, up to four modifiers and a description.
/// </summary>
public sealed record ProcedureCode(string Qualifier, string Code, IReadOnlyList<string> Modifiers, string? Description = null)
{
    public bool Equals(ProcedureCode? other) =>
        other is not null && Qualifier == other.Qualifier && Code == other.Code && Description == other.Description && Modifiers.SequenceEqual(other.Modifiers);

    public override int GetHashCode() => HashCode.Combine(Qualifier, Code, Modifiers.Count);

    /// <summary>Qualifier:code[:modifiers], as a person would write it.</summary>
    public override string ToString() =>
        Modifiers.Count == 0 ? $"{Qualifier}:{Code}" : $"{Qualifier}:{Code}:{string.Join(':', Modifiers)}";

    /// <summary>From the components of EB13/EQ02; null when there is no code.</summary>
    public static ProcedureCode? FromComponents(IReadOnlyList<string> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count < 2 || components[1].Length == 0)
        {
            return null;
        }

        var modifiers = new List<string>(0);
        for (var i = 2; i < Math.Min(components.Count, 6); i++)
        {
            if (components[i].Length > 0)
            {
                modifiers.Add(components[i]);
            }
        }

        return new ProcedureCode(components[0], components[1], modifiers, components.Count > 6 && components[6].Length > 0 ? components[6] : null);
    }
}

/// <summary>TRN: 1 current transaction trace (ours), 2 referenced (echoed by the payer).</summary>
public sealed record TraceNumber(string TypeCode, string ReferenceId, string? OriginatorId = null, string? SupplementalId = null);

/// <summary>REF.</summary>
public sealed record ReferenceNumber(string Qualifier, string Value, string? Description = null);

/// <summary>AMT.</summary>
public sealed record MonetaryAmount(string Qualifier, decimal? Amount);

/// <summary>N3/N4.</summary>
public sealed record PostalAddress
{
    public string? Line1 { get; init; }

    public string? Line2 { get; init; }

    public string? City { get; init; }

    public string? State { get; init; }

    public string? PostalCode { get; init; }

    public string? CountryCode { get; init; }

    /// <summary>N407 country subdivision.</summary>
    public string? CountrySubdivision { get; init; }
}

/// <summary>PER: function code (IC information contact), name, up to three (qualifier, number) pairs.</summary>
public sealed record ContactInformation(string FunctionCode, string? Name, IReadOnlyList<ContactNumber> Numbers);

/// <summary>PER03/04 etc.: TE phone, FX fax, EM email, UR url, EX extension.</summary>
public sealed record ContactNumber(string Qualifier, string Number);

/// <summary>PRV: provider code (PE performing, RF referring...), qualifier (PXC taxonomy), id.</summary>
public sealed record ProviderInformation(string ProviderCode, string? ReferenceQualifier, string? Reference);

/// <summary>DMG: D8 date of birth, gender (M, F, U).</summary>
public sealed record Demographics(string? DateFormat, string? DateOfBirth, string? Gender)
{
    public DateOnly? BirthDate => X12Dates.ParseDate(DateOfBirth);
}

/// <summary>INS: INS01 Y subscriber / N dependent, INS02 relationship (18 self, 01 spouse, 19 child, 34 other adult), INS03/04 maintenance, INS17 birth sequence.</summary>
public sealed record InsuredRelationship(string SubscriberIndicator, string? RelationshipCode, string? MaintenanceTypeCode = null, string? MaintenanceReasonCode = null, string? BirthSequenceNumber = null);

/// <summary>DTP: qualifier (291 plan, 346 plan begin, 347 plan end, 356/357 eligibility begin/end, 307 eligibility, 472 service...), format D8 or RD8, value.</summary>
public sealed record DateReference(string Qualifier, string Format, string Value)
{
    public DateOnly? Start => X12Dates.ParseStart(Format, Value);

    public DateOnly? End => X12Dates.ParseEnd(Format, Value);

    /// <summary>True for RD8 (a range CCYYMMDD-CCYYMMDD).</summary>
    public bool IsRange => Format.Equals("RD8", StringComparison.OrdinalIgnoreCase);

    /// <summary>DTP01 in words (291 plan, 292 benefit, 307 eligibility, 435 admission...); null when not in the table.</summary>
    public string? Meaning => EligibilityCodes.DescribeDateQualifier(Qualifier);

    public static DateReference OnDate(string qualifier, DateOnly date) =>
        new(qualifier, "D8", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    public static DateReference Between(string qualifier, DateOnly start, DateOnly end) =>
        new(qualifier, "RD8", start.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + end.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
}

/// <summary>
/// HSD: health care services delivery, elements as sent (HSD01 quantity qualifier DY days, VS visits, FL units, HS
/// hours...; HSD02 quantity; HSD03 unit or basis DA days, WK week, MO month, VS visit...; HSD04 sample selection
/// modulus; HSD05 time period qualifier; HSD06 number of periods; HSD07 delivery frequency; HSD08 delivery pattern
/// time), with typed views.
/// </summary>
public sealed record ServiceDelivery(
    string? QuantityQualifier,
    string? Quantity,
    string? UnitQualifier = null,
    string? SampleSelectionModulus = null,
    string? TimePeriodQualifier = null,
    string? PeriodCount = null,
    string? DeliveryFrequencyCode = null,
    string? DeliveryPatternTimeCode = null)
{
    /// <summary>HSD02 as a number (null when absent or a range such as 21-100).</summary>
    public decimal? QuantityValue => X12Numbers.Parse(Quantity);

    /// <summary>HSD06 as a number.</summary>
    public decimal? PeriodCountValue => X12Numbers.Parse(PeriodCount);

    /// <summary>HSD01 DY (days).</summary>
    public bool IsDays => string.Equals(QuantityQualifier?.Trim(), "DY", StringComparison.OrdinalIgnoreCase);

    /// <summary>HSD02 written as a range (21-100), as some payers do for Medicare day ranges; null otherwise.</summary>
    public (decimal From, decimal To)? QuantityRange
    {
        get
        {
            var q = Quantity?.Trim();
            var dash = q?.IndexOf('-', 1) ?? -1;
            return dash > 0 && X12Numbers.Parse(q![..dash]) is { } from && X12Numbers.Parse(q[(dash + 1)..]) is { } to ? (from, to) : null;
        }
    }

    /// <summary>HSD05 in words (day, calendar year, episode, lifetime...).</summary>
    public string? TimePeriod => EligibilityCodes.DescribeTimePeriod(TimePeriodQualifier);
}

/// <summary>III (2115, or in a 270 2110): code list qualifier (ZZ place of service, GR nature of injury...), code, category, free text.</summary>
public sealed record AdditionalInformation(string? CodeListQualifier, string? IndustryCode, string? CategoryCode = null, string? FreeText = null);

/// <summary>Any segment kept as read: identifier and elements, each element as its components.</summary>
public sealed record GenericSegment(string Id, IReadOnlyList<IReadOnlyList<string>> Elements);

internal static class X12Numbers
{
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>
    /// An X12 decimal (R type: optional sign, digits, optional point), as <c>decimal.TryParse</c> with leading sign
    /// and decimal point reads it, scale kept (<c>20.50</c> stays 20.50). Values of up to 18 digits are read here
    /// digit by digit (amounts, percents, quantities); anything else, and zero (whose sign decimal keeps), goes to
    /// <c>decimal.TryParse</c>.
    /// </summary>
    internal static decimal? Parse(string? value)
    {
        if (value is not { Length: > 0 })
        {
            return null;
        }

        var i = 0;
        var negative = false;
        if (value[0] is '-' or '+')
        {
            negative = value[0] == '-';
            i = 1;
        }

        ulong digits = 0;
        var count = 0;
        var scale = -1;
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c) && count < 18)
            {
                digits = (digits * 10) + (uint)(c - '0');
                count++;
                scale += scale >= 0 ? 1 : 0;
            }
            else if (c == '.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return Slow(value);
            }
        }

        return count == 0 || digits == 0 ? Slow(value) : new decimal((int)(uint)digits, (int)(uint)(digits >> 32), 0, negative, (byte)Math.Max(scale, 0));
    }

    private static decimal? Slow(string value) =>
        decimal.TryParse(value, Style, CultureInfo.InvariantCulture, out var d) ? d : null;
}

internal static class X12Dates
{
    /// <summary>CCYYMMDD, read digit by digit (DateOnly.TryParseExact was a visible share of a 271's semantic view).</summary>
    internal static DateOnly? ParseDate(string? value)
    {
        if (value is not { Length: 8 })
        {
            return null;
        }

        var n = 0;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }

            n = (n * 10) + (c - '0');
        }

        int year = n / 10000, month = n / 100 % 100, day = n % 100;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    internal static DateOnly? ParseStart(string? format, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        return ParseDate(dash < 0 ? value : value[..dash]);
    }

    internal static DateOnly? ParseEnd(string? format, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var dash = value.IndexOf('-', StringComparison.Ordinal);
        return ParseDate(dash < 0 ? value : value[(dash + 1)..]);
    }
}
