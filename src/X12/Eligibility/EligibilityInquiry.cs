using System.Globalization;

namespace PatientAccess.X12.Eligibility;

/// <summary>
/// A real-time eligibility question in business terms: who pays, who asks, who the patient is, for which
/// services and date. <see cref="ToTransaction"/> makes the 270; <see cref="FromTransaction"/> reads one back
/// (what a payer or the sandbox receives).
/// </summary>
public sealed record EligibilityInquiry
{
    /// <summary>2100A: payer name and payer id (NM108 PI).</summary>
    public required string PayerName { get; init; }

    public required string PayerId { get; init; }

    /// <summary>2100B: provider; an organization (NM102 2) unless <see cref="ProviderFirstName"/> is set.</summary>
    public required string ProviderName { get; init; }

    public string? ProviderFirstName { get; init; }

    /// <summary>NPI (NM108 XX).</summary>
    public required string ProviderNpi { get; init; }

    /// <summary>PRV taxonomy (PXC), optional.</summary>
    public string? ProviderTaxonomy { get; init; }

    public required InquiryPerson Subscriber { get; init; }

    /// <summary>Set when the patient is a dependent without their own member id.</summary>
    public InquiryPerson? Dependent { get; init; }

    /// <summary>EQ01 service type codes (30 when none asked).</summary>
    public IReadOnlyList<string> ServiceTypeCodes { get; init; } = ["30"];

    /// <summary>DTP*291 (date of service), on the patient's level.</summary>
    public DateOnly? ServiceDate { get; init; }

    /// <summary>TRN02: our trace number, echoed in the 271.</summary>
    public required string TraceNumber { get; init; }

    /// <summary>TRN03: 10 characters, "1" or "9" + tax id by convention.</summary>
    public string TraceOriginator { get; init; } = "9000000000";

    /// <summary>BHT03.</summary>
    public string? ReferenceId { get; init; }

    /// <summary>BHT04/05.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>ST02.</summary>
    public string ControlNumber { get; init; } = "0001";

    /// <summary>Builds the 270 transaction model.</summary>
    public EligibilityTransaction ToTransaction()
    {
        var patientIsDependent = Dependent is not null;
        var inquiry = new EligibilityQuery { ServiceTypeCodes = ServiceTypeCodes.Count == 0 ? ["30"] : ServiceTypeCodes };
        var dates = ServiceDate is { } d ? new[] { DateReference.OnDate("291", d) } : [];
        var subscriber = new MemberLevel
        {
            LevelCode = EligibilityCodes.SubscriberLevel,
            Traces = patientIsDependent ? [] : [new TraceNumber("1", TraceNumber, TraceOriginator)],
            Member = Person(Subscriber, "IL", patientIsDependent ? [] : dates, "MI"),
            Inquiries = patientIsDependent ? [] : [inquiry],
            Dependents = Dependent is null
                ? []
                :
                [
                    new MemberLevel
                    {
                        LevelCode = EligibilityCodes.DependentLevel,
                        Traces = [new TraceNumber("1", TraceNumber, TraceOriginator)],
                        Member = Person(Dependent, "03", dates, null),
                        Inquiries = [inquiry],
                    },
                ],
        };
        return new EligibilityTransaction
        {
            TransactionSetId = "270",
            ControlNumber = ControlNumber,
            HierarchicalStructureCode = "0022",
            PurposeCode = "13",
            ReferenceId = ReferenceId ?? TraceNumber,
            Date = CreatedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            Time = CreatedAt.ToString("HHmm", CultureInfo.InvariantCulture),
            Sources =
            [
                new InformationSourceLevel
                {
                    Payer = new X12Party { EntityIdentifierCode = "PR", EntityTypeQualifier = "2", LastOrOrganizationName = PayerName, IdentificationQualifier = "PI", Identification = PayerId },
                    Receivers =
                    [
                        new InformationReceiverLevel
                        {
                            Provider = new X12Party
                            {
                                EntityIdentifierCode = "1P",
                                EntityTypeQualifier = ProviderFirstName is null ? "2" : "1",
                                LastOrOrganizationName = ProviderName,
                                FirstName = ProviderFirstName,
                                IdentificationQualifier = "XX",
                                Identification = ProviderNpi,
                                Provider = ProviderTaxonomy is null ? null : new ProviderInformation("PE", "PXC", ProviderTaxonomy),
                            },
                            Subscribers = [subscriber],
                        },
                    ],
                },
            ],
        };
    }

