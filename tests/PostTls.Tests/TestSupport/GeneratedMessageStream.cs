namespace PostTls.Tests.TestSupport;

/// <summary>
/// A read-only stream that produces a message without holding it: a fixed header block,
/// then body lines until <see cref="Length"/> bytes have been produced. Reading allocates nothing.
/// </summary>
internal sealed class GeneratedMessageStream : Stream
{
    private static readonly byte[] Line =
        "The quick brown fox jumps over the lazy dog; 0123456789 abcdefghijklmnopqrstuvwxyz.\n"u8.ToArray();

    private readonly byte[] _header;
    private readonly long _length;
    private long _position;

    public GeneratedMessageStream(byte[] header, long bodyLength)
    {
        _header = header;
        _length = header.Length + bodyLength;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var produced = 0;
        while (produced < buffer.Length && _position < _length)
        {
            ReadOnlySpan<byte> source;
            if (_position < _header.Length)
            {
                source = _header.AsSpan((int)_position);
            }
            else
            {
                var bodyPosition = _position - _header.Length;
                source = Line.AsSpan((int)(bodyPosition % Line.Length));
            }

            var take = (int)Math.Min(Math.Min(source.Length, buffer.Length - produced), _length - _position);
            source[..take].CopyTo(buffer[produced..]);
            produced += take;
            _position += take;
        }

        return produced;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
