namespace PatientAccess.X12.Core;

/// <summary>
/// TA1, the interchange acknowledgment: which interchange (TA101 control number, TA102 date, TA103 time) was
/// accepted or rejected (TA104) and why (TA105 note code). It sits between ISA and GS, outside any transaction set.
/// </summary>
public sealed record X12InterchangeAcknowledgment
{
    /// <summary>TA101: the acknowledged interchange's ISA13.</summary>
    public required string ControlNumber { get; init; }

    /// <summary>TA102, YYMMDD.</summary>
    public string? Date { get; init; }

    /// <summary>TA103, HHMM.</summary>
    public string? Time { get; init; }

    /// <summary>TA104: A accepted, E accepted with errors, R rejected.</summary>
    public string? AcknowledgmentCode { get; init; }

    /// <summary>TA105: 000 no error, 001-031 what was wrong with the envelope.</summary>
    public string? NoteCode { get; init; }

    /// <summary>1-based ordinal of the TA1 in its input.</summary>
    public int SegmentIndex { get; init; }

    public bool Accepted => AcknowledgmentCode is "A" or "E";

    public string Status => AcknowledgmentCode switch
    {
        "A" => "accepted",
        "E" => "accepted with errors",
        "R" => "rejected",
        _ => "unknown acknowledgment code",
    };

    /// <summary>TA105 in words (the X12 interchange note codes); null for a code the table does not know.</summary>
    public string? Note => NoteCode is not null && Notes.TryGetValue(NoteCode, out var text) ? text : null;

    public static X12InterchangeAcknowledgment Read(X12Segment ta1)
    {
        ArgumentNullException.ThrowIfNull(ta1);
        if (ta1.Id != "TA1")
        {
            throw new X12ParseException("segment is not a TA1", ta1.Index, ta1.Offset, ta1.Id);
        }

        return new X12InterchangeAcknowledgment
        {
            ControlNumber = ta1[1].Trim(),
            Date = ta1.Get(2),
            Time = ta1.Get(3),
            AcknowledgmentCode = ta1.Get(4)?.Trim().ToUpperInvariant(),
            NoteCode = ta1.Get(5)?.Trim(),
            SegmentIndex = ta1.Index,
        };
    }

    private static readonly Dictionary<string, string> Notes = new(StringComparer.Ordinal)
    {
        ["000"] = "No error",
        ["001"] = "The interchange control number in the header and trailer do not match",
        ["002"] = "This standard as noted in the control standards identifier is not supported",
        ["003"] = "This version of the controls is not supported",
        ["004"] = "The segment terminator is invalid",
        ["005"] = "Invalid interchange ID qualifier for sender",
        ["006"] = "Invalid interchange sender ID",
        ["007"] = "Invalid interchange ID qualifier for receiver",
        ["008"] = "Invalid interchange receiver ID",
        ["009"] = "Unknown interchange receiver ID",
        ["010"] = "Invalid authorization information qualifier value",
        ["011"] = "Invalid authorization information value",
        ["012"] = "Invalid security information qualifier value",
        ["013"] = "Invalid security information value",
        ["014"] = "Invalid interchange date value",
        ["015"] = "Invalid interchange time value",
        ["016"] = "Invalid interchange standards identifier value",
        ["017"] = "Invalid interchange version ID value",
        ["018"] = "Invalid interchange control number value",
        ["019"] = "Invalid acknowledgment requested value",
        ["020"] = "Invalid test indicator value",
        ["021"] = "Invalid number of included groups value",
        ["022"] = "Invalid control structure",
        ["023"] = "Improper (premature) end-of-file (transmission)",
        ["024"] = "Invalid interchange content (e.g. invalid GS segment)",
        ["025"] = "Duplicate interchange control number",
        ["026"] = "Invalid data element separator",
        ["027"] = "Invalid component element separator",
        ["028"] = "Invalid delivery date in deferred delivery request",
        ["029"] = "Invalid delivery time in deferred delivery request",
        ["030"] = "Invalid delivery time code in deferred delivery request",
        ["031"] = "Invalid grade of service code",
    };
}