    /// <summary>
    /// Reads the first subscriber (and its first dependent) of a 270 back into an inquiry. Throws
    /// <see cref="ArgumentException"/> when the 270 lacks a payer, provider or subscriber.
    /// </summary>
    public static EligibilityInquiry FromTransaction(EligibilityTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var source = FirstOf(transaction.Sources) ?? throw new ArgumentException("270 has no information source", nameof(transaction));
        var receiver = FirstOf(source.Receivers) ?? throw new ArgumentException("270 has no information receiver", nameof(transaction));
        var subscriber = FirstOf(receiver.Subscribers) ?? throw new ArgumentException("270 has no subscriber", nameof(transaction));
        var dependent = FirstOf(subscriber.Dependents);
        var patient = dependent ?? subscriber;
        var trace = patient.Traces.FirstOrDefault(t => t.TypeCode == "1") ?? FirstOf(patient.Traces);
        var query = FirstOf(patient.Inquiries);
        var serviceDate = patient.Member?.Dates.FirstOrDefault(d => d.Qualifier == "291")?.Start;
        DateTimeOffset created = DateTimeOffset.MinValue;
        if (transaction.Date is { } date && DateOnly.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var time = transaction.Time is { Length: >= 4 } t && int.TryParse(t.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hh)
                && int.TryParse(t.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var mm) && hh < 24 && mm < 60
                ? new TimeOnly(hh, mm)
                : TimeOnly.MinValue;
            created = new DateTimeOffset(day.ToDateTime(time), TimeSpan.Zero);
        }

        return new EligibilityInquiry
        {
            PayerName = source.Payer?.LastOrOrganizationName ?? string.Empty,
            PayerId = source.Payer?.Identification ?? string.Empty,
            ProviderName = receiver.Provider?.LastOrOrganizationName ?? string.Empty,
            ProviderFirstName = receiver.Provider?.FirstName,
            ProviderNpi = receiver.Provider?.Identification ?? string.Empty,
            ProviderTaxonomy = receiver.Provider?.Provider?.Reference,
            Subscriber = ToPerson(subscriber.Member),
            Dependent = dependent is null ? null : ToPerson(dependent.Member),
            ServiceTypeCodes = query?.ServiceTypeCodes ?? ["30"],
            ServiceDate = serviceDate,
            TraceNumber = trace?.ReferenceId ?? string.Empty,
            TraceOriginator = trace?.OriginatorId ?? string.Empty,
            ReferenceId = transaction.ReferenceId,
            CreatedAt = created,
            ControlNumber = transaction.ControlNumber,
        };
    }

    private static T? FirstOf<T>(IReadOnlyList<T>? items)
        where T : class => items is { Count: > 0 } ? items[0] : null;

    private static X12Party Person(InquiryPerson p, string entityCode, IReadOnlyList<DateReference> dates, string? idQualifier) => new()
    {
        EntityIdentifierCode = entityCode,
        EntityTypeQualifier = "1",
        LastOrOrganizationName = p.LastName,
        FirstName = p.FirstName,
        MiddleName = p.MiddleName,
        NameSuffix = p.Suffix,
        IdentificationQualifier = p.MemberId is null ? null : idQualifier ?? "MI",
        Identification = p.MemberId,
        References = p.GroupNumber is null ? [] : [new ReferenceNumber("6P", p.GroupNumber)],
        Demographics = p.DateOfBirth is null && p.Gender is null
            ? null
            : new Demographics("D8", p.DateOfBirth?.ToString("yyyyMMdd", CultureInfo.InvariantCulture), p.Gender),
        Relationship = p.RelationshipCode is null ? null : new InsuredRelationship(entityCode == "IL" ? "Y" : "N", p.RelationshipCode),
        Dates = dates,
    };

    private static InquiryPerson ToPerson(X12Party? party) => new()
    {
        LastName = party?.LastOrOrganizationName ?? string.Empty,
        FirstName = party?.FirstName,
        MiddleName = party?.MiddleName,
        Suffix = party?.NameSuffix,
        MemberId = party?.Identification,
        DateOfBirth = party?.Demographics?.BirthDate,
        Gender = party?.Demographics?.Gender,
        GroupNumber = party?.References.FirstOrDefault(r => r.Qualifier is "6P" or "1L")?.Value,
        RelationshipCode = party?.Relationship?.RelationshipCode,
    };
}

/// <summary>A person in an inquiry (subscriber or dependent).</summary>
public sealed record InquiryPerson
{
    public required string LastName { get; init; }

    public string? FirstName { get; init; }

    public string? MiddleName { get; init; }

    public string? Suffix { get; init; }

    /// <summary>Member id (NM109 with MI); usually absent for a dependent.</summary>
    public string? MemberId { get; init; }

    public DateOnly? DateOfBirth { get; init; }

    /// <summary>M, F or U.</summary>
    public string? Gender { get; init; }

    /// <summary>REF*6P group number.</summary>
    public string? GroupNumber { get; init; }

    /// <summary>INS02 relationship to subscriber for a dependent (01 spouse, 19 child, 34 other adult).</summary>
    public string? RelationshipCode { get; init; }
}
