using PostTls.Addresses;

namespace PostTls.Smtp;

/// <summary>
/// The one SMTP client of PostTLS: it submits one copy of a queued message to Postfix's
/// release listener, an smtpd on a private unix-domain socket (TCP loopback in tests).
/// Hand-written rather than MailKit: MailKit's SmtpClient sends only a MimeMessage, which it
/// writes out again, so it cannot stream the queued bytes unchanged with our DSN parameters.
/// </summary>
/// <remarks>
/// <para>The conversation: greeting, EHLO, <c>MAIL FROM</c> with its parameters, one
/// <c>RCPT TO</c> per recipient, DATA, the message (CRLF line ends, dot-stuffed, streamed in
/// chunks: see <see cref="DataEncoder"/>), ".", QUIT. One command at a time, no pipelining:
/// the listener is local, and lock-step keeps every reply tied to its command.</para>
/// <para>Retries: only establishing the connection is retried (<see cref="SmtpConnector"/>,
/// Polly). Once the server has accepted the connection nothing is retried, whatever fails: a
/// retry after DATA could queue the copy twice, and a lost reply to the final "." looks to the
/// client exactly like a failure. The caller decides, from the state it recorded first,
/// whether to submit again; <see cref="SmtpException.OutcomeUnknown"/> tells it when the
/// copy may already be queued.</para>
/// <para>All or nothing: every recipient must be accepted, or the transaction is reset and
/// nothing is queued. A parameter that needs an extension the server did not announce (DSN,
/// SMTPUTF8, 8BITMIME, SIZE) is refused before MAIL instead of being dropped.</para>
/// <para>Errors name the endpoint, the command and the server's reply, never message content.
/// If reading the message fails, the connection is closed without the final ".", and the
/// server discards what it received.</para>
/// </remarks>
internal sealed class SmtpClient(SmtpClientOptions options)
{
    private const int ChunkSize = 64 * 1024;

    private readonly SmtpConnector _connector = new(options);

    /// <summary>Submits <paramref name="message"/>, read from its current position to its end, to all recipients of <paramref name="envelope"/>.</summary>
    /// <exception cref="ArgumentException">The envelope cannot be sent (checked before connecting).</exception>
    /// <exception cref="SmtpException">The submission failed; nothing was queued unless <see cref="SmtpException.OutcomeUnknown"/>.</exception>
    /// <exception cref="IOException">Reading <paramref name="message"/> failed; nothing was queued.</exception>
    public SmtpResult Submit(SmtpEnvelope envelope, Stream message) => Submit(envelope, data => Copy(message, data));

    /// <summary>
    /// Submits the message that <paramref name="writeMessage"/> writes into the DATA stream it is
    /// given. Any exception it throws ends the session without the final ".": the server queues
    /// nothing, and the exception reaches the caller. So does cancelling
    /// <paramref name="abort"/>, which closes the connection from another thread (a time limit).
    /// </summary>
    /// <exception cref="ArgumentException">The envelope cannot be sent (checked before connecting).</exception>
    /// <exception cref="SmtpException">The submission failed; nothing was queued unless <see cref="SmtpException.OutcomeUnknown"/>.</exception>
    public SmtpResult Submit(SmtpEnvelope envelope, Action<Stream> writeMessage, CancellationToken abort = default)
    {
        SmtpParameters.Validate(envelope);
        using var connection = _connector.Connect();
        using var closeOnAbort = abort.Register(connection.Dispose);

        var greeting = connection.ReadReply("greeting", options.CommandTimeout);
        Expect(connection, "greeting", greeting, 220, Quit);

        var ehlo = Command(connection, "EHLO " + options.HeloName, 250, Quit);
        var capabilities = SmtpCapabilities.FromEhloReply(ehlo);
        RequireExtensions(connection, envelope, capabilities, ehlo);
        if (options.Forward is { } forward && capabilities.Supports("XFORWARD"))
        {
            Forward(connection, forward);
        }

        Command(connection, MailCommand(envelope), 250, Quit);
        foreach (var recipient in envelope.Recipients)
        {
            Command(connection, RecipientCommand(recipient), 250, ResetAndQuit);
        }

        Command(connection, "DATA", 354, ResetAndQuit);
        var data = new SmtpDataStream(connection, options.CommandTimeout);
        writeMessage(data);
        data.Finish();
        var final = ReadFinalReply(connection);
        Expect(connection, "end of data", final, 250, Quit);

        Quit(connection);
        return new SmtpResult(QueuedAs.Find(final), final);
    }

