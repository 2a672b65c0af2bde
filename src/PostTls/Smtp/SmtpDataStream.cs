namespace PostTls.Smtp;

/// <summary>
/// The message data of one SMTP transaction as a write-only stream: whatever is written is
/// dot-stuffed and given CRLF line ends (<see cref="DataEncoder"/>) and sent in chunks of
/// 64 KiB, so a producer such as the filter streams a message of any size without holding it,
/// and a small message goes out in one write with its final "." (the filter writes a header
/// field at a time: one write each would wake the server for every line).
/// <see cref="Finish"/> writes the final "."; a stream that is dropped without it leaves the
/// transaction unfinished, and the server discards what it received.
/// </summary>
internal sealed class SmtpDataStream(SmtpConnection connection, TimeSpan timeout) : Stream
{
    private const int ChunkSize = 64 * 1024;

    private readonly DataEncoder _encoder = new();
    private readonly byte[] _output = new byte[DataEncoder.MaxEncodedLength(ChunkSize) + DataEncoder.MaxFinishLength];
    private int _filled;

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
            if (_output.Length - _filled < DataEncoder.MaxEncodedLength(chunk.Length))
            {
                Send("message data");
            }

            _filled += _encoder.Encode(chunk, _output.AsSpan(_filled));
            if (_filled >= ChunkSize)
            {
                Send("message data");
            }

            buffer = buffer[chunk.Length..];
        }
    }

    /// <summary>Ends the last line if it has no line end, then sends what is held and ".".</summary>
    public void Finish()
    {
        if (_output.Length - _filled < DataEncoder.MaxFinishLength)
        {
            Send("message data");
        }

        _filled += _encoder.Finish(_output.AsSpan(_filled));
        Send("end of data");
    }

    // Nothing is sent before Finish but whole chunks: a flush must not send a part early, and
    // nothing depends on it (the server acts only on the final ".").
    public override void Flush()
    {
    }

    private void Send(string what)
    {
        connection.Write(_output.AsSpan(0, _filled), timeout, what);
        _filled = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
