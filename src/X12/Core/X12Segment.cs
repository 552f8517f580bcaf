using System.Text;

namespace PatientAccess.X12.Core;

/// <summary>
/// One segment, materialised: the identifier (upper-cased) and its elements as strings, with the delimiters
/// needed to split composites and repetitions on demand. Element numbers are 1-based as in the guides
/// (<c>segment[3]</c> is EB03); a missing element reads as an empty string.
/// </summary>
public sealed class X12Segment
{
    private readonly string[] _elements;

    public X12Segment(string id, string[] elements, X12Delimiters delimiters, int index = 0, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(elements);
        Id = id;
        _elements = elements;
        Delimiters = delimiters;
        Index = index;
        Offset = offset;
    }

    public string Id { get; }

    /// <summary>The elements after the identifier; <c>Elements[0]</c> is element 01.</summary>
    public IReadOnlyList<string> Elements => _elements;

    public int ElementCount => _elements.Length;

    public X12Delimiters Delimiters { get; }

    /// <summary>1-based ordinal of the segment in its input.</summary>
    public int Index { get; }

    /// <summary>Byte offset of the segment in its input.</summary>
    public long Offset { get; }

    /// <summary>Element by 1-based position; empty when absent.</summary>
    public string this[int position] =>
        position >= 1 && position <= _elements.Length ? _elements[position - 1] : string.Empty;

    /// <summary>Element value or null when absent or empty.</summary>
    public string? Get(int position)
    {
        var value = this[position];
        return value.Length == 0 ? null : value;
    }

    /// <summary>Component (1-based) of a composite element; empty when absent.</summary>
    public string Component(int position, int component)
    {
        var parts = Components(position);
        return component >= 1 && component <= parts.Length ? parts[component - 1] : string.Empty;
    }

    /// <summary>The components of an element (one item for a simple element, none for an empty one).</summary>
    public string[] Components(int position)
    {
        var value = this[position];
        return value.Length == 0 ? [] : value.Contains(Delimiters.ComponentChar, StringComparison.Ordinal) ? value.Split(Delimiters.ComponentChar) : [value];
    }

    /// <summary>The repetitions of an element (one item when the interchange has no repetition separator).</summary>
    public string[] Repetitions(int position)
    {
        var value = this[position];
        if (value.Length == 0)
        {
            return [];
        }

        // Most elements hold one value: no split (and no searching it twice) then.
        return Delimiters.HasRepetition && value.Contains(Delimiters.RepetitionChar, StringComparison.Ordinal)
            ? value.Split(Delimiters.RepetitionChar, StringSplitOptions.RemoveEmptyEntries)
            : [value];
    }

    /// <summary>The segment as X12 text with its own delimiters, without terminator.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Id);
        foreach (var e in _elements)
        {
            sb.Append(Delimiters.ElementChar).Append(e);
        }

        return sb.ToString();
    }
}
