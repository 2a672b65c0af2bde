namespace PostTls.Smtp;

/// <summary>
/// The message of one SMTP transaction as a write-only stream: whatever is written is given
/// CRLF line ends (<see cref="DataEncoder"/>) and sent in chunks of 64 KiB, so a producer such
/// as the filter streams a message of any size without holding it, and a small message goes
/// out in one write with what ends it (the filter writes a header field at a time: one write
/// each would wake the server for every line). How a chunk is framed on the wire is DATA's
/// (<see cref="SmtpDataStream"/>) or BDAT's (<see cref="SmtpChunkStream"/>).
/// <see cref="Finish"/> sends what ends the message; a stream that is dropped without it
/// leaves the transaction unfinished, and the server discards what it received.
/// </summary>
internal abstract class SmtpMessageStream : Stream
{
    protected const int ChunkSize = 64 * 1024;

    private readonly DataEncoder _encoder;
    private readonly byte[] _output;
    private readonly int _dataStart;
    private int _filled;

    /// <param name="headerRoom">Bytes kept free in front of each chunk for its command (BDAT's), so both go out in one write.</param>
    protected SmtpMessageStream(DataEncoder encoder, int headerRoom)
    {
        _encoder = encoder;
        _dataStart = headerRoom;
        _output = new byte[headerRoom + DataEncoder.MaxEncodedLength(ChunkSize) + DataEncoder.MaxFinishLength];
        _filled = headerRoom;
    }

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
                SendHeld(last: false);
            }

            _filled += _encoder.Encode(chunk, _output.AsSpan(_filled));
            if (_filled - _dataStart >= ChunkSize)
            {
                SendHeld(last: false);
            }

            buffer = buffer[chunk.Length..];
        }
    }

    /// <summary>Ends the last line if it has no line end, then sends what is held and what ends the message.</summary>
    public void Finish()
    {
        if (_output.Length - _filled < DataEncoder.MaxFinishLength)
        {
            SendHeld(last: false);
        }

        _filled += _encoder.Finish(_output.AsSpan(_filled));
        SendHeld(last: true);
    }

    // Nothing is sent before Finish but whole chunks: a flush must not send a part early, and
    // nothing depends on it (the server acts only on the end of the message).
    public override void Flush()
    {
    }

    /// <summary>
    /// Sends one chunk: <paramref name="data"/> is the encoded bytes, and <paramref name="buffer"/>
    /// the same bytes with the free header room in front of them.
    /// </summary>
    /// <param name="last">Whether this is the end of the message (for DATA, it holds the final ".").</param>
    protected abstract void Send(Span<byte> buffer, int dataLength, bool last);

    private void SendHeld(bool last)
    {
        Send(_output.AsSpan(0, _filled), _filled - _dataStart, last);
        _filled = _dataStart;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
