using PostTls.Smtp;

namespace PostTls.Postfix;

/// <summary>
/// PostTLS's own mail (notices, confirmations, alerts) over SMTP to the notify listener, an
/// smtpd on a private unix socket without a content filter: it never runs through the filter
/// (pickup has it now), so it cannot loop, and only root reaches the socket.
/// </summary>
/// <remarks>
/// One connection carries all the mail of a run (a sweep's notices), each message its own
/// transaction with its own reply: no connection, greeting and EHLO per notice.
/// <see cref="Dispose"/> says QUIT, so the listener logs an orderly disconnect.
/// </remarks>
internal sealed class OwnMail(SmtpEndpoint endpoint) : IDisposable
{
    private readonly SmtpSession _session = new(new SmtpClientOptions { Endpoint = endpoint });

    public void Dispose() => _session.Dispose();

    /// <returns>Exit code 0 when the listener accepted the mail, or when it may have (the reply
    /// to the final "." was lost: each notice goes out at most once, so it counts as sent);
    /// otherwise -1 and the reason as the error text.</returns>
    public CommandResult Submit(string envelopeSender, string recipient, byte[] message)
    {
        var parameters = new List<string>();
        if (!System.Text.Ascii.IsValid(message))
        {
            // A part whose text is not ASCII is written 8bit (Notify/MailBuilder), and the listener is told so.
            parameters.Add("BODY=8BITMIME");
        }

        if (!System.Text.Ascii.IsValid(envelopeSender) || !System.Text.Ascii.IsValid(recipient))
        {
            parameters.Add("SMTPUTF8");
        }

        var envelope = new SmtpEnvelope(envelopeSender, [new SmtpRecipient(recipient)], parameters);
        try
        {
            var result = _session.Submit(envelope, new MemoryStream(message, writable: false));
            return new CommandResult(0, result.QueueId ?? "", "");
        }
        catch (SmtpException e) when (e.OutcomeUnknown)
        {
            return new CommandResult(0, "", e.Message);
        }
        catch (Exception e) when (e is SmtpException or ArgumentException)
        {
            return new CommandResult(-1, "", e.Message);
        }
    }
}
