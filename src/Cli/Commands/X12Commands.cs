using System.Globalization;
using System.Text;
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

        // Output goes through one buffer that reaches standard output (or the caller's writer) in large chunks: the
        // console writer flushes on every call, so a line-by-line writer made one system call per line.
        var output = X12OutputWriter.For(context.Out);
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
/// The output of <c>x12 parse</c>: one 64 KiB UTF-8 buffer, drained in whole chunks. On the process's console it
/// writes the bytes to standard output directly (the console writer would flush, and re-encode, on every call);
/// on any other writer (tests) it decodes each chunk once. JSON is written as UTF-8 bytes with no detour
/// through strings.
/// </summary>
internal sealed class X12OutputWriter : TextWriter
{
    private const int ChunkSize = 64 * 1024;
    private readonly Stream? _stream;
    private readonly TextWriter? _inner;
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _length;

    private X12OutputWriter(Stream? stream, TextWriter? inner)
        : base(CultureInfo.InvariantCulture)
    {
        _stream = stream;
        _inner = inner;
    }

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Standard output itself when <paramref name="writer"/> is the console's writer, else a buffer in front of it.</summary>
    public static X12OutputWriter For(TextWriter writer) =>
        ReferenceEquals(writer, Console.Out) ? new X12OutputWriter(Console.OpenStandardOutput(), null) : new X12OutputWriter(null, writer);

    public override void Write(char value) => Write([value]);

    public override void Write(ReadOnlySpan<char> chars)
    {
        while (chars.Length > 0)
        {
            if (ChunkSize - _length < 16)
            {
                Drain();
            }

            _encoder.Convert(chars, _buffer.AsSpan(_length), flush: false, out var used, out var written, out _);
            _length += written;
            chars = chars[used..];
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void WriteLine(string? value)
    {
        Write(value.AsSpan());
        Write(CoreNewLine);
    }

    /// <summary>Bytes that are already UTF-8.</summary>
    public void WriteUtf8(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_length == ChunkSize)
            {
                Drain();
            }

            var n = Math.Min(bytes.Length, ChunkSize - _length);
            bytes[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
            bytes = bytes[n..];
        }
    }

    public override void Flush()
    {
        Drain();
        _stream?.Flush();
        _inner?.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
            _stream?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Drain()
    {
        if (_length == 0)
        {
            return;
        }

        if (_stream is not null)
        {
            _stream.Write(_buffer, 0, _length);
        }
        else
        {
            // Whole characters only: keep the bytes of a character cut at the chunk's end for the next drain.
            var whole = _length;
            while (whole > 0 && (_buffer[whole - 1] & 0xC0) == 0x80)
            {
                whole--;
            }

            if (whole > 0 && _buffer[whole - 1] >= 0xC0 && whole - 1 + Utf8Length(_buffer[whole - 1]) > _length)
            {
                whole--;
            }
            else
            {
                whole = _length;
            }

            _inner!.Write(Encoding.UTF8.GetString(_buffer, 0, whole));
            _buffer.AsSpan(whole, _length - whole).CopyTo(_buffer);
            _length -= whole;
            return;
        }

        _length = 0;
    }

    private static int Utf8Length(byte lead) => lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
}
