using PatientAccess.X12.Core;

namespace PatientAccess.Cli.Commands;

/// <summary>
/// <c>x12 parse FILE [--json | --summary]</c>: reads any size of 270/271/278/999/TA1 input one transaction set at a
/// time. Text: the semantic view of each set. <c>--json</c>: JSON Lines, one compact camelCase object per line
/// (interchange and group headers once, then each set with its model and, for a 271, the semantic view; a parse
/// error ends the output as an error object, so every line is valid JSON). <c>--summary</c>: counts only.
/// </summary>
public static class X12Commands
{
    private const string Usage = "usage: x12 parse FILE [--json | --summary]";

    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("x12", "parse", "x12 parse FILE [--json | --summary]", "show a 270/271/278/999/TA1 file (semantic view, JSON Lines, or counts)", ParseAsync),
    ];

    private static async Task<int> ParseAsync(CommandContext context)
    {
        var files = context.Positional;
        var json = context.HasFlag("--json");
        var summary = context.HasFlag("--summary");
        if (files.Count != 1 || (json && summary) || context.Arguments.Any(a => a.StartsWith("--", StringComparison.Ordinal) && a is not ("--json" or "--summary")))
        {
            await context.Error.WriteLineAsync(Usage);
            return ExitCodes.Usage;
        }

        var path = files[0];
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"cannot read {path}: {ex.Message}");
            return ExitCodes.Usage;
        }

        // Output goes through one buffer that reaches the caller's writer in large chunks: a console writer flushes
        // on every call, so a line-by-line writer made one system call per line.
        var output = new ChunkedTextWriter(context.Out);
        await using (output.ConfigureAwait(false))
        {
            using X12View view = json ? new X12JsonView(output) : summary ? new X12SummaryView(output) : new X12TextView(output);
            return await ReadAsync(stream, path, view, context);
        }
    }

    private static async Task<int> ReadAsync(FileStream stream, string path, X12View view, CommandContext context)
    {
        var reader = new X12StreamReader(stream);
        await using (reader.ConfigureAwait(false))
        {
            var sets = 0;
            var acknowledgments = 0;
            var errors = 0;
            try
            {
                await foreach (var transaction in reader.ReadTransactionsAsync(context.CancellationToken).ConfigureAwait(false))
                {
                    // TA1s and GE/IEA mismatches met since the previous set come first, in input order; this set's own
                    // SE errors travel with it.
                    acknowledgments = ReportAcknowledgments(reader, view, acknowledgments);
                    errors = await ReportEnvelopeErrorsAsync(reader, view, errors, transaction, path, context.Error);
                    view.Transaction(transaction);
                    sets++;
                }

                acknowledgments = ReportAcknowledgments(reader, view, acknowledgments);
                errors = await ReportEnvelopeErrorsAsync(reader, view, errors, null, path, context.Error);
                view.Complete();
            }
            catch (X12ParseException ex)
            {
                view.ParseError(ex);
                await context.Error.WriteLineAsync($"{path}: {ex.Message}");
                return ExitCodes.BadInput;
            }

            if (sets == 0 && acknowledgments == 0)
            {
                await context.Error.WriteLineAsync($"{path}: no X12 transaction set or TA1 found");
                return ExitCodes.BadInput;
            }

            return errors > 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }
    }

    private static int ReportAcknowledgments(X12StreamReader reader, X12View view, int seen)
    {
        var all = reader.TechnicalAcknowledgments;
        for (; seen < all.Count; seen++)
        {
            view.InterchangeAcknowledgment(all[seen]);
        }

        return seen;
    }

    private static async Task<int> ReportEnvelopeErrorsAsync(X12StreamReader reader, X12View view, int seen, X12Transaction? transaction, string path, TextWriter error)
    {
        var all = reader.EnvelopeErrors;
        for (; seen < all.Count; seen++)
        {
            var e = all[seen];
            await error.WriteLineAsync($"{path}: {e.Message}");
            if (transaction is null || !transaction.EnvelopeErrors.Contains(e))
            {
                view.EnvelopeError(e);
            }
        }

        return seen;
    }
}

/// <summary>What <c>x12 parse</c> prints, fed one item at a time in input order.</summary>
internal abstract class X12View : IDisposable
{
    public abstract void Transaction(X12Transaction transaction);

    public abstract void InterchangeAcknowledgment(X12InterchangeAcknowledgment ta1);

    /// <summary>A GE or IEA mismatch (an SE mismatch comes with its set).</summary>
    public abstract void EnvelopeError(X12EnvelopeError error);

    public abstract void ParseError(X12ParseException error);

    public virtual void Complete()
    {
    }

    public virtual void Dispose()
    {
    }
}

/// <summary>
/// Collects characters and hands them to the inner writer in chunks of 64 K characters (and at dispose), so a
/// console writer that flushes every call makes one system call per chunk.
/// </summary>
internal sealed class ChunkedTextWriter(TextWriter inner) : TextWriter(System.Globalization.CultureInfo.InvariantCulture)
{
    private const int ChunkSize = 64 * 1024;
    private readonly char[] _buffer = new char[ChunkSize];
    private int _length;

    public override System.Text.Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (_length == _buffer.Length)
        {
            Drain();
        }

        _buffer[_length++] = value;
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_length == _buffer.Length)
            {
                Drain();
            }

            var n = Math.Min(buffer.Length, _buffer.Length - _length);
            buffer[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void WriteLine(string? value)
    {
        Write(value.AsSpan());
        Write(CoreNewLine);
    }

    public override void Flush()
    {
        Drain();
        inner.Flush();
    }

    public override async ValueTask DisposeAsync()
    {
        Drain();
        await inner.FlushAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Drain();
            inner.Flush();
        }

        base.Dispose(disposing);
    }

    private void Drain()
    {
        if (_length > 0)
        {
            inner.Write(_buffer, 0, _length);
            _length = 0;
        }
    }
}
