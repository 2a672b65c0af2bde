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
/// chunks: see <see cref="DataEncoder"/>), ".", QUIT. When the server announces PIPELINING
/// (Postfix always does), XFORWARD, MAIL, the RCPTs and DATA go out as one group and their
/// replies are read in order (RFC 2920): four round trips instead of eight, which is most of
/// what the filter waits for per message. Replies stay tied to their commands by order.</para>
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
        var forward = options.Forward is { } known && capabilities.Supports("XFORWARD") ? known.Commands() : [];
        if (capabilities.Pipelining)
        {
            SendEnvelopePipelined(connection, envelope, forward);
        }
        else
        {
            SendEnvelope(connection, envelope, forward);
        }

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

    /// <summary>Lock-step: each command waits for its reply.</summary>
    private void SendEnvelope(SmtpConnection connection, SmtpEnvelope envelope, IReadOnlyList<string> forward)
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

        Command(connection, "DATA", 354, ResetAndQuit);
    }

    /// <summary>
    /// One group: XFORWARD, MAIL, every RCPT, DATA, then every reply in order. The first refusal
    /// decides, as in lock-step. If DATA was accepted all the same (some recipients were), the
    /// connection is closed without a byte of the message: the server queues nothing.
    /// </summary>
    private void SendEnvelopePipelined(SmtpConnection connection, SmtpEnvelope envelope, IReadOnlyList<string> forward)
    {
        string[] commands = [.. forward, MailCommand(envelope), .. envelope.Recipients.Select(RecipientCommand), "DATA"];
        connection.WriteLines(commands, options.CommandTimeout);
        var forwardRefused = false;
        SmtpException? refusal = null;
        var mailRefused = false;
        var dataReply = 0;
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
            dataReply = reply.Code;
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

        // dataReply is the last reply read, DATA's. As in lock-step: QUIT after a refused MAIL, RSET first after
        // a refused RCPT or DATA; a protocol error just closes.
        if (dataReply / 100 == 3)
        {
            connection.Dispose();
        }
        else if (refusal.Failure == SmtpFailure.Rejected)
        {
            (mailRefused ? (Action<SmtpConnection>)Quit : ResetAndQuit)(connection);
        }

        throw refusal;
    }

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
        if (Refusal(connection, command, reply, expected) is not { } refusal)
        {
            return;
        }

        if (refusal.Failure == SmtpFailure.Rejected)
        {
            onReject(connection);
        }

        throw refusal;
    }

    /// <returns>Null for a reply in the expected class; otherwise what to throw.</returns>
    private static SmtpException? Refusal(SmtpConnection connection, string command, SmtpReply reply, int expected)
    {
        if (reply.Code / 100 == expected / 100)
        {
            return null;
        }

        if (reply.IsPositive)
        {
            return new SmtpException(SmtpFailure.ProtocolError, command, reply, isTransient: true,
                $"{connection.Endpoint}: {command}: protocol error: expected {expected}, got: {reply}");
        }

        var what = command == "greeting" ? "connection refused by the server" : command + " rejected";
        return new SmtpException(SmtpFailure.Rejected, command, reply, reply.IsTransient,
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
