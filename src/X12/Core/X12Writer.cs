using System.Globalization;
using System.Text;

namespace PatientAccess.X12.Core;

/// <summary>An element value to write: simple, composite (components) or repeated.</summary>
public readonly struct X12Element
{
    private X12Element(string? value, string?[]? components, string?[]? repetitions)
    {
        Value = value;
        ComponentValues = components;
        RepetitionValues = repetitions;
    }

    public string? Value { get; }

    public IReadOnlyList<string?>? ComponentValues { get; }

    public IReadOnlyList<string?>? RepetitionValues { get; }

    public bool IsEmpty =>
        ComponentValues is not null ? ComponentValues.All(string.IsNullOrEmpty)
        : RepetitionValues is not null ? RepetitionValues.All(string.IsNullOrEmpty)
        : string.IsNullOrEmpty(Value);

    public static implicit operator X12Element(string? value) => new(value, null, null);

    public static X12Element FromString(string? value) => new(value, null, null);

    public static X12Element Composite(params string?[] components) => new(null, components, null);

    public static X12Element Composite(IReadOnlyList<string> components) => new(null, [.. components], null);

    public static X12Element Repeated(IReadOnlyList<string> repetitions) => new(null, null, [.. repetitions]);

    public static X12Element FromDecimal(decimal? value) =>
        value is null ? new(null, null, null) : new(FormatDecimal(value.Value), null, null);

    /// <summary>X12 numbers: invariant, no exponent, no trailing zeros after the point.</summary>
    public static string FormatDecimal(decimal value)
    {
        var s = value.ToString("0.############", CultureInfo.InvariantCulture);
        return s;
    }
}

/// <summary>
/// Writes X12 text: envelopes with control numbers and counts computed, values checked against the delimiters
/// (X12 has no escape, so a value holding a delimiter is refused with <see cref="ArgumentException"/>).
/// </summary>
public sealed class X12Writer
{
    private readonly StringBuilder _out = new();
    private readonly X12Delimiters _d;
    private readonly string _afterSegment;
    private int _groupCount;
    private int _transactionCount;
    private int _segmentCount;
    private string? _isaControl;
    private string? _gsControl;
    private string? _stControl;

    /// <param name="delimiters">Delimiters to use; <see cref="X12Delimiters.Default"/> when null.</param>
    /// <param name="afterSegment">Text after each terminator, e.g. "\n" or "\r\n" for readable files; "" for none.</param>
    public X12Writer(X12Delimiters? delimiters = null, string afterSegment = "")
    {
        _d = delimiters ?? X12Delimiters.Default;
        if (!_d.AreValid(out var reason))
        {
            throw new ArgumentException(reason, nameof(delimiters));
        }

        ArgumentNullException.ThrowIfNull(afterSegment);
        if (afterSegment.Any(c => c is not ('\r' or '\n')))
        {
            throw new ArgumentException("only CR and LF may follow a segment terminator", nameof(afterSegment));
        }

        _afterSegment = afterSegment;
    }

    public X12Delimiters Delimiters => _d;

    /// <summary>Writes the fixed-width ISA (106 characters with terminator).</summary>
    public X12Writer BeginInterchange(X12InterchangeEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (_isaControl is not null)
        {
            throw new InvalidOperationException("an interchange is already open");
        }

        _isaControl = Numeric(envelope.ControlNumber, 9, "ISA13");
        var isa = string.Join(
            _d.ElementChar,
            "ISA",
            Fixed(envelope.AuthorizationQualifier, 2),
            Fixed(envelope.AuthorizationInformation, 10),
            Fixed(envelope.SecurityQualifier, 2),
            Fixed(envelope.SecurityInformation, 10),
            Fixed(envelope.SenderQualifier, 2),
            Fixed(envelope.SenderId, 15),
            Fixed(envelope.ReceiverQualifier, 2),
            Fixed(envelope.ReceiverId, 15),
            envelope.Timestamp.ToString("yyMMdd", CultureInfo.InvariantCulture),
            envelope.Timestamp.ToString("HHmm", CultureInfo.InvariantCulture),
            _d.HasRepetition ? _d.RepetitionChar.ToString() : "U",
            Fixed(envelope.Version, 5),
            _isaControl,
            envelope.AcknowledgmentRequested ? "1" : "0",
            Fixed(envelope.UsageIndicator, 1),
            _d.ComponentChar.ToString());
        _out.Append(isa).Append(_d.SegmentChar).Append(_afterSegment);
        _groupCount = 0;
        return this;
    }

    public X12Writer BeginGroup(X12GroupEnvelope group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (_isaControl is null || _gsControl is not null)
        {
            throw new InvalidOperationException("a group begins inside an interchange and outside another group");
        }

        _gsControl = Numeric(group.ControlNumber, 9, "GS06", pad: false);
        WriteRaw("GS", group.FunctionalIdentifierCode, group.SenderCode, group.ReceiverCode,
            group.Timestamp.ToString("yyyyMMdd", CultureInfo.InvariantCulture), group.Timestamp.ToString("HHmm", CultureInfo.InvariantCulture),
            _gsControl, "X", group.Version);
        _transactionCount = 0;
        return this;
    }

    public X12Writer BeginTransaction(string transactionSetId, string controlNumber, string? implementationReference)
    {
        if (_gsControl is null || _stControl is not null)
        {
            throw new InvalidOperationException("a transaction set begins inside a group and outside another set");
        }

        ArgumentException.ThrowIfNullOrEmpty(controlNumber);
        _stControl = controlNumber;
        _segmentCount = 0;
        Segment("ST", transactionSetId, controlNumber, implementationReference);
        return this;
    }

