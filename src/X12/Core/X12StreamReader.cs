using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace PatientAccess.X12.Core;

/// <summary>
/// Reads segments from a stream through a bounded window, so a large batch is never held in memory whole.
/// Memory use is one buffer of about the longest segment (at least 64 KiB). For PipeReader and TextReader inputs
/// use <see cref="Create(PipeReader, X12ReaderOptions?)"/> and <see cref="Create(TextReader, X12ReaderOptions?)"/>.
/// </summary>
public sealed class X12StreamReader : IDisposable, IAsyncDisposable
{
    private const int InitialBuffer = 64 * 1024;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly X12ReaderOptions _options;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start;
    private int _end;
    private long _offset;
    private bool _eof;
    private X12Delimiters _delimiters;
    private bool _haveDelimiters;
    private int _segmentIndex;
    private X12EnvelopeReader? _envelope;

    public X12StreamReader(Stream stream, X12ReaderOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options ?? X12ReaderOptions.Default;
    }

    /// <summary>Delimiters of the interchange being read.</summary>
    public X12Delimiters Delimiters => _delimiters;

    /// <summary>
    /// Envelope mismatches met so far by <see cref="ReadTransactions"/> (SE errors are also on their set; GE and IEA
    /// errors arrive after their sets were handed out, so they are only here).
    /// </summary>
    public IReadOnlyList<X12EnvelopeError> EnvelopeErrors => _envelope?.Errors ?? [];

    /// <summary>TA1 interchange acknowledgments met so far by <see cref="ReadTransactions"/>.</summary>
    public IReadOnlyList<X12InterchangeAcknowledgment> TechnicalAcknowledgments => _envelope?.InterchangeAcknowledgments ?? [];

    public static X12StreamReader Create(PipeReader reader, X12ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new X12StreamReader(reader.AsStream(), options);
    }

    /// <summary>Reads characters, encoded as UTF-8 (delimiters are expected to be ASCII).</summary>
    public static X12StreamReader Create(TextReader reader, X12ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new X12StreamReader(new TextReaderStream(reader), options);
    }

    /// <summary>The next segment, or null at the end of the input.</summary>
    public X12Segment? ReadSegment()
    {
        while (true)
        {
            if (TryTake(out var segment))
            {
                return segment;
            }

            if (_eof && _start >= _end)
            {
                return null;
            }

            Fill(_stream.Read(PrepareRead()));
        }
    }

    public async ValueTask<X12Segment?> ReadSegmentAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryTake(out var segment))
            {
                return segment;
            }

            if (_eof && _start >= _end)
            {
                return null;
            }

            var memory = PrepareReadMemory();
            Fill(await _stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Transaction sets one at a time with their envelopes checked as they close.</summary>
    public IEnumerable<X12Transaction> ReadTransactions()
    {
        var envelope = _envelope = new X12EnvelopeReader(_options.ValidateEnvelopes, keepTree: false, _options.StrictEnvelopes);
        while (ReadSegment() is { } segment)
        {
            if (envelope.Accept(segment) is { } transaction)
            {
                yield return transaction;
            }
        }

        envelope.Complete(_segmentIndex + 1, _offset + _start);
    }

    public async IAsyncEnumerable<X12Transaction> ReadTransactionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var envelope = _envelope = new X12EnvelopeReader(_options.ValidateEnvelopes, keepTree: false, _options.StrictEnvelopes);
        while (await ReadSegmentAsync(cancellationToken).ConfigureAwait(false) is { } segment)
        {
            if (envelope.Accept(segment) is { } transaction)
            {
                yield return transaction;
            }
        }

        envelope.Complete(_segmentIndex + 1, _offset + _start);
    }

    public void Dispose()
    {
        ReturnBuffer();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReturnBuffer();
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool TryTake(out X12Segment? segment)
    {
        segment = null;
        if (_start >= _end && !_eof)
        {
            return false;
        }

        var window = _buffer.AsSpan(_start, _end - _start);
        var status = X12Scanner.Next(
            window, _eof, ref _delimiters, ref _haveDelimiters, _options.MaxSegmentLength, _segmentIndex + 1, _offset + _start,
            out var start, out var length, out var consumed);
        if (status == X12Scanner.Status.Segment)
        {
            _segmentIndex++;
            segment = new X12RawSegment(window.Slice(start, length), _delimiters, _segmentIndex, _offset + _start + start).ToSegment();
            _start += consumed;
            return true;
        }

        // Skipped whitespace is consumed either way.
        _start += consumed;
        return false;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = 0;
            _end = 0;
            _eof = true;
        }
    }

    private Span<byte> PrepareRead() => PrepareReadMemory().Span;

    private Memory<byte> PrepareReadMemory()
    {
        if (_start > 0)
        {
            var live = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
            _offset += _start;
            _start = 0;
            _end = live;
        }

        if (_end == _buffer.Length)
        {
            // One segment fills the buffer: grow (the scanner stops at MaxSegmentLength).
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsMemory(_end);
    }

    private void Fill(int read)
    {
        if (read <= 0)
        {
            _eof = true;
        }
        else
        {
            _end += read;
        }
    }

    /// <summary>A read-only stream of the UTF-8 bytes of a TextReader.</summary>
    private sealed class TextReaderStream(TextReader reader) : Stream
    {
        private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        private readonly char[] _chars = new char[16 * 1024];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var max = Math.Min(_chars.Length, buffer.Length / 3);
            if (max == 0)
            {
                return 0;
            }

            var n = reader.Read(_chars, 0, max);
            return n == 0 ? 0 : _encoder.GetBytes(_chars.AsSpan(0, n), buffer, flush: false);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                reader.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
