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
    internal X12Transaction(X12GroupHeader group, IReadOnlyList<X12Segment> segments)
    {
        Group = group;
        Segments = segments;
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
}

/// <summary>A functional group with its transaction sets.</summary>
public sealed class X12FunctionalGroup
{
    internal X12FunctionalGroup(X12GroupHeader header, IReadOnlyList<X12Transaction> transactions, X12Segment trailer)
    {
        Header = header;
        Transactions = transactions;
        Trailer = trailer;
    }

    public X12GroupHeader Header { get; }

    public IReadOnlyList<X12Transaction> Transactions { get; }

    public X12Segment Trailer { get; }
}

/// <summary>An interchange with its groups.</summary>
public sealed class X12Interchange
{
    internal X12Interchange(X12InterchangeHeader header, IReadOnlyList<X12FunctionalGroup> groups, IReadOnlyList<X12Segment> acknowledgments, X12Segment trailer)
    {
        Header = header;
        Groups = groups;
        InterchangeAcknowledgments = acknowledgments;
        Trailer = trailer;
    }

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
    internal X12Document(IReadOnlyList<X12Interchange> interchanges)
    {
        Interchanges = interchanges;
    }

    public IReadOnlyList<X12Interchange> Interchanges { get; }

    public IEnumerable<X12Transaction> Transactions => Interchanges.SelectMany(i => i.Transactions);
}
