using System.Globalization;

namespace PatientAccess.X12.Core;

/// <summary>
/// The envelope state machine: feeds on segments, hands back each transaction set when its SE arrives, and checks
/// ISA13=IEA02, IEA01=number of groups, GS06=GE02, GE01=number of sets, ST02=SE02 and SE01=number of segments.
/// A mismatch throws when <paramref name="strict"/>, else it is recorded in <see cref="Errors"/> (and, in a tree, on
/// the set, group and interchange it concerns).
/// </summary>
internal sealed class X12EnvelopeReader(bool validate, bool keepTree, bool strict = false)
{
    private readonly List<X12Interchange> _interchanges = new(1);
    private List<X12EnvelopeError>? _errors;
    private List<X12InterchangeAcknowledgment>? _technicalAcks;
    private List<X12EnvelopeError>? _groupErrors;
    private List<X12EnvelopeError>? _interchangeErrors;
    private X12InterchangeHeader? _interchange;

    // Created by ISA and GS (the tree's lists); TA1s are rare, so their list is created by the first one.
    private List<X12FunctionalGroup>? _groups;
    private List<X12Segment>? _acks;
    private int _groupCount;
    private X12GroupHeader? _group;
    private List<X12Transaction>? _transactions;
    private int _transactionCount;
    private List<X12Segment>? _segments;
    private int _lastSetSegmentCount;

    internal IReadOnlyList<X12Interchange> Interchanges => _interchanges;

    /// <summary>Every envelope mismatch so far, in input order (empty when strict: those throw).</summary>
    internal IReadOnlyList<X12EnvelopeError> Errors => (IReadOnlyList<X12EnvelopeError>?)_errors ?? [];

    /// <summary>Every TA1 so far, in input order.</summary>
    internal IReadOnlyList<X12InterchangeAcknowledgment> InterchangeAcknowledgments =>
        (IReadOnlyList<X12InterchangeAcknowledgment>?)_technicalAcks ?? [];

    /// <summary>Accepts the next segment; returns a transaction set when one is complete.</summary>
    /// <param name="segment">The segment.</param>
    /// <param name="bytesLeft">
    /// When known, how many input bytes follow the segment: an ST's segment list is sized from it (or from the
    /// previous set) so it rarely grows. Only a capacity; it changes nothing that is read.
    /// </param>
    internal X12Transaction? Accept(X12Segment segment, long bytesLeft = -1)
    {
        if (_segments is not null)
        {
            _segments.Add(segment);
            switch (segment.Id)
            {
                case "SE":
                    return CloseTransaction(segment);
                case "ST" or "GS" or "GE" or "ISA" or "IEA":
                    throw Error("transaction set not closed by SE before " + segment.Id, segment);
                default:
                    return null;
            }
        }

        switch (segment.Id)
        {
            case "ISA":
                if (_interchange is not null)
                {
                    throw Error("ISA inside an open interchange (missing IEA)", segment);
                }

                _interchange = new X12InterchangeHeader(segment);
                _groups = keepTree ? new List<X12FunctionalGroup>(1) : null;
                _acks = null;
                _interchangeErrors = null;
                _groupCount = 0;
                return null;
            case "TA1" when _interchange is not null && _group is null:
                (_acks ??= []).Add(segment);
                (_technicalAcks ??= []).Add(X12InterchangeAcknowledgment.Read(segment));
                return null;
            case "GS":
                if (_interchange is null)
                {
                    throw Error("GS outside an interchange", segment);
                }

                if (_group is not null)
                {
                    throw Error("GS inside an open functional group (missing GE)", segment);
                }

                _group = new X12GroupHeader(segment, _interchange);
                _transactions = keepTree ? new List<X12Transaction>(1) : null;
                _groupErrors = null;
                _transactionCount = 0;
                return null;
            case "ST":
                if (_group is null)
                {
                    throw Error("ST outside a functional group", segment);
                }

                if (segment[1].Length == 0 || segment[2].Length == 0)
                {
                    throw Error("ST without transaction set identifier or control number", segment);
                }

                _segments = new List<X12Segment>(SetCapacity(bytesLeft)) { segment };
                return null;
            case "GE":
                CloseGroup(segment);
                return null;
            case "IEA":
                CloseInterchange(segment);
                return null;
            default:
                throw Error("segment outside a transaction set", segment);
        }
    }

    /// <summary>At end of input: everything opened must be closed.</summary>
    internal void Complete(int segmentIndex, long offset)
    {
        if (_segments is not null)
        {
            throw new X12ParseException("input ended inside a transaction set (missing SE)", segmentIndex, offset, null);
        }

        if (_group is not null)
        {
            throw new X12ParseException("input ended inside a functional group (missing GE)", segmentIndex, offset, null);
        }

        if (_interchange is not null)
        {
            throw new X12ParseException("input ended inside an interchange (missing IEA)", segmentIndex, offset, null);
        }

        if (_interchanges.Count == 0 && keepTree)
        {
            throw new X12ParseException("input holds no interchange", segmentIndex, offset, null);
        }
    }

