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
}
