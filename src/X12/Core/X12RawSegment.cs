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
        var idEnd = span.IndexOf(sep);
        if (idEnd < 0)
        {
            return new X12Segment(X12Text.SegmentId(span), [], Delimiters, Index, Offset);
        }

        var id = X12Text.SegmentId(span[..idEnd]);
        var rest = span[(idEnd + 1)..];
        Span<Range> ranges = stackalloc Range[64];
        var count = 0;
        var position = 0;
        string[]? overflow = null;
        while (true)
        {
            var next = rest[position..].IndexOf(sep);
            var end = next < 0 ? rest.Length : position + next;
            if (count < ranges.Length)
            {
                ranges[count] = new Range(position, end);
            }

            count++;
            if (next < 0)
            {
                break;
            }

            position = end + 1;
        }

        if (count > ranges.Length)
        {
            // More than 64 elements: rare enough to split again the simple way.
            overflow = new string[count];
            var r = rest;
            for (var i = 0; i < count; i++)
            {
                var n = r.IndexOf(sep);
                overflow[i] = X12Text.Decode(n < 0 ? r : r[..n]);
                r = n < 0 ? [] : r[(n + 1)..];
            }

            return new X12Segment(id, overflow, Delimiters, Index, Offset);
        }

        var elements = new string[count];
        for (var i = 0; i < count; i++)
        {
            elements[i] = X12Text.Decode(rest[ranges[i]]);
        }

        return new X12Segment(id, elements, Delimiters, Index, Offset);
    }
}

internal static class X12Text
{
    private static readonly Encoding Utf8 = Encoding.UTF8;

    // Most X12 elements are short: codes (EB01, EB02, HL03, qualifiers), dates, amounts, control numbers. A small
    // direct-mapped cache of ASCII values up to 8 bytes saves most string allocations. A race only replaces one
    // immutable string by another.
    private const int CacheSize = 4096;
    private static readonly string?[] ShortValues = new string?[CacheSize];

    internal static string Decode(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0)
        {
            return string.Empty;
        }

        if (value.Length > 8)
        {
            return Utf8.GetString(value);
        }

        ulong key = 0;
        foreach (var b in value)
        {
            if (b >= 0x80)
            {
                return Utf8.GetString(value);
            }

            key = (key << 8) | b;
        }

        var slot = (int)(((key ^ (key >> 29)) * 0x9E3779B97F4A7C15UL) >> 52) & (CacheSize - 1);
        var cached = ShortValues[slot];
        if (cached is not null && cached.Length == value.Length && Matches(cached, value))
        {
            return cached;
        }

        var created = string.Create(value.Length, key, static (chars, k) =>
        {
            for (var i = chars.Length - 1; i >= 0; i--)
            {
                chars[i] = (char)(k & 0xFF);
                k >>= 8;
            }
        });
        ShortValues[slot] = created;
        return created;
    }

    private static bool Matches(string cached, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (cached[i] != value[i])
            {
                return false;
            }
        }

        return true;
    }

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
