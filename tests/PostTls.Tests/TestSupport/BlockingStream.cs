namespace PostTls.Tests.TestSupport;

/// <summary>An input that hangs in Read until <see cref="Release"/>, then reports end of input.</summary>
internal sealed class BlockingStream : Stream
{
    private readonly ManualResetEventSlim _released = new();

    public void Release() => _released.Set();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        _released.Wait();
        return 0;
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
            _released.Set();
            _released.Dispose();
        }

        base.Dispose(disposing);
    }
}
