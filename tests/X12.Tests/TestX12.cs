using System.Text;
using PatientAccess.X12.Core;

namespace PatientAccess.X12.Tests;

/// <summary>Helpers to wrap a transaction body (ST..SE, written with * ^ : ~) into an interchange.</summary>
internal static class TestX12
{
    public const string Isa = "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *060501*1319*^*00501*000000905*0*T*:~";

    public static string Wrap(string body, string gs01 = "HB", string version = "005010X279A1", int transactionCount = 1)
    {
        var sb = new StringBuilder(Isa);
        sb.Append("GS*").Append(gs01).Append("*SUBMITTERID*RECEIVERID*20060501*1319*1*X*").Append(version).Append('~');
        sb.Append(body.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        sb.Append("GE*").Append(transactionCount).Append("*1~IEA*1*000000905~");
        return sb.ToString();
    }

    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    public static X12Transaction Single(string x12) => X12Reader.ParseSingleTransaction(Bytes(x12));

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, to test buffer boundaries.</summary>
    public sealed class TricklingStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
