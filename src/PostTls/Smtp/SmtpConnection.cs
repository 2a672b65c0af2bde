using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PostTls.Smtp;

/// <summary>
/// One connected socket, spoken to in SMTP lines: commands out, multi-line replies in, each
/// within a time limit. Every failure becomes an <see cref="SmtpException"/> naming the command.
/// </summary>
internal sealed class SmtpConnection(Socket socket, SmtpEndpoint endpoint) : IDisposable
{
    /// <summary>Longest reply line accepted, without CRLF. RFC 5321 allows 512 with it; Postfix never comes close.</summary>
    public const int MaxLineLength = 2000;

    /// <summary>Most lines in one reply. An EHLO reply has about a dozen.</summary>
    public const int MaxLines = 100;

    // Room for one maximal line and its CRLF, so a line never has to be split across refills.
    private readonly byte[] _input = new byte[4096];
    private int _start;
    private int _end;
    private int _sendTimeout = -1;

    public SmtpEndpoint Endpoint { get; } = endpoint;

    /// <summary>Sends <paramref name="command"/> and CRLF.</summary>
    public void WriteLine(string command, TimeSpan timeout)
    {
        var bytes = Encoding.UTF8.GetBytes(command + "\r\n");
        Write(bytes, timeout, command);
    }

    /// <summary>Sends <paramref name="commands"/>, each with CRLF, in one write: a pipelined group (RFC 2920).</summary>
    public void WriteLines(IReadOnlyList<string> commands, TimeSpan timeout)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(commands.Select(c => c + "\r\n")));
        Write(bytes, timeout, commands[0]);
    }

    /// <param name="what">Names the step in an error: a command, or "message data".</param>
    public void Write(ReadOnlySpan<byte> data, TimeSpan timeout, string what)
    {
        try
        {
            // One setsockopt per change, not per write: the filter's DATA goes out in many writes.
            var milliseconds = Milliseconds(timeout);
            if (milliseconds != _sendTimeout)
            {
                socket.SendTimeout = milliseconds;
                _sendTimeout = milliseconds;
            }

            while (!data.IsEmpty)
            {
                var sent = socket.Send(data);
                data = data[sent..];
            }
        }
        catch (SocketException e)
        {
            throw Failed(e, what);
        }
        catch (ObjectDisposedException)
        {
            throw Closed(what);
        }
    }

    /// <summary>Reads one complete reply, all its lines within <paramref name="timeout"/>.</summary>
    /// <param name="command">The command being answered, for errors.</param>
    public SmtpReply ReadReply(string command, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var lines = new List<string>();
        var code = 0;
        while (true)
        {
            var line = ReadLine(command, deadline);
            if (line.Length < 3 || !IsCode(line.AsSpan(0, 3)) || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw Protocol(command, $"malformed reply line \"{Shorten(line)}\"");
            }

            var lineCode = int.Parse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
            if (lines.Count > 0 && lineCode != code)
            {
                throw Protocol(command, $"reply code changes from {code} to {lineCode} within one reply");
            }

            code = lineCode;
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }

            if (lines.Count == MaxLines)
            {
                throw Protocol(command, $"reply of more than {MaxLines} lines");
            }
        }
    }

    /// <summary>
    /// Acknowledges what has arrived at once instead of up to 40 ms later (Linux TCP_QUICKACK).
    /// After the last BDAT chunk the client has nothing left to send that could carry the ACK
    /// of the server's earlier chunk replies, and the server's Nagle holds its final reply until
    /// that ACK comes: a 1 MB message took 57 ms instead of 15. Unix sockets have no ACKs.
    /// </summary>
    public void AcknowledgeNow()
    {
        if (socket.ProtocolType == ProtocolType.Tcp && OperatingSystem.IsLinux())
        {
            try
            {
                socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, On);
            }
            catch (SocketException)
            {
                // Only a delay is at stake.
            }
        }
    }

    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] On = BitConverter.GetBytes(1);

    public void Dispose() => socket.Dispose();

    private string ReadLine(string command, long deadline)
    {
        while (true)
        {
            var buffered = _input.AsSpan(_start, _end - _start);
            var newline = buffered.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = newline > 0 && buffered[newline - 1] == '\r' ? newline - 1 : newline;
                if (length > MaxLineLength)
                {
                    throw Protocol(command, $"reply line longer than {MaxLineLength} characters");
                }

                _start += newline + 1;
                return Decode(buffered[..length]);
            }

            if (buffered.Length > MaxLineLength + 1)
            {
                throw Protocol(command, $"reply line longer than {MaxLineLength} characters");
            }

            Fill(command, deadline);
        }
    }

    private void Fill(string command, long deadline)
    {
        if (_start > 0)
        {
            _input.AsSpan(_start, _end - _start).CopyTo(_input);
            _end -= _start;
            _start = 0;
        }

        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if (remaining <= TimeSpan.Zero)
        {
            throw TimedOut(command);
        }

        int received;
        try
        {
            // SO_RCVTIMEO bounds one receive; setting it to what is left bounds the whole reply,
            // so a server that trickles a byte at a time cannot hold us forever.
            socket.ReceiveTimeout = Milliseconds(remaining);
            received = socket.Receive(_input.AsSpan(_end));
        }
        catch (SocketException e)
        {
            throw Failed(e, command);
        }
        catch (ObjectDisposedException)
        {
            throw Closed(command);
        }

        if (received == 0)
        {
            throw new SmtpException(SmtpFailure.ConnectionLost, command, null, isTransient: true,
                $"{Endpoint}: connection closed by the server after {command}");
        }

        _end += received;
    }

    private static bool IsCode(ReadOnlySpan<char> code) =>
        code[0] is >= '2' and <= '5' && char.IsAsciiDigit(code[1]) && char.IsAsciiDigit(code[2]);

    /// <summary>UTF-8 (RFC 6531 allows it in replies); control characters become "?" so that no reply can forge log lines.</summary>
    private static string Decode(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        return text.AsSpan().ContainsAnyInRange('\0', '\x1f') || text.Contains('\x7f', StringComparison.Ordinal)
            ? string.Concat(text.Select(c => c is < ' ' or '\x7f' ? '?' : c))
            : text;
    }

    private static int Milliseconds(TimeSpan timeout) =>
        (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "...";

    private SmtpException Protocol(string command, string problem) =>
        new(SmtpFailure.ProtocolError, command, null, isTransient: true, $"{Endpoint}: {command}: protocol error: {problem}");

    private SmtpException TimedOut(string command) =>
        new(SmtpFailure.Timeout, command, null, isTransient: true, $"{Endpoint}: {command}: timed out waiting for the server");

    // The connection was closed on our side while in use: a time limit ended the session.
    private SmtpException Closed(string what) =>
        new(SmtpFailure.ConnectionLost, what, null, isTransient: true, $"{Endpoint}: {what}: connection closed by the client");

    private SmtpException Failed(SocketException e, string command) =>
        e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock
            ? new SmtpException(SmtpFailure.Timeout, command, null, isTransient: true, $"{Endpoint}: {command}: timed out", e)
            : new SmtpException(SmtpFailure.ConnectionLost, command, null, isTransient: true,
                $"{Endpoint}: {command}: connection lost: {e.Message}", e);
}
