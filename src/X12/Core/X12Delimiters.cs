namespace PatientAccess.X12.Core;

/// <summary>
/// The four X12 delimiters. On read they come from the ISA segment; on write the caller chooses them.
/// <see cref="Repetition"/> is 0 when the interchange has no repetition separator (ISA11 a letter, as in 4010).
/// </summary>
public readonly record struct X12Delimiters(byte Element, byte Repetition, byte Component, byte Segment)
{
    /// <summary>The usual 5010 set: <c>*</c> elements, <c>^</c> repetitions, <c>:</c> components, <c>~</c> segments.</summary>
    public static X12Delimiters Default { get; } = new((byte)'*', (byte)'^', (byte)':', (byte)'~');

    public char ElementChar => (char)Element;

    public char RepetitionChar => (char)Repetition;

    public char ComponentChar => (char)Component;

    public char SegmentChar => (char)Segment;

    public bool HasRepetition => Repetition != 0;

    /// <summary>
    /// True when the interchange uses one character as repetition (ISA11) and component (ISA16) separator, as some
    /// published guide examples do. The reader then splits each element by its definition: repetitions for a
    /// repeatable element (EB03, EQ01), components for a composite (EB13, EQ02). The writer never produces this.
    /// </summary>
    public bool RepetitionSharesComponent => Repetition != 0 && Repetition == Component;

    /// <summary>Creates a set from characters; every one must be a single-byte (Latin-1) character.</summary>
    public static X12Delimiters From(char element, char repetition, char component, char segment)
    {
        var d = new X12Delimiters(ToByte(element), repetition == '\0' ? (byte)0 : ToByte(repetition), ToByte(component), ToByte(segment));
        if (!d.AreValid(out var reason))
        {
            throw new ArgumentException(reason, nameof(element));
        }

        return d;
    }

    /// <summary>True when the delimiters are distinct and none is a letter, digit or space.</summary>
    public bool AreValid(out string reason)
    {
        if (Element == Component || Element == Segment || Component == Segment)
        {
            reason = "element, component and segment delimiters must be distinct";
            return false;
        }

        if (Repetition != 0 && (Repetition == Element || Repetition == Component || Repetition == Segment))
        {
            reason = "the repetition separator must differ from the other delimiters";
            return false;
        }

        if (IsDataByte(Element) || IsDataByte(Component) || IsDataByte(Segment) || (Repetition != 0 && IsDataByte(Repetition)))
        {
            reason = "a delimiter cannot be a letter, a digit or a space";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    internal bool IsDelimiter(char c) =>
        c == Element || c == Component || c == Segment || (Repetition != 0 && c == Repetition);

    internal static bool IsDataByte(byte b) => b == (byte)' ' || char.IsAsciiLetterOrDigit((char)b);

    private static byte ToByte(char c) =>
        c <= '\u00FF' ? (byte)c : throw new ArgumentException("delimiters must be single-byte characters", nameof(c));
}
