namespace PatientAccess.X12.Core;

/// <summary>
/// Splits X12 bytes into segments without allocating. Delimiters are taken from each ISA it meets, so an input
/// with several interchanges that use different delimiters reads correctly. Throws only
/// <see cref="X12ParseException"/>.
/// </summary>
public ref struct X12SegmentTokenizer
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _maxSegmentLength;
    private X12Delimiters _delimiters;
    private bool _haveDelimiters;
    private int _position;
    private int _segmentIndex;

    public X12SegmentTokenizer(ReadOnlySpan<byte> data, int maxSegmentLength = X12ReaderOptions.DefaultMaxSegmentLength)
    {
        _data = data;
        _maxSegmentLength = maxSegmentLength;
        _delimiters = default;
        _haveDelimiters = false;
        _position = 0;
        _segmentIndex = 0;
    }

    /// <summary>The delimiters of the current interchange (default until the first ISA is read).</summary>
    public readonly X12Delimiters Delimiters => _delimiters;

    public readonly int Position => _position;

    public bool TryRead(out X12RawSegment segment)
    {
        var status = X12Scanner.Next(
            _data[_position..], true, ref _delimiters, ref _haveDelimiters, _maxSegmentLength, _segmentIndex + 1, _position,
            out var start, out var length, out var consumed);
        if (status != X12Scanner.Status.Segment)
        {
            _position = _data.Length;
            segment = default;
            return false;
        }

        _segmentIndex++;
        segment = new X12RawSegment(_data.Slice(_position + start, length), _delimiters, _segmentIndex, _position + start);
        _position += consumed;
        return true;
    }
}
