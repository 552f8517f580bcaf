using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

        // Identifiers are two or three bytes (the scanner checked), so look there before searching.
        var idEnd = span.Length > 2 && span[2] == sep ? 2 : span.Length > 3 && span[3] == sep ? 3 : span.IndexOf(sep);
        if (idEnd < 0)
        {
            return new X12Segment(X12Text.SegmentId(span), [], Delimiters, Index, Offset);
        }

        var id = X12Text.SegmentId(span[..idEnd]);
        var rest = span[(idEnd + 1)..];

        // One vectorised pass counts the separators (to size the array) and tells whether the segment is all ASCII,
        // so values can be widened to strings without UTF-8 decoding; the second pass walks the separator bit masks.
        var separators = X12Text.CountSeparators(rest, sep, out var ascii);
        var elements = new string[separators + 1];
        if (separators == 0)
        {
            elements[0] = ascii ? X12Text.DecodeAscii(rest, 0, rest.Length) : X12Text.Decode(rest);
        }
        else if (ascii)
        {
            X12Text.SplitAscii(rest, sep, elements);
        }
        else
        {
            var e = 0;
            var from = 0;
            for (var k = 0; k < rest.Length; k++)
            {
                if (rest[k] == sep)
                {
                    elements[e++] = X12Text.Decode(rest[from..k]);
                    from = k + 1;
                }
            }

            elements[e] = X12Text.Decode(rest[from..]);
        }

        return new X12Segment(id, elements, Delimiters, Index, Offset);
    }
}

internal static class X12Text
{
    private static readonly Encoding Utf8 = Encoding.UTF8;

    // Most X12 elements are short: codes (EB01, EB02, HL03, qualifiers), dates, amounts, control numbers. A small
    // direct-mapped cache of ASCII values up to 8 bytes saves most string allocations. Each entry keeps the bytes
    // packed in a ulong, so a hit costs one comparison. An entry is an immutable object, so a race only replaces one
    // whole entry by another.
    //
    // Only values of up to three bytes are cached: qualifiers and codes (IL, IND, 30, Y, HL, EB ...). Longer values
    // (dates of birth, member ids, names) are PHI and must not outlive the transaction in a process-wide cache.
    private const int CacheSize = 4096;
    private const int MaxCachedLength = 3;
    private static readonly ShortValue?[] ShortValues = new ShortValue?[CacheSize];

    /// <summary>
    /// How many <paramref name="separator"/> bytes <paramref name="span"/> holds, and whether every byte is ASCII.
    /// </summary>
    internal static int CountSeparators(ReadOnlySpan<byte> span, byte separator, out bool ascii)
    {
        ref var start = ref MemoryMarshal.GetReference(span);
        var length = span.Length;
        var count = 0;
        if (Vector128.IsHardwareAccelerated && length >= Vector128<byte>.Count)
        {
            var sep = Vector128.Create(separator);
            var any = Vector128<byte>.Zero;
            var i = 0;
            for (; i <= length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref start, (nuint)i);
                count += BitOperations.PopCount(Vector128.Equals(v, sep).ExtractMostSignificantBits());
                any |= v;
            }

            if (i < length)
            {
                // The last 16 bytes, overlapping; the bits of bytes already counted are shifted out.
                var v = Vector128.LoadUnsafe(ref start, (nuint)(length - Vector128<byte>.Count));
                count += BitOperations.PopCount(Vector128.Equals(v, sep).ExtractMostSignificantBits() >> (i - length + Vector128<byte>.Count));
                any |= v;
            }

            ascii = any.ExtractMostSignificantBits() == 0;
            return count;
        }

        var high = 0;
        for (var i = 0; i < length; i++)
        {
            var b = Unsafe.Add(ref start, i);
            count += b == separator ? 1 : 0;
            high |= b;
        }

