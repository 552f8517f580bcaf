namespace PatientAccess.X12.Core;

/// <summary>
/// A count or control number in an envelope trailer (SE, GE, IEA) that does not match its header or contents. The
/// reader reports it and keeps what the sets say (a payer's AAA in a set with a wrong SE01 is still an answer);
/// <see cref="X12ReaderOptions.StrictEnvelopes"/> makes it an <see cref="X12ParseException"/> instead. Like the
/// exception, it names positions and never data values.
/// </summary>
public sealed record X12EnvelopeError(string Reason, int SegmentIndex, long ByteOffset, string SegmentId)
{
    /// <summary>The same text an <see cref="X12ParseException"/> would carry.</summary>
    public string Message => $"X12 error at segment {SegmentIndex} {SegmentId} (byte {ByteOffset}): {Reason}";

    public override string ToString() => Message;
}
