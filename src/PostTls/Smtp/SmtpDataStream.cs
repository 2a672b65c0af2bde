namespace PostTls.Smtp;

/// <summary>
/// The message data of one SMTP transaction as a write-only stream: whatever is written is
/// dot-stuffed and given CRLF line ends (<see cref="DataEncoder"/>) and sent at once, so a
/// producer such as the filter streams a message of any size without holding it.
/// <see cref="Finish"/> writes the final "."; a stream that is dropped without it leaves the
/// transaction unfinished, and the server discards what it received.
/// </summary>
internal sealed class SmtpDataStream(SmtpConnection connection, TimeSpan timeout) : Stream
{
    private const int ChunkSize = 64 * 1024;

    private readonly DataEncoder _encoder = new();
    private readonly byte[] _output = new byte[DataEncoder.MaxEncodedLength(ChunkSize) + DataEncoder.MaxFinishLength];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var chunk = buffer[..Math.Min(buffer.Length, ChunkSize)];
            var encoded = _encoder.Encode(chunk, _output);
            connection.Write(_output.AsSpan(0, encoded), timeout, "message data");
            buffer = buffer[chunk.Length..];
        }
    }

    /// <summary>Ends the last line if it has no line end, then sends ".".</summary>
    public void Finish()
    {
        var end = _encoder.Finish(_output);
        connection.Write(_output.AsSpan(0, end), timeout, "end of data");
    }

    // Every write goes out at once; there is nothing to flush.
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
