namespace PostTls.Smtp;

/// <summary>
/// Several messages, one after another, over one connection: a sweep's notices to the notify
/// listener. Each message is its own transaction and gets its own reply, exactly as with
/// <see cref="SmtpClient.Submit(SmtpEnvelope, Stream)"/>; only the connection, greeting and
/// EHLO are shared. After any failure the connection is dropped and the next message opens a
/// new one, so one refused message never costs the next. <see cref="Dispose"/> says QUIT.
/// </summary>
internal sealed class SmtpSession(SmtpClientOptions options) : IDisposable
{
    private readonly SmtpClient _client = new(options);
    private SmtpClient.OpenSession? _open;

    /// <exception cref="ArgumentException">The envelope cannot be sent (checked before anything is sent).</exception>
    /// <exception cref="SmtpException">The submission failed; nothing was queued unless <see cref="SmtpException.OutcomeUnknown"/>.</exception>
    public SmtpResult Submit(SmtpEnvelope envelope, Stream message)
    {
        SmtpParameters.Validate(envelope);
        _open ??= _client.Open();
        try
        {
            return _client.Transact(_open, envelope, data => SmtpClient.Copy(message, data));
        }
        catch
        {
            _open.Connection.Dispose();
            _open = null;
            throw;
        }
    }

    public void Dispose()
    {
        if (_open is { } open)
        {
            _client.Quit(open.Connection);
            open.Connection.Dispose();
            _open = null;
        }
    }
}
