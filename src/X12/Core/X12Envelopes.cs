namespace PatientAccess.X12.Core;

/// <summary>ISA header values (trimmed of their fixed-width padding).</summary>
public sealed class X12InterchangeHeader
{
    // The trimmed values are made when first asked for: most readers never look at the ISA fields, and trimming
    // padded ids allocates.
    private string? _senderQualifier;
    private string? _senderId;
    private string? _receiverQualifier;
    private string? _receiverId;
    private string? _date;
    private string? _time;
    private string? _version;
    private string? _controlNumber;
    private string? _acknowledgmentRequested;
    private string? _usageIndicator;

    internal X12InterchangeHeader(X12Segment isa)
    {
        Segment = isa;
        Delimiters = isa.Delimiters;
    }

    public X12Segment Segment { get; }

    public X12Delimiters Delimiters { get; }

    public string SenderQualifier => _senderQualifier ??= Segment[5].Trim();

    public string SenderId => _senderId ??= Segment[6].Trim();

    public string ReceiverQualifier => _receiverQualifier ??= Segment[7].Trim();

    public string ReceiverId => _receiverId ??= Segment[8].Trim();

    /// <summary>ISA09, YYMMDD.</summary>
    public string Date => _date ??= Segment[9].Trim();

    /// <summary>ISA10, HHMM.</summary>
    public string Time => _time ??= Segment[10].Trim();

    /// <summary>ISA12, 00501 for 5010.</summary>
    public string Version => _version ??= Segment[12].Trim();

    public string ControlNumber => _controlNumber ??= Segment[13].Trim();

    public string AcknowledgmentRequested => _acknowledgmentRequested ??= Segment[14].Trim();

    /// <summary>ISA15: P production, T test.</summary>
    public string UsageIndicator => _usageIndicator ??= Segment[15].Trim();
}

/// <summary>GS header values.</summary>
public sealed class X12GroupHeader
{
    internal X12GroupHeader(X12Segment gs, X12InterchangeHeader interchange)
    {
        Segment = gs;
        Interchange = interchange;
        FunctionalIdentifierCode = gs[1];
        SenderCode = gs[2];
        ReceiverCode = gs[3];
        Date = gs[4];
        Time = gs[5];
        ControlNumber = gs[6];
        Version = gs[8];
    }

    public X12Segment Segment { get; }

    public X12InterchangeHeader Interchange { get; }

    /// <summary>GS01: HS 270, HB 271, HI 278, FA 999.</summary>
    public string FunctionalIdentifierCode { get; }

    public string SenderCode { get; }

    public string ReceiverCode { get; }

    public string Date { get; }

    public string Time { get; }

    public string ControlNumber { get; }

    /// <summary>GS08, e.g. 005010X279A1.</summary>
    public string Version { get; }
}

/// <summary>One transaction set, ST through SE, with the group and interchange it came in.</summary>
public sealed class X12Transaction
{
    private List<X12EnvelopeError>? _envelopeErrors;

    internal X12Transaction(X12GroupHeader group, IReadOnlyList<X12Segment> segments, List<X12EnvelopeError>? envelopeErrors = null)
    {
        Group = group;
        Segments = segments;
        _envelopeErrors = envelopeErrors;
        var st = segments[0];
        TransactionSetId = st[1];
        ControlNumber = st[2];
        ImplementationReference = st[3].Length > 0 ? st[3] : group.Version;
    }

    public X12GroupHeader Group { get; }

    /// <summary>ST through SE inclusive.</summary>
    public IReadOnlyList<X12Segment> Segments { get; }

    /// <summary>ST01: 270, 271, 278, 999...</summary>
    public string TransactionSetId { get; }

    public string ControlNumber { get; }

    /// <summary>ST03, or GS08 when ST03 is absent.</summary>
    public string ImplementationReference { get; }

    public X12Delimiters Delimiters => Group.Interchange.Delimiters;

    /// <summary>
    /// Envelope mismatches that concern this set: its SE, and (when read as a tree by <see cref="X12Reader"/>) its
    /// group's GE and its interchange's IEA. A streamed set carries only its own; the stream reader lists all.
    /// </summary>
    public IReadOnlyList<X12EnvelopeError> EnvelopeErrors => (IReadOnlyList<X12EnvelopeError>?)_envelopeErrors ?? [];

    /// <summary>True when the version (ST03, else GS08) is 4010 (004010...), read here with the 5010 rules.</summary>
    public bool IsVersion4010 => ImplementationReference.StartsWith("004010", StringComparison.Ordinal);

