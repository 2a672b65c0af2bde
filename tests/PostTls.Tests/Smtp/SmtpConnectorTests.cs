using System.Net.Sockets;
using PostTls.Smtp;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Smtp;

public sealed class SmtpConnectorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Connect_SocketFileAppearsAfterFirstAttempt_SucceedsOnSecondAttempt()
    {
        var path = _temp.File("release");
        ScriptedSmtpServer? server = null;
        var retries = new List<string>();
        var connector = new SmtpConnector(Options(SmtpEndpoint.Unix(path), retries, () => server ??= ScriptedSmtpServer.OnUnixSocket(path, "S: 220 ready")));

        using (var connection = connector.Connect())
        {
            Assert.Equal(220, connection.ReadReply("greeting", TimeSpan.FromSeconds(2)).Code);
        }

        using (server)
        {
            server!.Finish();
        }

        Assert.Single(retries);
        Assert.StartsWith($"unix:{path}: connect failed (", retries[0]);
    }

    [Fact]
    public void Connect_TcpRefusedAtFirst_SucceedsOnSecondAttempt()
    {
        var port = ScriptedSmtpServer.FreeLoopbackPort();
        ScriptedSmtpServer? server = null;
        var retries = new List<string>();
        var endpoint = SmtpEndpoint.Loopback(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        var connector = new SmtpConnector(Options(endpoint, retries, () => server ??= ScriptedSmtpServer.OnLoopback(port, "S: 220 ready")));

        using (var connection = connector.Connect())
        {
            Assert.Equal(220, connection.ReadReply("greeting", TimeSpan.FromSeconds(2)).Code);
        }

        using (server)
        {
            server!.Finish();
        }

        Assert.Single(retries);
    }

    [Fact]
    public void Connect_NobodyListens_GivesUpAfterTheRetries()
    {
        var retries = new List<string>();
        var connector = new SmtpConnector(Options(SmtpEndpoint.Unix(_temp.File("missing")), retries, () => { }));

        var e = Assert.Throws<SmtpException>(connector.Connect);

        Assert.Equal(SmtpFailure.ConnectFailed, e.Failure);
        Assert.Equal("connect", e.Command);
        Assert.True(e.IsTransient);
        Assert.Null(e.Reply);
        Assert.Equal(3, retries.Count);
        Assert.Contains("retry 3 of 3", retries[2]);
    }

    [Fact]
    public void Connect_NoRetriesConfigured_TriesOnce()
    {
        var retries = new List<string>();
        var connector = new SmtpConnector(Options(SmtpEndpoint.Unix(_temp.File("missing")), retries, () => { }) with { ConnectRetries = 0 });

        Assert.Throws<SmtpException>(connector.Connect);
        Assert.Empty(retries);
    }

    [Fact]
    public void Connect_ListenerBacklogFull_TimesOutAndRetries()
    {
        var path = _temp.File("busy");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(0);
        var pending = new List<Socket>();
        try
        {
            // A listener that never accepts: fill its backlog so that the next connect waits.
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
                pending.Add(filler);
                try
                {
                    filler.Connect(new UnixDomainSocketEndPoint(path));
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                {
                    break;
                }
            }

            var retries = new List<string>();
            var connector = new SmtpConnector(Options(SmtpEndpoint.Unix(path), retries, () => { }) with
            {
                ConnectTimeout = TimeSpan.FromMilliseconds(100),
                ConnectRetries = 1,
            });

            var e2 = Assert.Throws<SmtpException>(connector.Connect);

            Assert.Equal(SmtpFailure.Timeout, e2.Failure);
            Assert.True(e2.IsTransient);
            Assert.Single(retries);
            Assert.Contains("no connection within 0.1 s", e2.Message);
        }
        finally
        {
            pending.ForEach(s => s.Dispose());
        }
    }

    private static SmtpClientOptions Options(SmtpEndpoint endpoint, List<string> retries, Action onRetry) => new()
    {
        Endpoint = endpoint,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        ConnectRetries = 3,
        ConnectRetryDelay = TimeSpan.FromMilliseconds(5),
        OnConnectRetry = reason =>
        {
            retries.Add(reason);
            onRetry();
        },
    };
}
