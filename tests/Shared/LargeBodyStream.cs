namespace PatientAccess.Tests.Common;

/// <summary>
/// A request body of <paramref name="length"/> spaces that is never held in memory; <see cref="Position"/> counts what
/// was read, so a test can see that an oversized body was refused after reading just past the limit.
/// </summary>
public sealed class LargeBodyStream(long length) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get; set; }

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - Position);
        Array.Fill(buffer, (byte)' ', offset, n);
        Position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
