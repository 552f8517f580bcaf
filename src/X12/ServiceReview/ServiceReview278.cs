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
/// EV patient event, SS service. Each level keeps its names, UM, HCR, dates, diagnoses and other segments.
/// </summary>
public sealed record ServiceReview278
{
    public required string ControlNumber { get; init; }

    public string? ImplementationReference { get; init; }

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

    public static ServiceReview278 Read(X12Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var segments = transaction.Segments;
        if (transaction.TransactionSetId != "278")
        {
            throw new X12ParseException("transaction set is not a 278", segments[0].Index, segments[0].Offset, "ST");
        }

        X12Segment? bht = null;
        var levels = new List<LevelBuilder>();
        LevelBuilder? current = null;
        for (var i = 1; i < segments.Count - 1; i++)
        {
            var s = segments[i];
            if (s.Id == "HL")
            {
                current = new LevelBuilder(s[1], s.Get(2), s[3]);
                levels.Add(current);
                continue;
            }

            if (current is null)
            {
                if (s.Id == "BHT")
                {
                    bht = s;
                }

                continue;
            }

            current.Add(s);
        }

        return new ServiceReview278
        {
            ControlNumber = transaction.ControlNumber,
            ImplementationReference = segments[0].Get(3),
            PurposeCode = bht?.Get(2),
            ReferenceId = bht?.Get(3),
            Date = bht?.Get(4),
            Time = bht?.Get(5),
            TransactionTypeCode = bht?.Get(6),
            Levels = [.. levels.Select(l => l.Build())],
        };
    }

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

    private sealed class LevelBuilder(string id, string? parentId, string code)
    {
        private readonly List<X12Party> _parties = [];
        private readonly List<TraceNumber> _traces = [];
        private readonly List<AaaError> _errors = [];
        private readonly List<ReferenceNumber> _references = [];
        private readonly List<DateReference> _dates = [];
        private readonly List<string> _diagnoses = [];
        private readonly List<string> _messages = [];
        private readonly List<GenericSegment> _other = [];
        private X12Segment? _um;
        private X12Segment? _hcr;

        public void Add(X12Segment s)
        {
            switch (s.Id)
            {
                case "NM1":
                    _parties.Add(new X12Party
                    {
                        EntityIdentifierCode = s[1], EntityTypeQualifier = s[2], LastOrOrganizationName = s.Get(3), FirstName = s.Get(4),
                        MiddleName = s.Get(5), NamePrefix = s.Get(6), NameSuffix = s.Get(7), IdentificationQualifier = s.Get(8), Identification = s.Get(9),
                    });
                    break;
                case "TRN":
                    _traces.Add(new TraceNumber(s[1], s[2], s.Get(3), s.Get(4)));
                    break;
                case "AAA":
                    _errors.Add(new AaaError(s[1], s[3], s.Get(4), s.Get(2)));
                    break;
                case "REF":
                    _references.Add(new ReferenceNumber(s[1], s[2], s.Get(3)));
                    break;
                case "DTP":
                    _dates.Add(new DateReference(s[1], s[2], s[3]));
                    break;
                case "HI":
                    for (var p = 1; p <= s.ElementCount; p++)
                    {
                        var code = s.Component(p, 2);
                        if (code.Length > 0)
                        {
                            _diagnoses.Add(code);
                        }
                    }

                    break;
                case "MSG":
                    _messages.Add(s[1]);
                    break;
                case "UM" when _um is null:
                    _um = s;
                    break;
                case "HCR" when _hcr is null:
                    _hcr = s;
                    break;
                default:
                    _other.Add(EligibilityReader.Generic(s));
                    break;
            }
        }

        public ReviewLevel Build() => new()
        {
            Id = id,
            ParentId = parentId,
            LevelCode = code,
            Parties = _parties,
            Traces = _traces,
            Errors = _errors,
            References = _references,
            Dates = _dates,
            DiagnosisCodes = _diagnoses,
            Messages = _messages,
            RequestCategoryCode = _um?.Get(1),
            CertificationTypeCode = _um?.Get(2),
            ServiceTypeCode = _um?.Get(3),
            FacilityType = _um?.Component(4, 1) is { Length: > 0 } f ? f : null,
            LevelOfService = _um?.Get(6),
            ActionCode = _hcr?.Get(1),
            CertificationNumber = _hcr?.Get(2),
            DecisionReasonCode = _hcr?.Get(3),
            OtherSegments = _other,
        };
    }
}

/// <summary>One HL level of a 278.</summary>
public sealed record ReviewLevel
{
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    /// <summary>HL03: 20 UMO, 21 requester, 22 subscriber, 23 dependent, EV patient event, SS service.</summary>
    public required string LevelCode { get; init; }

    /// <summary>NM1 names in the level (X3 UMO, 1P requester, IL subscriber, SJ service provider, FA facility...).</summary>
    public IReadOnlyList<X12Party> Parties { get; init; } = [];

    public IReadOnlyList<TraceNumber> Traces { get; init; } = [];

    public IReadOnlyList<AaaError> Errors { get; init; } = [];

    public IReadOnlyList<ReferenceNumber> References { get; init; } = [];

    public IReadOnlyList<DateReference> Dates { get; init; } = [];

    /// <summary>HI codes (second component of each composite).</summary>
    public IReadOnlyList<string> DiagnosisCodes { get; init; } = [];

    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>UM01: HS health services review, AR admission review, SC specialty care review.</summary>
    public string? RequestCategoryCode { get; init; }

    /// <summary>UM02: I initial, 1 appeal, 2 appeal, 3 cancel, 4 extension, S revised.</summary>
    public string? CertificationTypeCode { get; init; }

    /// <summary>UM03 service type code.</summary>
    public string? ServiceTypeCode { get; init; }

    /// <summary>UM04-1 facility type (place of service) code.</summary>
    public string? FacilityType { get; init; }

    /// <summary>UM06 level of service (03 emergency, U urgent, E elective).</summary>
    public string? LevelOfService { get; init; }

    /// <summary>HCR01 as sent.</summary>
    public string? ActionCode { get; init; }

    public ReviewDecision Decision => ServiceReview278.DecisionOf(ActionCode);

    /// <summary>HCR02 certification (authorization) number.</summary>
    public string? CertificationNumber { get; init; }

    /// <summary>HCR03 reason code.</summary>
    public string? DecisionReasonCode { get; init; }

    public IReadOnlyList<GenericSegment> OtherSegments { get; init; } = [];
}
