namespace PatientAccess.X12.Core;

/// <summary>Entry points for reading X12 that fits in memory. For large batches use <see cref="X12StreamReader"/>.</summary>
public static class X12Reader
{
    /// <summary>Reads and checks every envelope in <paramref name="data"/>.</summary>
    public static X12Document Parse(ReadOnlySpan<byte> data, X12ReaderOptions? options = null)
    {
        options ??= X12ReaderOptions.Default;
        var envelope = new X12EnvelopeReader(options.ValidateEnvelopes, keepTree: true, options.StrictEnvelopes);
        var tokenizer = new X12SegmentTokenizer(data, options.MaxSegmentLength);
        var last = 0;
        while (tokenizer.TryRead(out var raw))
        {
            last = raw.Index;
            envelope.Accept(raw.ToSegment(), data.Length - raw.Offset);
        }

        envelope.Complete(last + 1, data.Length);
        return new X12Document(envelope.Interchanges, envelope.Errors, envelope.InterchangeAcknowledgments);
    }

    /// <summary>Reads X12 text (encoded as UTF-8 first).</summary>
    public static X12Document Parse(string text, X12ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(System.Text.Encoding.UTF8.GetBytes(text), options);
    }

    /// <summary>Reads a whole stream into a tree. Prefer <see cref="X12StreamReader.ReadTransactions"/> for big inputs.</summary>
    public static async Task<X12Document> ParseAsync(Stream stream, X12ReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= X12ReaderOptions.Default;
        var envelope = new X12EnvelopeReader(options.ValidateEnvelopes, keepTree: true, options.StrictEnvelopes);
        var reader = new X12StreamReader(stream, options, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            var last = 0;
            long offset = 0;
            while (await reader.ReadSegmentAsync(cancellationToken).ConfigureAwait(false) is { } segment)
            {
                last = segment.Index;
                offset = segment.Offset;
                envelope.Accept(segment);
            }

            envelope.Complete(last + 1, offset);
        }

        return new X12Document(envelope.Interchanges, envelope.Errors, envelope.InterchangeAcknowledgments);
    }

    /// <summary>The single transaction set of a one-transaction input (a real-time 271, a 999...).</summary>
    public static X12Transaction ParseSingleTransaction(ReadOnlySpan<byte> data, X12ReaderOptions? options = null)
    {
        var document = Parse(data, options);
        X12Transaction? found = null;
        foreach (var t in document.Transactions)
        {
            if (found is not null)
            {
                throw new X12ParseException("input holds more than one transaction set", t.Segments[0].Index, t.Segments[0].Offset, "ST");
            }

            found = t;
        }

        return found ?? throw new X12ParseException("input holds no transaction set", 0, 0, null);
    }
}