        ascii = high < 0x80;
        return count;
    }

    /// <summary>Splits an all-ASCII <paramref name="span"/> holding <c>elements.Length - 1</c> separators into strings.</summary>
    internal static void SplitAscii(ReadOnlySpan<byte> span, byte separator, string[] elements)
    {
        ref var start = ref MemoryMarshal.GetReference(span);
        var length = span.Length;
        var e = 0;
        var from = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated && length >= Vector128<byte>.Count)
        {
            var sep = Vector128.Create(separator);
            for (; i <= length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var mask = Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)i), sep).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(mask);
                    elements[e++] = DecodeAscii(span, from, at);
                    from = at + 1;
                    mask &= mask - 1;
                }
            }

            if (i < length)
            {
                var shift = i - length + Vector128<byte>.Count;
                var mask = Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)(length - Vector128<byte>.Count)), sep).ExtractMostSignificantBits() >> shift;
                while (mask != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(mask);
                    elements[e++] = DecodeAscii(span, from, at);
                    from = at + 1;
                    mask &= mask - 1;
                }
            }
        }
        else
        {
            for (; i < length; i++)
            {
                if (Unsafe.Add(ref start, i) == separator)
                {
                    elements[e++] = DecodeAscii(span, from, i);
                    from = i + 1;
                }
            }
        }

        elements[e] = DecodeAscii(span, from, length);
    }

    /// <summary>
    /// Decodes <c>source[from..to]</c>, known to be ASCII. When eight bytes can be read from <paramref name="from"/>
    /// inside <paramref name="source"/>, a short value's cache key comes from one big-endian load instead of a byte loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static string DecodeAscii(ReadOnlySpan<byte> source, int from, int to)
    {
        // Inlined into the splitters: empty and cached values (most elements) cost no call.
        var length = to - from;
        if (length == 0)
        {
            return string.Empty;
        }

        if (length > MaxCachedLength)
        {
            return WidenToString(source.Slice(from, length));
        }

        ulong key;
        if (source.Length - from >= 4)
        {
            key = BinaryPrimitives.ReadUInt32BigEndian(source[from..]) >> (8 * (4 - length));
        }
        else
        {
            key = 0;
            for (var i = from; i < to; i++)
            {
                key = (key << 8) | source[i];
            }
        }

        var slot = Slot(key);
        var cached = ShortValues[slot];
        return cached is not null && cached.Key == key && cached.Value.Length == length ? cached.Value : AddShort(slot, key, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string WidenToString(ReadOnlySpan<byte> ascii) =>
        string.Create(ascii.Length, ascii, static (chars, bytes) => Widen(bytes, chars));

    /// <summary>ASCII bytes to chars, eight at a time (the last eight overlapping), four at a time, then one by one.</summary>
    private static void Widen(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        ref var src = ref MemoryMarshal.GetReference(bytes);
        ref var dst = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
        var n = bytes.Length;
        if (n >= 8 && Vector128.IsHardwareAccelerated)
        {
            var i = 0;
            for (; i <= n - 8; i += 8)
            {
                Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i))).AsByte()).StoreUnsafe(ref dst, (nuint)i);
            }

            if (i < n)
            {
                Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, n - 8))).AsByte()).StoreUnsafe(ref dst, (nuint)(n - 8));
            }

            return;
        }

        if (n >= 4 && Vector128.IsHardwareAccelerated)
        {
            var head = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref src)).AsByte()).AsUInt64().ToScalar();
            var tail = Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, n - 4))).AsByte()).AsUInt64().ToScalar();
            Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref dst), head);
            Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref dst, n - 4)), tail);
            return;
        }

        for (var i = 0; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
        }
    }

    internal static string Decode(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0)
        {
            return string.Empty;
        }

        if (value.Length > MaxCachedLength)
        {
            return Utf8.GetString(value);
        }

        ulong key = 0;
        foreach (var b in value)
        {
            key = (key << 8) | b;
        }

        if ((key & 0x8080808080808080UL) != 0)
        {
            return Utf8.GetString(value);
        }

        return Cached(key, value.Length);
    }

    /// <summary>The string of a short ASCII value packed big-endian in <paramref name="key"/>, from the cache when there.</summary>
    private static string Cached(ulong key, int length)
    {
        var slot = Slot(key);
        var cached = ShortValues[slot];
        if (cached is not null && cached.Key == key && cached.Value.Length == length)
        {
            return cached.Value;
        }

        return AddShort(slot, key, length);
    }

    private static int Slot(ulong key) => (int)(((key ^ (key >> 29)) * 0x9E3779B97F4A7C15UL) >> 52) & (CacheSize - 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string AddShort(int slot, ulong key, int length)
    {
        var created = string.Create(length, key, static (chars, k) =>
        {
            for (var i = chars.Length - 1; i >= 0; i--)
            {
                chars[i] = (char)(k & 0xFF);
                k >>= 8;
            }
        });
        ShortValues[slot] = new ShortValue(key, created);
        return created;
    }

    // Known identifiers by their packed ASCII bytes, open addressing; filled once, read-only afterwards.
    private const int IdTableSize = 128;
    private static readonly (uint Key, string Id)[] KnownIds = BuildIdTable(
        "ISA", "IEA", "GS", "GE", "ST", "SE", "BHT", "HL", "NM1", "REF", "N3", "N4", "PER", "PRV", "DMG", "INS", "DTP", "TRN", "EQ", "EB", "HSD", "AAA", "MSG", "III", "LS", "LE", "AK1", "AK2", "IK3", "IK4", "IK5", "AK9", "CTX", "UM", "HCR", "HI", "MPI", "AMT", "TA1");

    /// <summary>Upper-cased identifier; the usual ones come from a table so they do not allocate.</summary>
    internal static string SegmentId(ReadOnlySpan<byte> id)
    {
        // Fast path: the identifier's ASCII bytes, lower-case letters folded, packed in a uint and looked up.
        if (id.Length is 2 or 3)
        {
            uint key = 0;
            foreach (var b in id)
            {
                key = (key << 8) | (b is >= (byte)'a' and <= (byte)'z' ? (uint)(b - 0x20) : b);
            }

            for (var slot = IdSlot(key); KnownIds[slot].Key != 0; slot = (slot + 1) & (IdTableSize - 1))
            {
                if (KnownIds[slot].Key == key)
                {
                    return KnownIds[slot].Id;
                }
            }
        }

        Span<char> upper = stackalloc char[3];
        var n = Math.Min(id.Length, 3);
        for (var i = 0; i < n; i++)
        {
            upper[i] = char.ToUpperInvariant((char)id[i]);
        }

        return new string(upper[..n]);
    }

    private static int IdSlot(uint key) => (int)((key * 0x9E3779B1u) >> 25) & (IdTableSize - 1);

    private static (uint Key, string Id)[] BuildIdTable(params string[] ids)
    {
        var table = new (uint Key, string Id)[IdTableSize];
        foreach (var id in ids)
        {
            uint key = 0;
            foreach (var c in id)
            {
                key = (key << 8) | c;
            }

            var slot = IdSlot(key);
            while (table[slot].Key != 0)
            {
                slot = (slot + 1) & (IdTableSize - 1);
            }

            table[slot] = (key, id);
        }

        return table;
    }

    private sealed class ShortValue(ulong key, string value)
    {
        public ulong Key { get; } = key;

        public string Value { get; } = value;
    }
}
