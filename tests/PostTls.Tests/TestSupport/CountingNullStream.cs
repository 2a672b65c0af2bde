namespace PostTls.Tests.TestSupport;

/// <summary>A write-only sink that keeps nothing but the number of bytes written and the first few.</summary>
internal sealed class CountingNullStream(int keepFirst = 0) : Stream
{
    private readonly byte[] _first = new byte[keepFirst];
    private long _written;

    public long Written => _written;

    /// <summary>The first bytes written, up to the number asked for at construction.</summary>
    public ReadOnlySpan<byte> First => _first.AsSpan(0, (int)Math.Min(_written, _first.Length));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_written < _first.Length)
        {
            var take = (int)Math.Min(buffer.Length, _first.Length - _written);
            buffer[..take].CopyTo(_first.AsSpan((int)_written));
        }

        _written += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
