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
/// chunks: see <see cref="DataEncoder"/>), ".", QUIT. When the server announces CHUNKING
/// (Postfix 3.4 and later do), the message goes in BDAT chunks instead of DATA
/// (<see cref="SmtpChunkStream"/>); only the last commits it, as "." does. When the server
/// announces PIPELINING (Postfix always does), XFORWARD, MAIL, the RCPTs and DATA go out as one
/// group and their replies are read in order (RFC 2920): four round trips instead of eight,
/// which is most of what the filter waits for per message. Replies stay tied to their commands
/// by order.</para>
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
internal sealed partial class SmtpClient(SmtpClientOptions options)
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
        var session = Open();
        using var connection = session.Connection;
        using var closeOnAbort = abort.Register(connection.Dispose);
        var result = Transact(session, envelope, writeMessage);
        Quit(connection);
        return result;
    }

    /// <summary>A connection past the greeting and EHLO, ready for transactions.</summary>
    internal sealed record OpenSession(SmtpConnection Connection, SmtpCapabilities Capabilities, SmtpReply Ehlo);

    /// <summary>Connects and greets: the greeting, then EHLO.</summary>
    /// <exception cref="SmtpException">The server could not be reached or refused; the connection is closed.</exception>
    internal OpenSession Open()
    {
        var connection = _connector.Connect();
        try
        {
            var greeting = connection.ReadReply("greeting", options.CommandTimeout);
            Expect(connection, "greeting", greeting, 220, Quit);
            var ehlo = Command(connection, "EHLO " + options.HeloName, 250, Quit);
            return new OpenSession(connection, SmtpCapabilities.FromEhloReply(ehlo), ehlo);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>One mail transaction on an open session: MAIL, RCPT, DATA, the message, "."; no QUIT.</summary>
    /// <exception cref="SmtpException">It failed; the session may be unusable (close it).</exception>
    internal SmtpResult Transact(OpenSession session, SmtpEnvelope envelope, Action<Stream> writeMessage)
    {
        var connection = session.Connection;
        var capabilities = session.Capabilities;
        RequireExtensions(connection, envelope, capabilities, session.Ehlo);
        var forward = options.Forward is { } known && capabilities.Supports("XFORWARD") ? known.Commands() : [];
        var chunking = capabilities.Chunking;
        if (capabilities.Pipelining)
        {
            SendEnvelopePipelined(connection, envelope, forward, dataCommand: !chunking);
        }
        else
        {
            SendEnvelope(connection, envelope, forward, dataCommand: !chunking);
        }

        if (!chunking)
        {
            var data = new SmtpDataStream(connection, options.CommandTimeout);
            writeMessage(data);
            data.Finish();
            return Queued(connection, ReadFinalReply(connection, "end of data"));
        }

        var chunks = new SmtpChunkStream(connection, options.CommandTimeout, reply => CheckChunk(connection, reply));
        writeMessage(chunks);
        chunks.Finish();
        return Queued(connection, ReadLastChunkReplies(connection, chunks.Unanswered));
    }

    private SmtpResult Queued(SmtpConnection connection, SmtpReply final)
    {
        Expect(connection, "end of data", final, 250, Quit);
        return new SmtpResult(QueuedAs.Find(final), final);
    }

    /// <summary>A refused chunk fails the whole transaction (RFC 3030): the connection is closed without LAST, and nothing is queued.</summary>
    private static void CheckChunk(SmtpConnection connection, SmtpReply reply)
    {
        if (Refusal(connection, "BDAT", reply, 250) is { } refusal)
        {
            connection.Dispose();
            throw refusal;
        }
    }

    /// <summary>After "BDAT n LAST": the answers to the chunks still unread, then the last one's, which says whether the copy was queued.</summary>
    private SmtpReply ReadLastChunkReplies(SmtpConnection connection, int unanswered)
    {
        connection.AcknowledgeNow();
        for (var i = 0; i < unanswered; i++)
        {
            CheckChunk(connection, ReadFinalReply(connection, "BDAT", options.CommandTimeout));
            connection.AcknowledgeNow();
        }

        return ReadFinalReply(connection, "BDAT LAST");
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

    internal static void Copy(Stream message, Stream data)
    {
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = message.Read(buffer)) > 0)
        {
            data.Write(buffer.AsSpan(0, read));
        }
    }

    /// <summary>Reads a reply that comes after the whole message was sent: if none comes, the copy may have been queued.</summary>
    private SmtpReply ReadFinalReply(SmtpConnection connection, string command, TimeSpan? timeout = null)
    {
        try
        {
            return connection.ReadReply(command, timeout ?? options.DataEndTimeout);
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
    internal void Quit(SmtpConnection connection)
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
