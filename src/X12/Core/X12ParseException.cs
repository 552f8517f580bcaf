namespace PatientAccess.X12.Core;

/// <summary>
/// The only exception the reader throws for bad input. It says where (segment ordinal and byte offset) and why,
/// never which data values were involved, so it carries no PHI.
/// </summary>
public sealed class X12ParseException : Exception
{
    public X12ParseException()
        : this("malformed X12", 0, 0, null)
    {
    }

    public X12ParseException(string message)
        : this(message, 0, 0, null)
    {
    }

    public X12ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public X12ParseException(string reason, int segmentIndex, long byteOffset, string? segmentId)
        : base(Format(reason, segmentIndex, byteOffset, segmentId))
    {
        Reason = reason;
        SegmentIndex = segmentIndex;
        ByteOffset = byteOffset;
        SegmentId = segmentId;
    }

    /// <summary>What is wrong, in words, without data values.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>1-based ordinal of the segment in the input (0 when before the first segment).</summary>
    public int SegmentIndex { get; }

    /// <summary>0-based byte offset of the segment's first byte in the input.</summary>
    public long ByteOffset { get; }

    /// <summary>The segment identifier when known (ISA, ST, EB...).</summary>
    public string? SegmentId { get; }

    private static string Format(string reason, int segmentIndex, long byteOffset, string? segmentId) =>
        segmentId is null
            ? $"X12 error at segment {segmentIndex} (byte {byteOffset}): {reason}"
            : $"X12 error at segment {segmentIndex} {segmentId} (byte {byteOffset}): {reason}";
}