    /// <summary>Writes one segment; trailing empty elements are dropped.</summary>
    public X12Writer Segment(string id, params ReadOnlySpan<X12Element> elements)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (_stControl is null)
        {
            throw new InvalidOperationException("segments are written inside a transaction set");
        }

        var last = elements.Length - 1;
        while (last >= 0 && elements[last].IsEmpty)
        {
            last--;
        }

        _out.Append(id);
        for (var i = 0; i <= last; i++)
        {
            _out.Append(_d.ElementChar);
            AppendElement(id, i + 1, elements[i]);
        }

        _out.Append(_d.SegmentChar).Append(_afterSegment);
        _segmentCount++;
        return this;
    }

    public X12Writer EndTransaction()
    {
        if (_stControl is null)
        {
            throw new InvalidOperationException("no transaction set is open");
        }

        Segment("SE", (_segmentCount + 1).ToString(CultureInfo.InvariantCulture), _stControl);
        _stControl = null;
        _transactionCount++;
        return this;
    }

    public X12Writer EndGroup()
    {
        if (_gsControl is null || _stControl is not null)
        {
            throw new InvalidOperationException("no group is open, or a transaction set is still open");
        }

        WriteRaw("GE", _transactionCount.ToString(CultureInfo.InvariantCulture), _gsControl);
        _gsControl = null;
        _groupCount++;
        return this;
    }

    public X12Writer EndInterchange()
    {
        if (_isaControl is null || _gsControl is not null)
        {
            throw new InvalidOperationException("no interchange is open, or a group is still open");
        }

        WriteRaw("IEA", _groupCount.ToString(CultureInfo.InvariantCulture), _isaControl);
        _isaControl = null;
        return this;
    }

    public override string ToString() => _out.ToString();

    public byte[] ToUtf8Bytes() => Encoding.UTF8.GetBytes(_out.ToString());

    private void WriteRaw(string id, params ReadOnlySpan<string?> elements)
    {
        _out.Append(id);
        foreach (var e in elements)
        {
            _out.Append(_d.ElementChar);
            Check(id, 0, e);
            _out.Append(e);
        }

        _out.Append(_d.SegmentChar).Append(_afterSegment);
    }

    private void AppendElement(string id, int position, X12Element element)
    {
        if (element.ComponentValues is { } components)
        {
            var n = components.Count;
            while (n > 0 && string.IsNullOrEmpty(components[n - 1]))
            {
                n--;
            }

            for (var c = 0; c < n; c++)
            {
                if (c > 0)
                {
                    _out.Append(_d.ComponentChar);
                }

                Check(id, position, components[c]);
                _out.Append(components[c]);
            }
        }
        else if (element.RepetitionValues is { } repetitions)
        {
            if (!_d.HasRepetition && repetitions.Count(r => !string.IsNullOrEmpty(r)) > 1)
            {
                throw new ArgumentException($"{id}{position:00} repeats but the delimiters have no repetition separator", nameof(element));
            }

            var first = true;
            foreach (var r in repetitions)
            {
                if (string.IsNullOrEmpty(r))
                {
                    continue;
                }

                if (!first)
                {
                    _out.Append(_d.RepetitionChar);
                }

                Check(id, position, r);
                _out.Append(r);
                first = false;
            }
        }
        else
        {
            Check(id, position, element.Value);
            _out.Append(element.Value);
        }
    }

    private void Check(string id, int position, string? value)
    {
        if (value is null)
        {
            return;
        }

        foreach (var c in value)
        {
            if (_d.IsDelimiter(c) || c is '\r' or '\n')
            {
                // The message names the element, never the value (it may be PHI).
                throw new ArgumentException($"{id}{position:00} holds a delimiter or line-break character", nameof(value));
            }
        }
    }

    private string Fixed(string? value, int width)
    {
        value ??= string.Empty;
        if (value.Length > width)
        {
            throw new ArgumentException($"ISA value longer than {width} characters", nameof(value));
        }

        Check("ISA", 0, value);
        return value.PadRight(width);
    }

    private static string Numeric(string value, int width, string name, bool pad = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Length > width || !value.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"{name} must be 1 to {width} digits", nameof(value));
        }

        return pad ? value.PadLeft(width, '0') : value;
    }
}

/// <summary>What goes into ISA.</summary>
public sealed record X12InterchangeEnvelope
{
    public string AuthorizationQualifier { get; init; } = "00";

    public string AuthorizationInformation { get; init; } = string.Empty;

    public string SecurityQualifier { get; init; } = "00";

    public string SecurityInformation { get; init; } = string.Empty;

    public string SenderQualifier { get; init; } = "ZZ";

    public required string SenderId { get; init; }

    public string ReceiverQualifier { get; init; } = "ZZ";

    public required string ReceiverId { get; init; }

    /// <summary>ISA09/ISA10 (and GS04/GS05 unless the group says otherwise).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>ISA13, up to 9 digits (zero-padded on write).</summary>
    public required string ControlNumber { get; init; }

    public string Version { get; init; } = "00501";

    public bool AcknowledgmentRequested { get; init; }

    /// <summary>P production, T test.</summary>
    public string UsageIndicator { get; init; } = "P";
}

/// <summary>What goes into GS.</summary>
public sealed record X12GroupEnvelope
{
    /// <summary>HS for 270, HB for 271, HI for 278, FA for 999.</summary>
    public required string FunctionalIdentifierCode { get; init; }

    public required string SenderCode { get; init; }

    public required string ReceiverCode { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>GS06, 1 to 9 digits.</summary>
    public required string ControlNumber { get; init; }

    /// <summary>GS08, e.g. 005010X279A1.</summary>
    public required string Version { get; init; }
}
