namespace PostTls.Smtp;

/// <summary>
/// The message after DATA (RFC 5321): dot-stuffed, and ended by the final "." that
/// <see cref="SmtpMessageStream.Finish"/> sends with the last chunk.
/// </summary>
internal sealed class SmtpDataStream(SmtpConnection connection, TimeSpan timeout) : SmtpMessageStream(new DataEncoder(), headerRoom: 0)
{
    protected override void Send(Span<byte> buffer, int dataLength, bool last) =>
        connection.Write(buffer, timeout, last ? "end of data" : "message data");
}
