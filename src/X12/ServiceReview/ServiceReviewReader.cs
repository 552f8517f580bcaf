using System.Globalization;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.ServiceReview;

/// <summary>Reads a 278 transaction set into <see cref="ServiceReview278"/>. Only <see cref="X12ParseException"/> escapes for bad input.</summary>
public static class ServiceReviewReader
{
    public static ServiceReview278 Read(ReadOnlySpan<byte> x12) => Read(X12Reader.ParseSingleTransaction(x12));

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
            HierarchicalStructureCode = bht?.Get(1) ?? "0007",
            PurposeCode = bht?.Get(2),
            ReferenceId = bht?.Get(3),
            Date = bht?.Get(4),
            Time = bht?.Get(5),
            TransactionTypeCode = bht?.Get(6),
            Levels = [.. levels.Select(l => l.Build())],
        };
    }

    private static decimal? Number(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>
    /// Segments of one HL level. An NM1 opens a name loop; REF, N3, N4, PER, PRV, DMG, INS, DTP and AAA after it belong
    /// to that name until the next NM1; before the first NM1 they belong to the level (2000E/F order them so).
    /// </summary>
    private sealed class LevelBuilder(string id, string? parentId, string code)
    {
        private readonly List<NameLoop> _parties = [];
        private readonly List<TraceNumber> _traces = [];
        private readonly List<AaaError> _errors = [];
        private readonly List<ReferenceNumber> _references = [];
        private readonly List<DateReference> _dates = [];
        private readonly List<DiagnosisCode> _diagnoses = [];
        private readonly List<ServiceDelivery> _deliveries = [];
        private readonly List<string> _messages = [];
        private readonly List<GenericSegment> _other = [];
        private UtilizationManagement? _um;
        private HealthCareReview? _hcr;
        private ProfessionalService? _sv1;
        private InstitutionalService? _sv2;

        public void Add(X12Segment s)
        {
            if (s.Id == "NM1")
            {
                var party = new NameLoop();
                party.Start(s);
                _parties.Add(party);
                return;
            }

            if (_parties.Count > 0 && _parties[^1].TryAdd(s))
            {
                return;
            }

            switch (s.Id)
            {
                case "TRN":
                    _traces.Add(new TraceNumber(s[1], s[2], s.Get(3), s.Get(4)));
                    break;
                case "AAA":
                    _errors.Add(NameLoop.Aaa(s));
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
                        var parts = s.Components(p);
                        if (parts.Length >= 2 && parts[1].Length > 0)
                        {
                            _diagnoses.Add(new DiagnosisCode(parts[0], parts[1], parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null, parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null));
                        }
                    }

                    break;
                case "HSD":
                    _deliveries.Add(new ServiceDelivery(s.Get(1), s.Get(2), s.Get(3), s.Get(4), s.Get(5), s.Get(6), s.Get(7), s.Get(8)));
                    break;
                case "MSG":
                    _messages.Add(s[1]);
                    break;
                case "UM" when _um is null:
                    _um = new UtilizationManagement(s[1], s.Get(2), s.Get(3), Nullable(s.Component(4, 1)), Nullable(s.Component(4, 2)), s.Get(6));
                    break;
                case "HCR" when _hcr is null:
                    _hcr = new HealthCareReview(s[1], s.Get(2), s.Get(3), s.Get(4));
                    break;
                case "SV1" when _sv1 is null && ServiceProcedure.From(s, 1) is { } procedure:
                    _sv1 = new ProfessionalService(procedure, Number(s.Get(2)), s.Get(3), Number(s.Get(4)));
                    break;
                case "SV2" when _sv2 is null:
                    _sv2 = new InstitutionalService(s.Get(1), ServiceProcedure.From(s, 2), Number(s.Get(3)), s.Get(4), Number(s.Get(5)));
                    break;
                default:
                    _other.Add(EligibilityReader.Generic(s));
                    break;
            }
        }

        private static string? Nullable(string value) => value.Length == 0 ? null : value;

        public ReviewLevel Build() => new()
        {
            Id = id,
            ParentId = parentId,
            LevelCode = code,
            Parties = [.. _parties.Select(p => p.Build())],
            Traces = _traces,
            Errors = _errors,
            Utilization = _um,
            Certification = _hcr,
            References = _references,
            Dates = _dates,
            Diagnoses = _diagnoses,
            Deliveries = _deliveries,
            Professional = _sv1,
            Institutional = _sv2,
            Messages = _messages,
            OtherSegments = _other,
        };
    }
}