    private X12Transaction CloseTransaction(X12Segment se)
    {
        var segments = _segments!;
        _segments = null;
        var st = segments[0];
        List<X12EnvelopeError>? errors = null;
        if (validate)
        {
            if (!TryCount(se[1], out var count))
            {
                Mismatch(ref errors, "SE01 is not a number", se);
            }
            else if (count != segments.Count)
            {
                Mismatch(ref errors, $"SE01 says {count} segments but the set has {segments.Count}", se);
            }

            if (!SameControlNumber(st[2], se[2]))
            {
                Mismatch(ref errors, "SE02 does not match ST02", se);
            }
        }

        _transactionCount++;
        _lastSetSegmentCount = segments.Count;
        var transaction = new X12Transaction(_group!, segments, errors);
        _transactions?.Add(transaction);

        return transaction;
    }

    private void CloseGroup(X12Segment ge)
    {
        if (_group is null)
        {
            throw Error("GE without GS", ge);
        }

        if (validate)
        {
            if (!TryCount(ge[1], out var count))
            {
                Mismatch(ref _groupErrors, "GE01 is not a number", ge);
            }
            else if (count != _transactionCount)
            {
                Mismatch(ref _groupErrors, $"GE01 says {count} transaction sets but the group has {_transactionCount}", ge);
            }

            if (!SameControlNumber(_group.ControlNumber, ge[2]))
            {
                Mismatch(ref _groupErrors, "GE02 does not match GS06", ge);
            }
        }

        if (keepTree)
        {
            var errors = (IReadOnlyList<X12EnvelopeError>?)_groupErrors ?? [];
            foreach (var t in _transactions!)
            {
                t.AddEnvelopeErrors(errors);
            }

            _groups!.Add(new X12FunctionalGroup(_group, _transactions!, ge, errors));
        }

        _groupCount++;
        _group = null;
    }

    private void CloseInterchange(X12Segment iea)
    {
        if (_interchange is null)
        {
            throw Error("IEA without ISA", iea);
        }

        if (_group is not null)
        {
            throw Error("IEA inside an open functional group (missing GE)", iea);
        }

        if (validate)
        {
            if (!TryCount(iea[1], out var count))
            {
                Mismatch(ref _interchangeErrors, "IEA01 is not a number", iea);
            }
            else if (count != _groupCount)
            {
                Mismatch(ref _interchangeErrors, $"IEA01 says {count} functional groups but the interchange has {_groupCount}", iea);
            }

            if (!SameControlNumber(_interchange.ControlNumber, iea[2]))
            {
                Mismatch(ref _interchangeErrors, "IEA02 does not match ISA13", iea);
            }
        }

        if (keepTree)
        {
            var errors = (IReadOnlyList<X12EnvelopeError>?)_interchangeErrors ?? [];
            foreach (var g in _groups!)
            {
                foreach (var t in g.Transactions)
                {
                    t.AddEnvelopeErrors(errors);
                }
            }

            _interchanges.Add(new X12Interchange(_interchange, _groups!, _acks ?? (IReadOnlyList<X12Segment>)Array.Empty<X12Segment>(), iea, errors));
        }

        _interchange = null;
    }

    /// <summary>A trailer that does not match: thrown when strict, else recorded on the reader and in <paramref name="list"/>.</summary>
    private void Mismatch(ref List<X12EnvelopeError>? list, string reason, X12Segment segment)
    {
        if (strict)
        {
            throw Error(reason, segment);
        }

        var error = new X12EnvelopeError(reason, segment.Index, segment.Offset, segment.Id);
        (_errors ??= []).Add(error);
        (list ??= []).Add(error);
    }

    /// <summary>
    /// Segments expected in a set: a little more than the previous set had; for the first set, one per 20 bytes
    /// left (271 segments average 25-30 bytes), within 8-256.
    /// </summary>
    private int SetCapacity(long bytesLeft)
    {
        if (_lastSetSegmentCount > 0)
        {
            return _lastSetSegmentCount + 4;
        }

        return bytesLeft < 0 ? 16 : (int)Math.Clamp(bytesLeft / 20, 8, 256);
    }

    private static bool TryCount(string value, out int count) =>
        int.TryParse(value.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count);

    /// <summary>Control numbers match as text, or as numbers when a sender drops leading zeros.</summary>
    private static bool SameControlNumber(string a, string b)
    {
        var x = a.AsSpan().Trim();
        var y = b.AsSpan().Trim();
        if (x.SequenceEqual(y))
        {
            return true;
        }

        return ulong.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && ulong.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && m == n;
    }

    private static X12ParseException Error(string reason, X12Segment segment) =>
        new(reason, segment.Index, segment.Offset, segment.Id);
}
