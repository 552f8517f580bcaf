using System.Text;

namespace PatientAccess.X12.Core;

/// <summary>
/// A segment as a view over the input bytes: no allocation until <see cref="ToSegment"/> or
/// <see cref="GetElementString"/> is called.
/// </summary>
public readonly ref struct X12RawSegment
{
    internal X12RawSegment(ReadOnlySpan<byte> span, X12Delimiters delimiters, int index, long offset)
    {
        Span = span;
        Delimiters = delimiters;
        Index = index;
        Offset = offset;
    }

    /// <summary>The segment bytes without terminator.</summary>
    public ReadOnlySpan<byte> Span { get; }

    public X12Delimiters Delimiters { get; }

    public int Index { get; }

    public long Offset { get; }

    /// <summary>The identifier bytes (as written; compare with <see cref="IdEquals"/> for case-insensitivity).</summary>
    public ReadOnlySpan<byte> IdSpan
    {
        get
        {
            var i = Span.IndexOf(Delimiters.Element);
            return i < 0 ? Span : Span[..i];
        }
    }

    public bool IdEquals(ReadOnlySpan<byte> upperCaseId)
    {
        var id = IdSpan;
        if (id.Length != upperCaseId.Length)
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            if ((id[i] & 0xDF) != upperCaseId[i] && id[i] != upperCaseId[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Element bytes by 1-based position; empty when absent.</summary>
    public ReadOnlySpan<byte> GetElement(int position)
    {
        var rest = Span;
        for (var i = 0; i <= position; i++)
        {
            var sep = rest.IndexOf(Delimiters.Element);
            if (i == position)
            {
                return sep < 0 ? rest : rest[..sep];
            }

            if (sep < 0)
            {
                return [];
            }

            rest = rest[(sep + 1)..];
        }

        return [];
    }

    public string GetElementString(int position) => X12Text.Decode(GetElement(position));

    /// <summary>Materialises the segment.</summary>
    public X12Segment ToSegment()
    {
        var span = Span;
        var sep = Delimiters.Element;
        var count = span.Count(sep);
        var idEnd = span.IndexOf(sep);
        var id = X12Text.SegmentId(idEnd < 0 ? span : span[..idEnd]);
        var elements = count == 0 ? [] : new string[count];
        if (count > 0)
        {
            var rest = span[(idEnd + 1)..];
            for (var i = 0; i < count; i++)
            {
                var next = rest.IndexOf(sep);
                var value = next < 0 ? rest : rest[..next];
                elements[i] = X12Text.Decode(value);
                rest = next < 0 ? [] : rest[(next + 1)..];
            }
        }

        return new X12Segment(id, elements, Delimiters, Index, Offset);
    }
}

internal static class X12Text
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);

    internal static string Decode(ReadOnlySpan<byte> value) => value.Length == 0 ? string.Empty : Utf8.GetString(value);

    /// <summary>Upper-cased identifier; the usual ones come from a table so they do not allocate.</summary>
    internal static string SegmentId(ReadOnlySpan<byte> id)
    {
        Span<char> upper = stackalloc char[3];
        var n = Math.Min(id.Length, 3);
        for (var i = 0; i < n; i++)
        {
            upper[i] = char.ToUpperInvariant((char)id[i]);
        }

        var key = upper[..n];
        return key switch
        {
            "ISA" => "ISA",
            "IEA" => "IEA",
            "GS" => "GS",
            "GE" => "GE",
            "ST" => "ST",
            "SE" => "SE",
            "BHT" => "BHT",
            "HL" => "HL",
            "NM1" => "NM1",
            "REF" => "REF",
            "N3" => "N3",
            "N4" => "N4",
            "PER" => "PER",
            "PRV" => "PRV",
            "DMG" => "DMG",
            "INS" => "INS",
            "DTP" => "DTP",
            "TRN" => "TRN",
            "EQ" => "EQ",
            "EB" => "EB",
            "HSD" => "HSD",
            "AAA" => "AAA",
            "MSG" => "MSG",
            "III" => "III",
            "LS" => "LS",
            "LE" => "LE",
            "AK1" => "AK1",
            "AK2" => "AK2",
            "IK3" => "IK3",
            "IK4" => "IK4",
            "IK5" => "IK5",
            "AK9" => "AK9",
            "CTX" => "CTX",
            "UM" => "UM",
            "HCR" => "HCR",
            "HI" => "HI",
            "MPI" => "MPI",
            "AMT" => "AMT",
            "TA1" => "TA1",
            _ => new string(key),
        };
    }
}
