namespace PatientAccess.X12.Core;

/// <summary>
/// The one place that finds segment boundaries. It works on whatever bytes are available, so the span tokenizer
/// (all data at hand) and the stream reader (a window of a larger input) share it.
/// </summary>
internal static class X12Scanner
{
    internal const int MaxIsaScan = 512;

    internal enum Status
    {
        Segment,
        NeedMoreData,
        End,
    }

    /// <summary>
    /// Finds the next segment in <paramref name="data"/>. On <see cref="Status.Segment"/>, the segment's bytes are
    /// <c>data[start..(start+length)]</c> without terminator; <paramref name="consumed"/> is how many bytes to drop.
    /// When <paramref name="isFinal"/> is false and the data end inside a segment, returns NeedMoreData with
    /// <paramref name="consumed"/> covering only skipped whitespace.
    /// </summary>
    internal static Status Next(
        ReadOnlySpan<byte> data,
        bool isFinal,
        ref X12Delimiters delimiters,
        ref bool haveDelimiters,
        int maxSegmentLength,
        int nextSegmentIndex,
        long baseOffset,
        out int start,
        out int length,
        out int consumed)
    {
        start = 0;
        length = 0;
        var pos = 0;
        if (baseOffset == 0 && data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
        {
            pos = 3;
        }

        while (pos < data.Length && IsInterSegmentWhitespace(data[pos], delimiters, haveDelimiters))
        {
            pos++;
        }

        consumed = pos;
        if (pos >= data.Length)
        {
            return isFinal ? Status.End : Status.NeedMoreData;
        }

        var rest = data[pos..];
        if (rest.Length < 4 && !isFinal && IsIsaPrefix(rest))
        {
            return Status.NeedMoreData;
        }

        if (IsIsa(rest))
        {
            var isa = TryReadIsa(rest, isFinal, nextSegmentIndex, baseOffset + pos, out var found, out var isaLength);
            if (isa == Status.NeedMoreData)
            {
                return Status.NeedMoreData;
            }

            delimiters = found;
            haveDelimiters = true;
            start = pos;
            length = isaLength;
            consumed = pos + isaLength + 1;
            return Status.Segment;
        }

        if (!haveDelimiters)
        {
            throw new X12ParseException("input does not start with an ISA segment", nextSegmentIndex, baseOffset + pos, null);
        }

        var end = rest.IndexOf(delimiters.Segment);
        if (end < 0)
        {
            if (rest.Length > maxSegmentLength)
            {
                throw new X12ParseException("segment longer than the allowed maximum", nextSegmentIndex, baseOffset + pos, null);
            }

            if (!isFinal)
            {
                return Status.NeedMoreData;
            }

            // A line break as terminator: the last line of a text file often has none. The envelope checks still
            // catch a truncated input (no IEA, or a cut one).
            if (delimiters.Segment is (byte)'\n' or (byte)'\r')
            {
                var last = rest.Length;
                while (last > 0 && rest[last - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0)
                {
                    last--;
                }

                ValidateId(rest[..last], delimiters.Element, nextSegmentIndex, baseOffset + pos);
                start = pos;
                length = last;
                consumed = data.Length;
                return Status.Segment;
            }

            throw new X12ParseException("last segment has no segment terminator (truncated input?)", nextSegmentIndex, baseOffset + pos, null);
        }

        if (end > maxSegmentLength)
        {
            throw new X12ParseException("segment longer than the allowed maximum", nextSegmentIndex, baseOffset + pos, null);
        }

        var segLength = end;
        if (delimiters.Segment == (byte)'\n' && segLength > 0 && rest[segLength - 1] == (byte)'\r')
        {
            segLength--;
        }

        ValidateId(rest[..segLength], delimiters.Element, nextSegmentIndex, baseOffset + pos);
        start = pos;
        length = segLength;
        consumed = pos + end + 1;
        return Status.Segment;
    }

    private static bool IsInterSegmentWhitespace(byte b, X12Delimiters d, bool haveDelimiters)
    {
        if (b is not ((byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t' or 0))
        {
            return false;
        }

        // A whitespace byte that is a delimiter other than the terminator is data, not padding.
        return !haveDelimiters || b == d.Segment || (b != d.Element && b != d.Component && b != d.Repetition);
    }

    private static bool IsIsaPrefix(ReadOnlySpan<byte> rest)
    {
        var prefix = "ISA"u8;
        for (var i = 0; i < rest.Length && i < 3; i++)
        {
            if ((rest[i] & 0xDF) != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIsa(ReadOnlySpan<byte> rest) =>
        rest.Length >= 4 && (rest[0] & 0xDF) == 'I' && (rest[1] & 0xDF) == 'S' && (rest[2] & 0xDF) == 'A' && !X12Delimiters.IsDataByte(rest[3]);

    /// <summary>
    /// Reads the ISA: element separator at index 3, then 16 elements; ISA16 (one byte) is the component separator
    /// and the byte after it the segment terminator. A fixed-width ISA puts them at 104 and 105; a payer that does
    /// not pad is read the same way. ISA11 is the repetition separator when it is one non-alphanumeric byte.
    /// </summary>
    private static Status TryReadIsa(ReadOnlySpan<byte> rest, bool isFinal, int segmentIndex, long offset, out X12Delimiters delimiters, out int isaLength)
    {
        delimiters = default;
        isaLength = 0;
        var element = rest[3];
        var count = 1;
        var rep10 = -1;
        var rep11 = -1;
        var limit = Math.Min(rest.Length, MaxIsaScan);
        var i = 4;
        for (; i < limit && count < 16; i++)
        {
            if (rest[i] == element)
            {
                count++;
                if (count == 11)
                {
                    rep10 = i;
                }
                else if (count == 12)
                {
                    rep11 = i;
                }
            }
        }

        if (count < 16)
        {
            if (!isFinal && rest.Length < MaxIsaScan)
            {
                return Status.NeedMoreData;
            }

            throw new X12ParseException("ISA segment has fewer than 16 elements", segmentIndex, offset, "ISA");
        }

        // i is now one past the 16th separator: ISA16 at i, terminator at i + 1.
        if (i + 1 >= rest.Length)
        {
            if (!isFinal)
            {
                return Status.NeedMoreData;
            }

            throw new X12ParseException("ISA segment is truncated", segmentIndex, offset, "ISA");
        }

        var component = rest[i];
        var terminator = rest[i + 1];
        byte repetition = 0;
        if (rep10 >= 0 && rep11 == rep10 + 2)
        {
            var r = rest[rep10 + 1];
            if (!X12Delimiters.IsDataByte(r))
            {
                repetition = r;
            }
        }

        delimiters = new X12Delimiters(element, repetition, component, terminator);
        if (!delimiters.AreValid(out var reason))
        {
            var withoutRepetition = delimiters with { Repetition = 0 };
            if (repetition != 0 && repetition == component && withoutRepetition.AreValid(out _))
            {
                // ISA11 = ISA16, as in published guide examples: kept, and each element is split by its definition
                // (repetitions for a repeatable element such as EB03, components for a composite such as EB13).
                // X12Transaction.Warnings says so.
            }
            else if (repetition != 0 && withoutRepetition.AreValid(out _))
            {
                // A repetition separator that clashes with the element separator or the terminator is treated as
                // absent (some senders put odd values in ISA11).
                delimiters = withoutRepetition;
            }
            else
            {
                throw new X12ParseException("ISA delimiters are invalid: " + reason, segmentIndex, offset, "ISA");
            }
        }

        isaLength = i + 1;
        return Status.Segment;
    }

    private static void ValidateId(ReadOnlySpan<byte> segment, byte element, int segmentIndex, long offset)
    {
        // The identifier ends at the first element separator (or the segment end) and must be 2 or 3 letters or
        // digits, so looking at bytes 2 and 3 decides its length without a search: a separator earlier than that is
        // not a letter or digit and fails the check below.
        var idLength = segment.Length == 2 || (segment.Length > 2 && segment[2] == element) ? 2
            : segment.Length == 3 || (segment.Length > 3 && segment[3] == element) ? 3
            : -1;
        if (idLength < 0)
        {
            throw new X12ParseException("segment identifier must be 2 or 3 letters or digits", segmentIndex, offset, null);
        }

        for (var k = 0; k < idLength; k++)
        {
            if (!char.IsAsciiLetterOrDigit((char)segment[k]))
            {
                throw new X12ParseException("segment identifier must be 2 or 3 letters or digits", segmentIndex, offset, null);
            }
        }
    }
}
