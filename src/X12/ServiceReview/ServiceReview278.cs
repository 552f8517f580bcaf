using System.Globalization;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.ServiceReview;

/// <summary>HCR01 decision of a 278 response.</summary>
public enum ReviewDecision
{
    /// <summary>No HCR, or a code this library does not know (see <see cref="ReviewLevel.ActionCode"/>).</summary>
    Unknown,

    /// <summary>A1 certified in total.</summary>
    Certified,

    /// <summary>A2 certified, partial.</summary>
    CertifiedPartial,

    /// <summary>A3 not certified.</summary>
    NotCertified,

    /// <summary>A4 pended.</summary>
    Pended,

    /// <summary>A6 modified.</summary>
    Modified,

    /// <summary>C cancelled.</summary>
    Cancelled,

    /// <summary>CT contact payer.</summary>
    ContactPayer,

    /// <summary>NA no action required.</summary>
    NoActionRequired,
}

/// <summary>
/// A 278 (005010X217) request or response as its HL levels: 20 UMO, 21 requester, 22 subscriber, 23 dependent,
/// EV patient event, SS service. Each level keeps its names (with their REF, N3/N4, PER, PRV, DMG, INS, DTP), TRN,
/// AAA, UM, HCR, REF, DTP, HI, HSD, SV1/SV2, MSG and any other segment. <see cref="ServiceReviewWriter"/> writes the
/// same model; what <see cref="Read(X12Transaction)"/> reads back from it equals the model.
/// </summary>
public sealed record ServiceReview278
{
    public const string ImplementationGuide = "005010X217";

    public required string ControlNumber { get; init; }

    public string? ImplementationReference { get; init; } = ImplementationGuide;

    /// <summary>BHT01: 0007.</summary>
    public string HierarchicalStructureCode { get; init; } = "0007";

    /// <summary>BHT02: 13 request, 11 response, 01 cancellation.</summary>
    public string? PurposeCode { get; init; }

    public string? ReferenceId { get; init; }

    public string? Date { get; init; }

    public string? Time { get; init; }

    /// <summary>BHT06: 18 health services review, 56 appeal...</summary>
    public string? TransactionTypeCode { get; init; }

    /// <summary>HL levels in document order.</summary>
    public IReadOnlyList<ReviewLevel> Levels { get; init; } = [];

    /// <summary>The levels carrying an HCR decision (patient events and services).</summary>
    public IEnumerable<ReviewLevel> Decisions => Levels.Where(l => l.ActionCode is not null);

    /// <summary>The service levels (HL03 SS), in order.</summary>
    public IEnumerable<ReviewLevel> Services => Levels.Where(l => l.LevelCode == ReviewLevelCodes.Service);

    /// <summary>AAA anywhere in the transaction: the payer could not process (part of) the request.</summary>
    public IEnumerable<AaaError> Errors => Levels.SelectMany(l => l.Errors.Concat(l.Parties.SelectMany(p => p.Errors)));

    public bool IsRequest => PurposeCode == "13";

    public static ServiceReview278 Read(X12Transaction transaction) => ServiceReviewReader.Read(transaction);

    public static ReviewDecision DecisionOf(string? actionCode) => actionCode?.Trim().ToUpperInvariant() switch
    {
        "A1" => ReviewDecision.Certified,
        "A2" => ReviewDecision.CertifiedPartial,
        "A3" => ReviewDecision.NotCertified,
        "A4" => ReviewDecision.Pended,
        "A6" => ReviewDecision.Modified,
        "C" => ReviewDecision.Cancelled,
        "CT" => ReviewDecision.ContactPayer,
        "NA" => ReviewDecision.NoActionRequired,
        _ => ReviewDecision.Unknown,
    };
}

/// <summary>HL03 codes of a 278.</summary>
public static class ReviewLevelCodes
{
    public const string Umo = "20";
    public const string Requester = "21";
    public const string Subscriber = "22";
    public const string Dependent = "23";
    public const string PatientEvent = "EV";
    public const string Service = "SS";
}

/// <summary>A procedure composite (SV101 / SV202): qualifier (HC CPT/HCPCS, N4...), code, modifiers, description.</summary>
public sealed record ServiceProcedure(string Qualifier, string Code, IReadOnlyList<string> Modifiers, string? Description = null)
{
    internal string?[] Components()
    {
        var parts = new string?[7];
        parts[0] = Qualifier;
        parts[1] = Code;
        for (var i = 0; i < Math.Min(4, Modifiers.Count); i++) parts[2 + i] = Modifiers[i];
        parts[6] = Description;
        return parts;
    }

    internal static ServiceProcedure? From(X12Segment s, int position)
    {
        var parts = s.Components(position);
        if (parts.Length < 2 || parts[1].Length == 0) return null;
        var modifiers = parts.Skip(2).Take(4).Where(m => m.Length > 0).ToList();
        return new ServiceProcedure(parts[0], parts[1], modifiers, parts.Length > 6 && parts[6].Length > 0 ? parts[6] : null);
    }
}

/// <summary>SV1 (professional service, 2000F): procedure, charge, unit basis (UN units, MJ minutes), quantity.</summary>
public sealed record ProfessionalService(ServiceProcedure Procedure, decimal? ChargeAmount, string? UnitBasis, decimal? Quantity);

