using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// A stand-in for the reinjection listener that answers like a broken or refusing Postfix:
/// <paramref name="reply"/> at <paramref name="stage"/> ("RCPT", "DATA-END", or "BDAT": it then
/// announces CHUNKING and answers every chunk so), or nothing at all ("HANG"). Every other
/// command gets a plain positive reply. It queues nothing.
/// </summary>
internal sealed class FakeReinjectListener : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Thread _thread;
    private readonly string _stage;
    private readonly string _reply;
    private volatile bool _stopped;

    public FakeReinjectListener(string stage, string reply)
    {
        _stage = stage;
        _reply = reply;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _thread = new Thread(Run) { IsBackground = true, Name = "fake reinjection listener" };
        _thread.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The HELO names clients gave, in order.</summary>
    public List<string> Greetings { get; } = [];

    private void Run()
    {
        while (!_stopped)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var session = new Thread(() => Serve(client)) { IsBackground = true };
            session.Start();
        }
    }

    private void Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                void Say(string line) => stream.Write(Encoding.ASCII.GetBytes(line + "\r\n"));
                Say("220 fake ESMTP");
                string? line;
                while ((line = reader.ReadLine()) is not null)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    if (verb == "EHLO")
                    {
                        lock (Greetings)
                        {
                            Greetings.Add(line[5..]);
                        }
                    }

                    if (_stage == "HANG" && verb == "MAIL")
                    {
                        Thread.Sleep(Timeout.Infinite);
                    }

                    if (verb == "RCPT" && _stage == "RCPT")
                    {
                        Say(_reply);
                        continue;
                    }

                    switch (verb)
                    {
                        case "EHLO":
                            Say("250-fake\r\n250-XFORWARD NAME ADDR PORT PROTO HELO IDENT\r\n" + (_stage == "BDAT" ? "250-CHUNKING\r\n" : "") + "250 8BITMIME");
                            break;
                        case "BDAT":
                            // Latin-1 reads one char per byte: the chunk is its length in chars.
                            var chunk = new char[int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)];
                            reader.ReadBlock(chunk);
                            Say(_reply);
                            break;
                        case "DATA":
                            Say("354 go on");
                            while ((line = reader.ReadLine()) is not null && line != ".")
                            {
                            }

                            Say(_stage == "DATA-END" ? _reply : "250 2.0.0 Ok: queued as FAKE");
                            break;
                        case "QUIT":
                            Say("221 bye");
                            return;
                        case "RSET":
                            Say("250 Ok");
                            break;
                        default:
                            Say("250 Ok");
                            break;
                    }
                }
            }
            catch (IOException)
            {
                // The client went away.
            }
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _listener.Stop();
    }
}
