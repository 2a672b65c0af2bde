using PostTls.Smtp;

namespace PostTls.Postfix;

/// <summary>
/// PostTLS's own mail (notices, confirmations, alerts) over SMTP to the notify listener, an
/// smtpd on a private unix socket without a content filter: it never runs through the filter
/// (pickup has it now), so it cannot loop, and only root reaches the socket.
/// </summary>
internal static class OwnMail
{
    /// <returns>Exit code 0 when the listener accepted the mail, or when it may have (the reply
    /// to the final "." was lost: each notice goes out at most once, so it counts as sent);
    /// otherwise -1 and the reason as the error text.</returns>
    public static CommandResult Submit(SmtpEndpoint endpoint, string envelopeSender, string recipient, byte[] message)
    {
        var utf8 = !System.Text.Ascii.IsValid(envelopeSender) || !System.Text.Ascii.IsValid(recipient);
        var envelope = new SmtpEnvelope(envelopeSender, [new SmtpRecipient(recipient)], utf8 ? ["SMTPUTF8"] : []);
        try
        {
            var result = new SmtpClient(new SmtpClientOptions { Endpoint = endpoint }).Submit(envelope, new MemoryStream(message, writable: false));
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
