using System.Net;
using System.Net.Sockets;
using System.Text;
using PostTls.Smtp;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// A fake SMTP server that plays one scripted conversation with the first client, records
/// every byte the client sends, and reports any deviation from the script in <see cref="Finish"/>.
/// </summary>
/// <remarks>
/// Script lines: <c>S: text</c> sends text and CRLF; <c>C: text</c> expects exactly that line
/// and CRLF from the client; <c>C: &lt;data&gt;</c> takes message data up to and including the
/// line "."; <c>C: &lt;chunks&gt;</c> takes BDAT chunks, each by its length, answering
/// "250" to each but the LAST one (the next line answers that); <c>C: &lt;chunks:reply&gt;</c>
/// answers every chunk with reply, up to LAST or until the client closes;
/// <c>S: &lt;close&gt;</c> closes the connection; <c>S: &lt;hang&gt;</c> answers nothing
/// more until the client closes. After the last line the client must close without sending
/// anything else. Later connections are only counted, to prove the client did not retry.
/// </remarks>
internal sealed class ScriptedSmtpServer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly string[] _script;
    private readonly Thread _thread;
    private readonly MemoryStream _received = new();
    private readonly MemoryStream _data = new();
    private readonly List<string> _problems = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _bufferStart;
    private int _bufferEnd;
    private Socket? _connection;
    private int _connections;
    private bool _finished;

    private ScriptedSmtpServer(Socket listener, SmtpEndpoint endpoint, string[] script)
    {
        _listener = listener;
        _script = script;
        Endpoint = endpoint;
        _thread = new Thread(Run) { IsBackground = true, Name = "scripted SMTP server" };
        _thread.Start();
    }

    public SmtpEndpoint Endpoint { get; }

    /// <summary>Everything the client sent on the scripted connection.</summary>
    public byte[] Received => _received.ToArray();

    /// <summary>The message data as sent after DATA, up to and including ".\r\n"; for BDAT, the chunks' bytes.</summary>
    public byte[] Data => _data.ToArray();

    public string Transcript => Encoding.UTF8.GetString(Received);

    /// <summary>The BDAT commands received, in order.</summary>
    public List<string> ChunkCommands { get; } = [];

    /// <summary>Connections accepted, counted when <see cref="Finish"/> ran.</summary>
    public int Connections => _connections;

    public static ScriptedSmtpServer OnUnixSocket(string path, params string[] script)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(8);
        return new ScriptedSmtpServer(listener, SmtpEndpoint.Unix(path), script);
    }

    public static ScriptedSmtpServer OnLoopback(params string[] script) => OnLoopback(0, script);

    public static ScriptedSmtpServer OnLoopback(int port, params string[] script)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(8);
        return new ScriptedSmtpServer(listener, SmtpEndpoint.Loopback((IPEndPoint)listener.LocalEndPoint!), script);
    }

    /// <summary>A loopback port that nothing listens on (for now).</summary>
    public static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Waits for the script to end, counts further connections, and fails the test on any deviation.</summary>
    public void Finish()
    {
        if (!_thread.Join(Patience))
        {
            _problems.Add("the conversation did not end in time");
            _connection?.Dispose();
            _listener.Dispose();
            _thread.Join();
            _finished = true;
        }

        while (!_finished && _listener.Poll(0, SelectMode.SelectRead))
        {
            using var extra = _listener.Accept();
            _connections++;
        }

        _finished = true;
        Assert.True(_problems.Count == 0,
            string.Join("\n", _problems) + "\n--- client sent:\n" + ByteAssert.Show(Received));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _connection?.Dispose();
        _thread.Join(Patience);
    }

    private void Run()
    {
        try
        {
            _connection = _listener.Accept();
            _connections++;
            _connection.ReceiveTimeout = (int)Patience.TotalMilliseconds;
            Play(_connection);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            _problems.Add($"server: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            _connection?.Dispose();
        }
    }

    private void Play(Socket connection)
    {
        foreach (var step in _script)
        {
            var text = step[3..];
            if (step.StartsWith("S: ", StringComparison.Ordinal))
            {
                if (text == "<close>")
                {
                    return;
                }

                if (text == "<hang>")
                {
                    while (ReadLine(connection) is not null)
                    {
                    }

                    return;
                }

                connection.Send(Encoding.UTF8.GetBytes(text + "\r\n"));
            }
            else if (text == "<chunks>" || text.StartsWith("<chunks:", StringComparison.Ordinal))
            {
                var answer = text == "<chunks>" ? null : text["<chunks:".Length..^1];
                if (!ReadChunks(connection, answer))
                {
                    if (answer is null)
                    {
                        _problems.Add("client closed during the BDAT chunks");
                    }

                    return;
                }
            }
            else if (text == "<data>")
            {
                if (!ReadData(connection))
                {
                    _problems.Add("client closed during the message data");
                    return;
                }
            }
            else
            {
                var line = ReadLine(connection);
                if (line != text + "\r\n")
                {
                    _problems.Add($"expected \"{text}\", client sent {(line is null ? "nothing (closed)" : "\"" + ByteAssert.Show(Encoding.UTF8.GetBytes(line)) + "\"")}");
                    return;
                }
            }
        }

        var extra = ReadLine(connection);
        if (extra is not null)
        {
            _problems.Add($"after the end of the script the client sent \"{extra.TrimEnd()}\"");
        }
    }

    private bool ReadData(Socket connection)
    {
        var line = new List<byte>();
        while (true)
        {
            if (!ReadRawLine(connection, line))
            {
                return false;
            }

            _data.Write(line.ToArray());
            if (line.Count == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n')
            {
                return true;
            }
        }
    }

    /// <summary>Reads BDAT commands and their chunks up to LAST; false if the client closed first or broke the protocol.</summary>
    private bool ReadChunks(Socket connection, string? answer)
    {
        while (true)
        {
            var command = ReadLine(connection);
            if (command is null)
            {
                return false;
            }

            var parts = command.TrimEnd('\r', '\n').Split(' ');
            if (!command.EndsWith("\r\n", StringComparison.Ordinal) || parts.Length is < 2 or > 3 || parts[0] != "BDAT"
                || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                || (parts.Length == 3 && parts[2] != "LAST"))
            {
                _problems.Add($"expected a BDAT command, client sent \"{ByteAssert.Show(Encoding.UTF8.GetBytes(command))}\"");
                return false;
            }

            ChunkCommands.Add(command.TrimEnd('\r', '\n'));
            if (!ReadBytes(connection, length))
            {
                return false;
            }

            var last = parts.Length == 3;
            var reply = answer ?? (last ? null : $"250 2.0.0 Ok: {length} bytes");
            try
            {
                if (reply is not null)
                {
                    connection.Send(Encoding.UTF8.GetBytes(reply + "\r\n"));
                }
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                // The client closed with answers unread: it gave up on the transaction.
                return false;
            }

            if (last)
            {
                return true;
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into <see cref="Data"/>; false at end of input.</summary>
    private bool ReadBytes(Socket connection, int count)
    {
        while (count > 0)
        {
            if (_bufferStart == _bufferEnd && !Refill(connection))
            {
                return false;
            }

            var take = Math.Min(count, _bufferEnd - _bufferStart);
            _data.Write(_buffer, _bufferStart, take);
            _bufferStart += take;
            count -= take;
        }

        return true;
    }

    private string? ReadLine(Socket connection)
    {
        var line = new List<byte>();
        return ReadRawLine(connection, line) || line.Count > 0 ? Encoding.UTF8.GetString(line.ToArray()) : null;
    }

    /// <summary>Refills the empty buffer; false at end of input.</summary>
    private bool Refill(Socket connection)
    {
        try
        {
            _bufferEnd = connection.Receive(_buffer);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset)
        {
            _bufferEnd = 0;
        }

        _bufferStart = 0;
        if (_bufferEnd == 0)
        {
            return false;
        }

        _received.Write(_buffer, 0, _bufferEnd);
        return true;
    }

    /// <summary>Reads up to and including LF; false at end of input.</summary>
    private bool ReadRawLine(Socket connection, List<byte> line)
    {
        line.Clear();
        while (true)
        {
            if (_bufferStart == _bufferEnd && !Refill(connection))
            {
                return false;
            }

            var available = _buffer.AsSpan(_bufferStart, _bufferEnd - _bufferStart);
            var newline = available.IndexOf((byte)'\n');
            var take = newline < 0 ? available.Length : newline + 1;
            line.AddRange(available[..take]);
            _bufferStart += take;
            if (newline >= 0)
            {
                return true;
            }
        }
    }
}