    // Envelopes hold internal forms (as postcat prints them); the path quotes a local part that
    // is not a dot-string, as RFC 5321 requires ("john doe"@example.org).
    private static string MailCommand(SmtpEnvelope envelope) =>
        string.Join(' ', ["MAIL FROM:<" + EnvelopeAddress.ToExternal(envelope.Sender) + ">", .. envelope.MailParameters]);

    private static string RecipientCommand(SmtpRecipient recipient) =>
        string.Join(' ', ["RCPT TO:<" + EnvelopeAddress.ToExternal(recipient.Address) + ">", .. recipient.Parameters]);

    private SmtpReply Command(SmtpConnection connection, string command, int expected, Action<SmtpConnection> onReject)
    {
        connection.WriteLine(command, options.CommandTimeout);
        var reply = connection.ReadReply(command, options.CommandTimeout);
        Expect(connection, command, reply, expected, onReject);
        return reply;
    }

    /// <summary>
    /// Accepts a reply in the class of <paramref name="expected"/> (2xx for 250, 3xx for 354).
    /// A negative reply ends the session politely; any other positive one is a protocol error.
    /// </summary>
    private static void Expect(SmtpConnection connection, string command, SmtpReply reply, int expected, Action<SmtpConnection> onReject)
    {
        if (reply.Code / 100 == expected / 100)
        {
            return;
        }

        if (reply.IsPositive)
        {
            throw new SmtpException(SmtpFailure.ProtocolError, command, reply, isTransient: true,
                $"{connection.Endpoint}: {command}: protocol error: expected {expected}, got: {reply}");
        }

        onReject(connection);
        var what = command == "greeting" ? "connection refused by the server" : command + " rejected";
        throw new SmtpException(SmtpFailure.Rejected, command, reply, reply.IsTransient,
            $"{connection.Endpoint}: {what}: {reply}");
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

    private static void Copy(Stream message, Stream data)
    {
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = message.Read(buffer)) > 0)
        {
            data.Write(buffer.AsSpan(0, read));
        }
    }

    /// <summary>
    /// The original client's identity, for the listener's log and Received header. A refusal
    /// costs nothing but that: the session goes on without it.
    /// </summary>
    private void Forward(SmtpConnection connection, SmtpForward forward)
    {
        foreach (var command in forward.Commands())
        {
            connection.WriteLine(command, options.CommandTimeout);
            var reply = connection.ReadReply("XFORWARD", options.CommandTimeout);
            if (!reply.IsPositive)
            {
                options.OnForwardRefused?.Invoke($"{connection.Endpoint}: XFORWARD refused: {reply}");
                return;
            }
        }
    }

    private SmtpReply ReadFinalReply(SmtpConnection connection)
    {
        try
        {
            return connection.ReadReply("end of data", options.DataEndTimeout);
        }
        catch (SmtpException e)
        {
            throw new SmtpException(e.Failure, e.Command, e.Reply, e.IsTransient,
                e.Message + " (the whole message was sent: the copy may have been queued)", e.InnerException)
            {
                OutcomeUnknown = true,
            };
        }
    }

    /// <summary>Ends the session; the transaction is over either way, so a failing QUIT does not matter.</summary>
    private void Quit(SmtpConnection connection)
    {
        try
        {
            connection.WriteLine("QUIT", options.CommandTimeout);
            if (options.AwaitQuitReply)
            {
                connection.ReadReply("QUIT", options.CommandTimeout);
            }
        }
        catch (SmtpException)
        {
            // The socket is closed next; the server cleans up on its own.
        }
    }

    /// <summary>Aborts the open transaction, so that no recipient gets a partial copy, then QUIT.</summary>
    private void ResetAndQuit(SmtpConnection connection)
    {
        try
        {
            connection.WriteLine("RSET", options.CommandTimeout);
            connection.ReadReply("RSET", options.CommandTimeout);
        }
        catch (SmtpException)
        {
            // Closing the connection aborts the transaction as well.
            return;
        }

        Quit(connection);
    }
}