/// <summary>SV2 (institutional service, 2000F): revenue code, procedure, charge, unit basis (DA days, UN units), quantity.</summary>
public sealed record InstitutionalService(string? RevenueCode, ServiceProcedure? Procedure, decimal? ChargeAmount, string? UnitBasis, decimal? Quantity);

/// <summary>UM (2000E/2000F): request category, certification type, service type, facility (place of service), level of service.</summary>
/// <param name="RequestCategory">UM01: HS health services review, AR admission review, SC specialty care review.</param>
/// <param name="CertificationType">UM02: I initial, 1/2 appeal, 3 cancel, 4 extension, S revised.</param>
/// <param name="ServiceType">UM03 service type code.</param>
/// <param name="FacilityCode">UM04-1 facility type (place of service) code.</param>
/// <param name="FacilityCodeQualifier">UM04-2: B place of service, A UB facility type.</param>
/// <param name="LevelOfService">UM06: 03 emergency, U urgent, E elective.</param>
public sealed record UtilizationManagement(
    string RequestCategory,
    string? CertificationType,
    string? ServiceType = null,
    string? FacilityCode = null,
    string? FacilityCodeQualifier = null,
    string? LevelOfService = null);

/// <summary>HCR (2000E/2000F response): action code, certification number, reason, second surgical opinion.</summary>
public sealed record HealthCareReview(string ActionCode, string? CertificationNumber = null, string? ReasonCode = null, string? SecondSurgicalOpinion = null)
{
    public ReviewDecision Decision => ServiceReview278.DecisionOf(ActionCode);
}

/// <summary>One HI composite: qualifier (ABK principal ICD-10-CM, ABF other...), code, optional date.</summary>
public sealed record DiagnosisCode(string Qualifier, string Code, string? DateFormat = null, string? Date = null);

/// <summary>One HL level of a 278.</summary>
public sealed record ReviewLevel
{
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    /// <summary>HL03: 20 UMO, 21 requester, 22 subscriber, 23 dependent, EV patient event, SS service.</summary>
    public required string LevelCode { get; init; }

    /// <summary>NM1 loops in the level (X3 UMO, 1P requester, IL subscriber, QC patient, SJ service provider, FA facility...) with their REF, N3/N4, PER, PRV, DMG, INS, DTP.</summary>
    public IReadOnlyList<X12Party> Parties { get; init; } = [];

    public IReadOnlyList<TraceNumber> Traces { get; init; } = [];

    public IReadOnlyList<AaaError> Errors { get; init; } = [];

    public UtilizationManagement? Utilization { get; init; }

    public HealthCareReview? Certification { get; init; }

    /// <summary>REF of the level (before its names): BB authorization number, NT administrative reference, D9 claim number...</summary>
    public IReadOnlyList<ReferenceNumber> References { get; init; } = [];

    /// <summary>DTP of the level: AAH certification effective (RD8 range), 472 service date, 435 admission...</summary>
    public IReadOnlyList<DateReference> Dates { get; init; } = [];

    public IReadOnlyList<DiagnosisCode> Diagnoses { get; init; } = [];

    public IReadOnlyList<ServiceDelivery> Deliveries { get; init; } = [];

    public ProfessionalService? Professional { get; init; }

    public InstitutionalService? Institutional { get; init; }

    public IReadOnlyList<string> Messages { get; init; } = [];

    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];

    /// <summary>HI codes (the code of each composite).</summary>
    public IReadOnlyList<string> DiagnosisCodes => [.. Diagnoses.Select(d => d.Code)];

    public string? RequestCategoryCode => Utilization?.RequestCategory;

    public string? CertificationTypeCode => Utilization?.CertificationType;

    public string? ServiceTypeCode => Utilization?.ServiceType;

    public string? FacilityType => Utilization?.FacilityCode;

    public string? LevelOfService => Utilization?.LevelOfService;

    /// <summary>HCR01 as sent.</summary>
    public string? ActionCode => Certification?.ActionCode;

    public ReviewDecision Decision => ServiceReview278.DecisionOf(ActionCode);

    /// <summary>HCR02 certification (authorization) number, or REF*BB.</summary>
    public string? CertificationNumber => Certification?.CertificationNumber ?? References.FirstOrDefault(r => r.Qualifier == "BB")?.Value;

    /// <summary>HCR03 reason code.</summary>
    public string? DecisionReasonCode => Certification?.ReasonCode;

    /// <summary>The procedure code of the service (SV1 or SV2).</summary>
    public string? ProcedureCode => Professional?.Procedure.Code ?? Institutional?.Procedure?.Code;

    /// <summary>Units requested or certified: SV1/SV2 quantity, else HSD02.</summary>
    public decimal? Units =>
        Professional?.Quantity ?? Institutional?.Quantity ??
        (Deliveries.Count > 0 && Deliveries[0].Quantity is { } q && decimal.TryParse(q, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null);

    /// <summary>DTP*AAH (certification effective) or else 472 (service date): the first and last day.</summary>
    public (DateOnly? Start, DateOnly? End) CertifiedPeriod
    {
        get
        {
            var d = Dates.FirstOrDefault(x => x.Qualifier == "AAH") ?? Dates.FirstOrDefault(x => x.Qualifier == "472");
            return d is null ? (null, null) : (d.Start, d.End);
        }
    }
}