    /// <summary>
    /// What a reader of this set should know about how it was read, in words without data values: a 4010 version
    /// read with 5010 rules, a repetition separator shared with the component separator. Empty for a usual 5010 set.
    /// </summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            List<string>? warnings = null;
            if (IsVersion4010)
            {
                (warnings ??= []).Add($"version {ImplementationReference} is 4010, not 5010: read with the 5010 rules, so 4010-only codes and loops may be kept as unknown; check the values against the 4010 guide");
            }
            else if (Group.Interchange.Version is { Length: > 0 } isaVersion && isaVersion != "00501" && ImplementationReference.StartsWith("00501", StringComparison.Ordinal))
            {
                (warnings ??= []).Add($"the interchange says version {isaVersion} (ISA12) but the set is {ImplementationReference}: read as 5010");
            }

            if (Delimiters.RepetitionSharesComponent)
            {
                (warnings ??= []).Add("ISA11 (repetition separator) and ISA16 (component separator) are the same character: each element was split by its definition, repetitions for a repeatable element (EB03, EQ01), components for a composite (EB13, EQ02)");
            }

            return (IReadOnlyList<string>?)warnings ?? [];
        }
    }

    internal void AddEnvelopeErrors(IReadOnlyList<X12EnvelopeError> errors)
    {
        if (errors.Count > 0)
        {
            (_envelopeErrors ??= []).AddRange(errors);
        }
    }
}

/// <summary>A functional group with its transaction sets.</summary>
public sealed class X12FunctionalGroup
{
    internal X12FunctionalGroup(X12GroupHeader header, IReadOnlyList<X12Transaction> transactions, X12Segment trailer, IReadOnlyList<X12EnvelopeError> envelopeErrors)
    {
        Header = header;
        Transactions = transactions;
        Trailer = trailer;
        EnvelopeErrors = envelopeErrors;
    }

    /// <summary>GE mismatches (count of sets, control number).</summary>
    public IReadOnlyList<X12EnvelopeError> EnvelopeErrors { get; }

    public X12GroupHeader Header { get; }

    public IReadOnlyList<X12Transaction> Transactions { get; }

    public X12Segment Trailer { get; }
}

/// <summary>An interchange with its groups.</summary>
public sealed class X12Interchange
{
    internal X12Interchange(X12InterchangeHeader header, IReadOnlyList<X12FunctionalGroup> groups, IReadOnlyList<X12Segment> acknowledgments, X12Segment trailer, IReadOnlyList<X12EnvelopeError> envelopeErrors)
    {
        Header = header;
        Groups = groups;
        InterchangeAcknowledgments = acknowledgments;
        Trailer = trailer;
        EnvelopeErrors = envelopeErrors;
    }

    /// <summary>IEA mismatches (count of groups, control number).</summary>
    public IReadOnlyList<X12EnvelopeError> EnvelopeErrors { get; }

    /// <summary>The TA1s of <see cref="InterchangeAcknowledgments"/>, read.</summary>
    public IEnumerable<X12InterchangeAcknowledgment> TechnicalAcknowledgments => InterchangeAcknowledgments.Select(X12InterchangeAcknowledgment.Read);

    public X12InterchangeHeader Header { get; }

    public IReadOnlyList<X12FunctionalGroup> Groups { get; }

    /// <summary>TA1 segments found between ISA and the first GS.</summary>
    public IReadOnlyList<X12Segment> InterchangeAcknowledgments { get; }

    public X12Segment Trailer { get; }

    public IEnumerable<X12Transaction> Transactions => Groups.SelectMany(g => g.Transactions);
}

/// <summary>Everything in one input: usually one interchange.</summary>
public sealed class X12Document
{
    internal X12Document(IReadOnlyList<X12Interchange> interchanges, IReadOnlyList<X12EnvelopeError> envelopeErrors, IReadOnlyList<X12InterchangeAcknowledgment> technicalAcknowledgments)
    {
        Interchanges = interchanges;
        EnvelopeErrors = envelopeErrors;
        TechnicalAcknowledgments = technicalAcknowledgments;
    }

    public IReadOnlyList<X12Interchange> Interchanges { get; }

    /// <summary>Every envelope mismatch (SE, GE, IEA), in input order.</summary>
    public IReadOnlyList<X12EnvelopeError> EnvelopeErrors { get; }

    /// <summary>Every TA1, in input order.</summary>
    public IReadOnlyList<X12InterchangeAcknowledgment> TechnicalAcknowledgments { get; }

    public IEnumerable<X12Transaction> Transactions => Interchanges.SelectMany(i => i.Transactions);
}
