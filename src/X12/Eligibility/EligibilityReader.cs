using System.Globalization;
using PatientAccess.X12.Core;

namespace PatientAccess.X12.Eligibility;

/// <summary>
/// Reads a 270 or 271 transaction set into <see cref="EligibilityTransaction"/>. Tolerant of the usual payer
/// deviations (unknown segments and codes are kept, a non-numeric amount becomes a warning); structural problems
/// (an HL without its parent, an unknown HL level) are <see cref="X12ParseException"/>s.
/// </summary>
public static class EligibilityReader
{
    /// <summary>Reads one 270/271 transaction set.</summary>
    public static EligibilityTransaction Read(X12Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.TransactionSetId is not ("270" or "271"))
        {
            var st = transaction.Segments[0];
            throw new X12ParseException("transaction set is not a 270 or 271", st.Index, st.Offset, "ST");
        }

        return new Parser(transaction).Run();
    }

    /// <summary>Reads the single 270/271 in an X12 input (a real-time request or response).</summary>
    public static EligibilityTransaction Read(ReadOnlySpan<byte> x12) => Read(X12Reader.ParseSingleTransaction(x12));

    /// <summary>Reads the single 270/271 in X12 text.</summary>
    public static EligibilityTransaction Read(string x12)
    {
        ArgumentNullException.ThrowIfNull(x12);
        return Read(System.Text.Encoding.UTF8.GetBytes(x12));
    }

    /// <summary>
    /// One HL level while it is read. Lists are created by their first item (most levels have a name loop and a few
    /// benefits, nothing else), and the records are built with plain loops.
    /// </summary>
    private sealed class LevelBuilder(string code, string id, LevelBuilder? parent)
    {
        public string Code { get; } = code;

        /// <summary>HL01.</summary>
        public string Id { get; } = id;

        public LevelBuilder? Parent { get; } = parent;

        public List<TraceNumber>? Traces { get; set; }

        public List<AaaError>? Errors { get; set; }

        public X12Party? Party { get; set; }

        public List<GenericSegment>? Other { get; set; }

        public List<EligibilityQuery>? Queries { get; set; }

        public List<BenefitInformation>? Benefits { get; set; }

        public List<LevelBuilder>? Children { get; set; }

        public void Add(LevelBuilder child) => (Children ??= new List<LevelBuilder>(1)).Add(child);

        public InformationSourceLevel ToSource()
        {
            var receivers = new InformationReceiverLevel[Children?.Count ?? 0];
            for (var k = 0; k < receivers.Length; k++)
            {
                receivers[k] = Children![k].ToReceiver();
            }

            return new InformationSourceLevel { Errors = Freeze(Errors), Payer = Party, OtherSegments = Freeze(Other), Receivers = receivers };
        }

        public InformationReceiverLevel ToReceiver() => new()
        {
            Errors = Freeze(Errors), Provider = Party, OtherSegments = Freeze(Other), Subscribers = Members(),
        };

        public MemberLevel ToMember() => new()
        {
            LevelCode = Code, Traces = Freeze(Traces), Errors = Freeze(Errors), Member = Party, OtherSegments = Freeze(Other),
            Inquiries = Freeze(Queries), Benefits = Freeze(Benefits), Dependents = Members(),
        };

        private MemberLevel[] Members()
        {
            if (Children is null)
            {
                return [];
            }

            var members = new MemberLevel[Children.Count];
            for (var k = 0; k < members.Length; k++)
            {
                members[k] = Children[k].ToMember();
            }

            return members;
        }
    }

    /// <summary>
    /// The levels read so far, to find an HL02 parent. The parent is nearly always the latest level of its kind, so
    /// that is looked at first; the index by HL01 is built only when it is not (same answer: the latest level with
    /// that id, if it has the expected code).
    /// </summary>
    private sealed class Levels
    {
        private readonly List<LevelBuilder> _all = new(4);
        private Dictionary<string, LevelBuilder>? _byId;

        public void Add(LevelBuilder level)
        {
            _all.Add(level);
            if (_byId is not null && level.Id.Length > 0)
            {
                _byId[level.Id] = level;
            }
        }

        public LevelBuilder? Parent(string parentId, string expectedCode, LevelBuilder? latest)
        {
            if (parentId.Length == 0)
            {
                return null;
            }

            if (latest is not null && latest.Id == parentId)
            {
                return latest;
            }

            if (_byId is null)
            {
                _byId = new Dictionary<string, LevelBuilder>(_all.Count, StringComparer.Ordinal);
                foreach (var level in _all)
                {
                    if (level.Id.Length > 0)
                    {
                        _byId[level.Id] = level;
                    }
                }
            }

            return _byId.TryGetValue(parentId, out var p) && p.Code == expectedCode ? p : null;
        }
    }

    private sealed class Parser(X12Transaction transaction)
    {
        private readonly IReadOnlyList<X12Segment> _s = transaction.Segments;
        private List<string>? _warnings = Warnings(transaction);
        private readonly int _end = transaction.Segments.Count - 1; // index of SE
        private readonly NameLoop _nameLoop = new();
        private int _i = 1;

        public EligibilityTransaction Run()
        {
            X12Segment? bht = null;
            List<GenericSegment>? other = null;
            while (_i < _end && _s[_i].Id != "HL")
            {
                if (_s[_i].Id == "BHT" && bht is null)
                {
                    bht = _s[_i];
                }
                else
                {
                    (other ??= []).Add(Generic(_s[_i]));
                }

                _i++;
            }

            var sources = new List<LevelBuilder>(1);
            var levels = new Levels();
            LevelBuilder? lastSource = null, lastReceiver = null, lastSubscriber = null;
            while (_i < _end)
            {
                var hl = _s[_i];
                if (hl.Id != "HL")
                {
                    // Only reachable for segments the level reader gave back; keep them.
                    (other ??= []).Add(Generic(hl));
                    _i++;
                    continue;
                }

                var code = hl[3];
                var parentId = hl[2];
                var id = hl[1];
                LevelBuilder level;
                switch (code)
                {
                    case EligibilityCodes.SourceLevel:
                        level = new LevelBuilder(code, id, null);
                        sources.Add(level);
                        lastSource = level;
                        lastReceiver = null;
                        lastSubscriber = null;
                        break;
                    case EligibilityCodes.ReceiverLevel:
                        var source = levels.Parent(parentId, EligibilityCodes.SourceLevel, lastSource) ?? lastSource ?? throw Error("HL 21 (receiver) without a 20 (source) above it", hl);
                        level = new LevelBuilder(code, id, source);
                        source.Add(level);
                        lastReceiver = level;
                        lastSubscriber = null;
                        break;
                    case EligibilityCodes.SubscriberLevel:
                        var receiver = levels.Parent(parentId, EligibilityCodes.ReceiverLevel, lastReceiver) ?? lastReceiver ?? throw Error("HL 22 (subscriber) without a 21 (receiver) above it", hl);
                        level = new LevelBuilder(code, id, receiver);
                        receiver.Add(level);
                        lastSubscriber = level;
                        break;
                    case EligibilityCodes.DependentLevel:
                        var subscriber = levels.Parent(parentId, EligibilityCodes.SubscriberLevel, lastSubscriber) ?? lastSubscriber ?? throw Error("HL 23 (dependent) without a 22 (subscriber) above it", hl);
                        level = new LevelBuilder(code, id, subscriber);
                        subscriber.Add(level);
                        break;
                    default:
                        throw Error("HL level code is not 20, 21, 22 or 23", hl);
                }

                levels.Add(level);

                _i++;
                ReadLevelBody(level);
            }

            return new EligibilityTransaction
            {
                TransactionSetId = transaction.TransactionSetId,
                ControlNumber = transaction.ControlNumber,
                ImplementationReference = transaction.Segments[0][3],
                HierarchicalStructureCode = bht?[1] ?? string.Empty,
                PurposeCode = bht?.Get(2),
                ReferenceId = bht?.Get(3),
                Date = bht?.Get(4),
                Time = bht?.Get(5),
                TransactionTypeCode = bht?.Get(6),
                Sources = Sources(sources),
                OtherSegments = Freeze(other),
                Warnings = Freeze(_warnings),
                EnvelopeErrors = transaction.EnvelopeErrors,
            };
        }

        private static List<string>? Warnings(X12Transaction transaction)
        {
            var first = transaction.Warnings;
            return first.Count == 0 ? null : [.. first];
        }

        private static InformationSourceLevel[] Sources(List<LevelBuilder> sources)
        {
            var built = new InformationSourceLevel[sources.Count];
            for (var k = 0; k < built.Length; k++)
            {
                built[k] = sources[k].ToSource();
            }

            return built;
        }

        private void Warn(string warning) => (_warnings ??= []).Add(warning);

        private void ReadLevelBody(LevelBuilder level)
        {
            while (_i < _end)
            {
                var seg = _s[_i];
                switch (seg.Id)
                {
                    case "HL":
                        return;
                    case "TRN" when level.Party is null:
                        (level.Traces ??= []).Add(new TraceNumber(seg[1], seg[2], seg.Get(3), seg.Get(4)));
                        _i++;
                        break;
                    case "AAA" when level.Party is null:
                        (level.Errors ??= []).Add(NameLoop.Aaa(seg));
                        _i++;
                        break;
                    case "NM1" when level.Party is null:
                        CheckEntityType(seg, personOnly: level.Code is EligibilityCodes.SubscriberLevel or EligibilityCodes.DependentLevel);
                        level.Party = ReadParty(inRelatedLoop: false);
                        break;
                    case "EQ":
                        (level.Queries ??= []).Add(ReadQuery());
                        break;
                    case "EB":
                        (level.Benefits ??= []).Add(ReadBenefit());
                        break;
                    default:
                        (level.Other ??= []).Add(Generic(seg));
                        _i++;
                        break;
                }
            }
        }

        private X12Party ReadParty(bool inRelatedLoop)
        {
            _nameLoop.Start(_s[_i++]);
            List<GenericSegment>? other = null;
            while (_i < _end)
            {
                var seg = _s[_i];
                if (seg.Id is "HL" or "EB" or "EQ" or "LS" or "LE" || (inRelatedLoop && seg.Id == "NM1"))
                {
                    break;
                }

                if (!_nameLoop.TryAdd(seg))
                {
                    if (seg.Id == "NM1")
                    {
                        Warn($"second NM1 in a name loop at segment {seg.Index} kept as an other segment");
                    }

                    (other ??= []).Add(Generic(seg));
                }

                _i++;
            }

            return _nameLoop.Build(other);
        }

        private EligibilityQuery ReadQuery()
        {
            var eq = _s[_i++];
            List<MonetaryAmount>? amounts = null;
            List<AdditionalInformation>? info = null;
            List<ReferenceNumber>? references = null;
            List<DateReference>? dates = null;
            List<GenericSegment>? other = null;
            while (_i < _end)
            {
                var seg = _s[_i];
                if (seg.Id is "HL" or "EB" or "EQ")
                {
                    break;
                }

                switch (seg.Id)
                {
                    case "AMT":
                        (amounts ??= []).Add(new MonetaryAmount(seg[1], Number(seg, 2)));
                        break;
                    case "III":
                        (info ??= []).Add(Iii(seg));
                        break;
                    case "REF":
                        (references ??= []).Add(new ReferenceNumber(seg[1], seg[2], seg.Get(3)));
                        break;
                    case "DTP":
                        (dates ??= []).Add(new DateReference(seg[1], seg[2], seg[3]));
                        break;
                    default:
                        (other ??= []).Add(Generic(seg));
                        break;
                }

                _i++;
            }

            return new EligibilityQuery
            {
                ServiceTypeCodes = eq.Repetitions(1),
                Procedure = eq.Components(2),
                CoverageLevelCode = eq.Get(3),
                DiagnosisPointers = eq.Components(5),
                Amounts = Freeze(amounts),
                AdditionalInformation = Freeze(info),
                References = Freeze(references),
                Dates = Freeze(dates),
                OtherSegments = Freeze(other),
            };
        }

        private BenefitInformation ReadBenefit()
        {
            var eb = _s[_i++];
            List<ServiceDelivery>? deliveries = null;
            List<ReferenceNumber>? references = null;
            List<DateReference>? dates = null;
            List<AaaError>? errors = null;
            List<string>? messages = null;
            List<AdditionalInformation>? info = null;
            List<X12Party>? related = null;
            List<GenericSegment>? other = null;
            while (_i < _end)
            {
                var seg = _s[_i];
                if (seg.Id is "HL" or "EB" or "EQ")
                {
                    break;
                }

                switch (seg.Id)
                {
                    case "HSD":
                        (deliveries ??= []).Add(new ServiceDelivery(seg.Get(1), seg.Get(2), seg.Get(3), seg.Get(4), seg.Get(5), seg.Get(6), seg.Get(7), seg.Get(8)));
                        break;
                    case "REF":
                        (references ??= []).Add(new ReferenceNumber(seg[1], seg[2], seg.Get(3)));
                        break;
                    case "DTP":
                        (dates ??= []).Add(new DateReference(seg[1], seg[2], seg[3]));
                        break;
                    case "AAA":
                        (errors ??= []).Add(NameLoop.Aaa(seg));
                        break;
                    case "MSG":
                        (messages ??= []).Add(seg[1]);
                        break;
                    case "III":
                        (info ??= []).Add(Iii(seg));
                        break;
                    case "LS":
                        _i++;
                        while (_i < _end && _s[_i].Id == "NM1")
                        {
                            CheckEntityType(_s[_i], personOnly: false);
                            (related ??= []).Add(ReadParty(inRelatedLoop: true));
                        }

                        if (_i < _end && _s[_i].Id == "LE")
                        {
                            _i++;
                        }
                        else
                        {
                            Warn($"LS at segment {seg.Index} not closed by LE");
                        }

                        continue;
                    case "NM1":
                        // A 2120 name without LS/LE: kept as a related entity.
                        Warn($"NM1 after EB without LS at segment {seg.Index}");
                        (related ??= []).Add(ReadParty(inRelatedLoop: true));
                        continue;
                    default:
                        (other ??= []).Add(Generic(seg));
                        break;
                }

                _i++;
            }

            return new BenefitInformation
            {
                InformationCode = eb[1],
                CoverageLevelCode = eb.Get(2),
                ServiceTypeCodes = eb.Repetitions(3),
                InsuranceTypeCode = eb.Get(4),
                PlanCoverageDescription = eb.Get(5),
                TimePeriodQualifier = eb.Get(6),
                MonetaryAmount = Number(eb, 7),
                Percent = Number(eb, 8),
                QuantityQualifier = eb.Get(9),
                Quantity = Number(eb, 10),
                AuthorizationRequired = eb.Get(11),
                InPlanNetwork = eb.Get(12),
                Procedure = eb.Components(13),
                DiagnosisPointers = eb.Components(14),
                Deliveries = Freeze(deliveries),
                References = Freeze(references),
                Dates = Freeze(dates),
                Errors = Freeze(errors),
                Messages = Freeze(messages),
                AdditionalInformation = Freeze(info),
                RelatedEntities = Freeze(related),
                OtherSegments = Freeze(other),
            };
        }

        /// <summary>
        /// NM102 is 1 (person) or 2 (non-person entity); a subscriber or dependent (2100C/D) is a person. Anything
        /// else is kept as sent and flagged, never passed silently.
        /// </summary>
        private void CheckEntityType(X12Segment nm1, bool personOnly)
        {
            var code = nm1[2];
            if (code is "1" || (code is "2" && !personOnly))
            {
                return;
            }

            Warn(code.Length == 0
                ? $"NM102 (entity type) at segment {nm1.Index} is missing"
                : personOnly && code == "2"
                    ? $"NM102 at segment {nm1.Index} is 2 (non-person) but a subscriber or dependent must be 1 (person)"
                    : $"NM102 at segment {nm1.Index} is not 1 (person) or 2 (non-person entity)");
        }

        private decimal? Number(X12Segment seg, int position)
        {
            var raw = seg[position];
            if (raw.Length == 0)
            {
                return null;
            }

            if (X12Numbers.Parse(raw) is { } value)
            {
                return value;
            }

            Warn($"{seg.Id}{position:00} at segment {seg.Index} is not a number");
            return null;
        }

        private static AaaError Aaa(X12Segment seg) => new(seg[1], seg[3], seg.Get(4), seg.Get(2));

        private static AdditionalInformation Iii(X12Segment seg) => new(seg.Get(1), seg.Get(2), seg.Get(3), seg.Get(4));

        private static X12ParseException Error(string reason, X12Segment seg) => new(reason, seg.Index, seg.Offset, seg.Id);
    }

    private static IReadOnlyList<T> Freeze<T>(List<T>? list) => list is null ? Array.Empty<T>() : list;

    internal static GenericSegment Generic(X12Segment seg)
    {
        var elements = new IReadOnlyList<string>[seg.ElementCount];
        for (var e = 0; e < elements.Length; e++)
        {
            elements[e] = seg.Elements[e].Length == 0 ? [] : seg.Components(e + 1);
        }

        return new GenericSegment(seg.Id, elements);
    }
}
