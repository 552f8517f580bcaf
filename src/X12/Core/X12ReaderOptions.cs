namespace PatientAccess.X12.Core;

/// <summary>Reader limits and checks.</summary>
public sealed record X12ReaderOptions
{
    public const int DefaultMaxSegmentLength = 1 << 20;

    public static X12ReaderOptions Default { get; } = new();

    /// <summary>A segment longer than this is an error rather than a reason to buffer without bound.</summary>
    public int MaxSegmentLength { get; init; } = DefaultMaxSegmentLength;

    /// <summary>Check control numbers and counts of ISA/IEA, GS/GE and ST/SE (on by default).</summary>
    public bool ValidateEnvelopes { get; init; } = true;

    /// <summary>
    /// When true, a count or control number that does not match is an <see cref="X12ParseException"/>. When false
    /// (the default) it is reported as an <see cref="X12EnvelopeError"/> on the transaction set, the group, the
    /// interchange and the reader, and the sets are still returned: what a payer said is not lost because its
    /// envelope was miscounted. Structural errors (a set without SE, a segment outside a set) always throw.
    /// </summary>
    public bool StrictEnvelopes { get; init; }
}
