using PostTls.Addresses;

namespace PostTls.Smtp;

/// <summary>The envelope of a transaction: MAIL, RCPT and DATA, in one pipelined group or lock-step.</summary>
internal sealed partial class SmtpClient
{
    // Envelopes hold internal forms (as postcat prints them); the path quotes a local part that
    // is not a dot-string, as RFC 5321 requires ("john doe"@example.org).
    private static string MailCommand(SmtpEnvelope envelope) =>
        string.Join(' ', ["MAIL FROM:<" + EnvelopeAddress.ToExternal(envelope.Sender) + ">", .. envelope.MailParameters]);

    private static string RecipientCommand(SmtpRecipient recipient) =>
        string.Join(' ', ["RCPT TO:<" + EnvelopeAddress.ToExternal(recipient.Address) + ">", .. recipient.Parameters]);

    /// <summary>Lock-step: each command waits for its reply.</summary>
    /// <param name="dataCommand">Whether DATA follows the recipients (not when the message goes in BDAT chunks).</param>
    private void SendEnvelope(SmtpConnection connection, SmtpEnvelope envelope, IReadOnlyList<string> forward, bool dataCommand)
    {
        foreach (var command in forward)
        {
            connection.WriteLine(command, options.CommandTimeout);
            if (!ForwardAccepted(connection, connection.ReadReply("XFORWARD", options.CommandTimeout)))
            {
                break;
            }
        }

        Command(connection, MailCommand(envelope), 250, Quit);
        foreach (var recipient in envelope.Recipients)
        {
            Command(connection, RecipientCommand(recipient), 250, ResetAndQuit);
        }

        if (dataCommand)
        {
            Command(connection, "DATA", 354, ResetAndQuit);
        }
    }

    /// <summary>
    /// One group: XFORWARD, MAIL, every RCPT, DATA, then every reply in order. The first refusal
    /// decides, as in lock-step. If DATA was accepted all the same (some recipients were), the
    /// connection is closed without a byte of the message: the server queues nothing. For BDAT
    /// the group ends with the last RCPT: no chunk is sent before every recipient is accepted.
    /// </summary>
    private void SendEnvelopePipelined(SmtpConnection connection, SmtpEnvelope envelope, IReadOnlyList<string> forward, bool dataCommand)
    {
        string[] data = dataCommand ? ["DATA"] : [];
        string[] commands = [.. forward, MailCommand(envelope), .. envelope.Recipients.Select(RecipientCommand), .. data];
        connection.WriteLines(commands, options.CommandTimeout);
        var forwardRefused = false;
        SmtpException? refusal = null;
        var mailRefused = false;
        var lastReply = 0;
        for (var i = 0; i < commands.Length; i++)
        {
            if (i < forward.Count)
            {
                var forwardReply = connection.ReadReply("XFORWARD", options.CommandTimeout);
                forwardRefused = forwardRefused || !ForwardAccepted(connection, forwardReply);
                continue;
            }

            var command = commands[i];
            var reply = connection.ReadReply(command, options.CommandTimeout);
            lastReply = reply.Code;
            if (refusal is null && Refusal(connection, command, reply, command == "DATA" ? 354 : 250) is { } first)
            {
                refusal = first;
                mailRefused = i == forward.Count;
            }
        }

        if (refusal is null)
        {
            return;
        }

        // lastReply is DATA's, or the last RCPT's for BDAT. As in lock-step: QUIT after a refused MAIL, RSET first
        // after a refused RCPT or DATA; a protocol error just closes.
        if (dataCommand && lastReply / 100 == 3)
        {
            connection.Dispose();
        }
        else if (refusal.Failure == SmtpFailure.Rejected)
        {
            (mailRefused ? (Action<SmtpConnection>)Quit : ResetAndQuit)(connection);
        }

        throw refusal;
    }

    private void RequireExtensions(SmtpConnection connection, SmtpEnvelope envelope, SmtpCapabilities capabilities, SmtpReply ehlo)
    {
        var mail = MailCommand(envelope);
        var needs = envelope.MailParameters.Select(p => (Command: mail, Parameter: p, Extension: SmtpParameters.MailExtension(p)))
            .Concat(envelope.Recipients.SelectMany(r => r.Parameters.Select(
                p => (Command: RecipientCommand(r), Parameter: p, Extension: SmtpParameters.RecipientExtension(p)))));
        foreach (var (command, parameter, extension) in needs)
        {
            if (!capabilities.Supports(extension))
            {
                Quit(connection);
                throw new SmtpException(SmtpFailure.ExtensionMissing, command, ehlo, isTransient: false,
                    $"{connection.Endpoint}: {command}: parameter {parameter} needs {extension}, which the server did not announce");
            }
        }
    }

    /// <summary>
    /// The original client's identity is for the listener's log and Received header only. A
    /// refusal costs nothing but that: the session goes on without it, with a warning.
    /// </summary>
    private bool ForwardAccepted(SmtpConnection connection, SmtpReply reply)
    {
        if (!reply.IsPositive)
        {
            options.OnForwardRefused?.Invoke($"{connection.Endpoint}: XFORWARD refused: {reply}");
        }

        return reply.IsPositive;
    }
}
