using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// A minimal SMTP client for handing test messages to the private Postfix over loopback.
/// Messages are given as raw bytes; line endings become CRLF and lines are dot-stuffed, as
/// any submitting client would do.
/// </summary>
internal static partial class SmtpSubmitter
{
    /// <param name="sender">As written in MAIL FROM: a local part that needs quotes comes quoted.</param>
    /// <returns>The queue ID from the "queued as" reply.</returns>
    public static string Send(int port, string sender, IReadOnlyList<string> recipients, byte[] message)
    {
        var reply = "";
        Session(port, (stream, reader) => reply = Transaction(stream, reader, sender, recipients, message));
        return QueuedAs().Match(reply) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("no queue ID in reply: " + reply);
    }

    /// <summary>One message per recipient, all in one connection (as a bulk sender would).</summary>
    public static void SendMany(int port, string sender, IReadOnlyList<string> recipients) =>
        Session(port, (stream, reader) =>
        {
            foreach (var recipient in recipients)
            {
                Transaction(stream, reader, sender, [recipient],
                    Encoding.ASCII.GetBytes($"From: <{sender}>\nTo: <{recipient}>\nSubject: bulk\n\nbulk\n"));
            }
        });

    /// <summary>
    /// One message where the server may refuse it: optionally as another client (XCLIENT ADDR, as
    /// a filtering gateway in mynetworks relays the internet's mail) and logged in with SASL
    /// (AUTH PLAIN, the password <see cref="DovecotAuthServer.PasswordOf"/>).
    /// </summary>
    /// <returns>The queue ID when the message was queued, else null; and the reply that ended it.</returns>
    public static (string? QueueId, string Reply) TrySend(int port, string sender, string recipient, byte[] message,
        string? login = null, string? clientAddress = null)
    {
        var reply = "";
        Session(port, (stream, reader) =>
        {
            if (clientAddress is not null)
            {
                Say(stream, reader, $"XCLIENT ADDR={clientAddress} NAME=gateway.posttls.test", "220");
                Say(stream, reader, "EHLO client.posttls.test", "250");
            }

            if (login is not null)
            {
                var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{login}\0{DovecotAuthServer.PasswordOf(login)}"));
                Say(stream, reader, "AUTH PLAIN " + plain, "235");
            }

            foreach (var (command, expected) in new[] { ($"MAIL FROM:<{sender}>", "250"), ($"RCPT TO:<{recipient}>", "250"), ("DATA", "354") })
            {
                stream.Write(Encoding.ASCII.GetBytes(command + "\r\n"));
                if (!(reply = Read(reader)).StartsWith(expected, StringComparison.Ordinal))
                {
                    return;
                }
            }

            stream.Write(ToSmtpData(message));
            reply = Read(reader);
        });
        return (reply.StartsWith("250", StringComparison.Ordinal) && QueuedAs().Match(reply) is { Success: true } match ? match.Groups[1].Value : null, reply);
    }

    /// <summary>Connects, greets, runs <paramref name="transactions"/>, says goodbye.</summary>
    private static void Session(int port, Action<NetworkStream, StreamReader> transactions)
    {
        using var client = new TcpClient();
        client.ReceiveTimeout = 30000;
        client.SendTimeout = 30000;
        client.Connect("127.0.0.1", port);
        using var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.Latin1);
        Expect(reader, "220");
        Say(stream, reader, "EHLO client.posttls.test", "250");
        transactions(stream, reader);
        Say(stream, reader, "QUIT", "221");
    }

    /// <returns>The reply to the end of DATA.</returns>
    private static string Transaction(NetworkStream stream, StreamReader reader, string sender, IReadOnlyList<string> recipients, byte[] message)
    {
        // RFC 6531: a UTF-8 address goes in a transaction declared with SMTPUTF8.
        var utf8 = !System.Text.Ascii.IsValid(sender) || recipients.Any(r => !System.Text.Ascii.IsValid(r));
        Say(stream, reader, $"MAIL FROM:<{sender}>{(utf8 ? " SMTPUTF8" : "")}", "250");
        foreach (var recipient in recipients)
        {
            Say(stream, reader, $"RCPT TO:<{recipient}>", "250");
        }

        Say(stream, reader, "DATA", "354");
        stream.Write(ToSmtpData(message));
        return Expect(reader, "250");
    }

    internal static byte[] ToSmtpData(byte[] message)
    {
        var output = new MemoryStream(message.Length + 1024);
        var lineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            var b = message[i];
            if (lineStart && b == '.')
            {
                output.WriteByte((byte)'.');
            }

            if (b == '\n' && (i == 0 || message[i - 1] != '\r'))
            {
                output.WriteByte((byte)'\r');
            }

            output.WriteByte(b);
            lineStart = b == '\n';
        }

        if (!lineStart)
        {
            output.Write("\r\n"u8);
        }

        output.Write(".\r\n"u8);
        return output.ToArray();
    }

    private static void Say(NetworkStream stream, StreamReader reader, string command, string expected)
    {
        stream.Write(Encoding.UTF8.GetBytes(command + "\r\n"));
        Expect(reader, expected);
    }

    private static string Expect(StreamReader reader, string code)
    {
        var reply = Read(reader);
        return reply.StartsWith(code, StringComparison.Ordinal)
            ? reply
            : throw new InvalidOperationException($"expected {code}, got: {reply}");
    }

    private static string Read(StreamReader reader)
    {
        var reply = new StringBuilder();
        string? line;
        do
        {
            line = reader.ReadLine() ?? throw new IOException("connection closed; so far: " + reply);
            reply.AppendLine(line);
        }
        while (line.Length > 3 && line[3] == '-');

        return reply.ToString();
    }

    [GeneratedRegex(@"queued as ([0-9A-Za-z]+)")]
    private static partial Regex QueuedAs();
}
