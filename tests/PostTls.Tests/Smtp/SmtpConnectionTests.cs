using PostTls.Smtp;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Smtp;

public sealed class SmtpConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void ReadReply_MultiLine_GivesCodeAndTexts()
    {
        var reply = Read("S: 250-mail.example.test", "S: 250-SIZE 1000", "S: 250 DSN");

        Assert.Equal(250, reply.Code);
        Assert.Equal(["mail.example.test", "SIZE 1000", "DSN"], reply.Lines);
    }

    [Fact]
    public void ReadReply_CodeWithoutText_IsAccepted()
    {
        Assert.Equal(new List<string> { "" }, Read("S: 250").Lines);
    }

    [Fact]
    public void ReadReply_ControlCharacters_AreMadeHarmless()
    {
        Assert.Equal("a?b", Read("S: 250 a\u001bb").Lines[0]);
    }

    [Fact]
    public void ReadReply_LineOfExactlyTheLimit_IsAccepted()
    {
        var text = new string('x', SmtpConnection.MaxLineLength - 4);

        Assert.Equal(text, Read("S: 250 " + text).Lines[0]);
    }

    [Fact]
    public void ReadReply_MaxLines_IsAccepted()
    {
        string[] script = [.. Enumerable.Repeat("S: 250-x", SmtpConnection.MaxLines - 1), "S: 250 last"];

        Assert.Equal(SmtpConnection.MaxLines, Read(script).Lines.Count);
    }

    [Theory]
    [InlineData("reply line longer than 2000 characters", 2001)]
    [InlineData("reply line longer than 2000 characters", 100_000)]
    public void ReadReply_LineTooLong_IsProtocolError(string problem, int length)
    {
        AssertProtocolError(problem, "S: 250 " + new string('x', length - 4));
    }

    [Fact]
    public void ReadReply_TooManyLines_IsProtocolError()
    {
        // One write for all 102 lines: line by line, the client could stop at line 101 and close
        // while the server still sends, and the server's send then fails with a reset.
        AssertProtocolError("reply of more than 100 lines", "S: " + string.Concat(Enumerable.Repeat("250-x\r\n", 101)) + "250 last");
    }

    [Theory]
    [InlineData("S: hello")]
    [InlineData("S: 25")]
    [InlineData("S: 2500 x")]
    [InlineData("S: 150 x")]
    [InlineData("S: 650 x")]
    [InlineData("S: 250_x")]
    public void ReadReply_MalformedLine_IsProtocolError(string line)
    {
        AssertProtocolError("malformed reply line", line);
    }

    [Fact]
    public void ReadReply_CodeChangesWithinReply_IsProtocolError()
    {
        AssertProtocolError("reply code changes from 250 to 550", "S: 250-x", "S: 550 y");
    }

    [Fact]
    public void ReadReply_ServerCloses_IsConnectionLost()
    {
        var e = Assert.Throws<SmtpException>(() => Read("S: 250-x", "S: <close>"));

        Assert.Equal(SmtpFailure.ConnectionLost, e.Failure);
        Assert.Contains("connection closed by the server", e.Message);
    }

    [Fact]
    public void ReadReply_ServerTrickles_TimesOutForTheWholeReply()
    {
        using var server = ScriptedSmtpServer.OnLoopback("S: 250-x", "S: <hang>");
        using var connection = Connect(server);

        var e = Assert.Throws<SmtpException>(() => connection.ReadReply("EHLO x", TimeSpan.FromMilliseconds(150)));

        Assert.Equal(SmtpFailure.Timeout, e.Failure);
        Assert.Equal("EHLO x", e.Command);
        connection.Dispose();
        server.Finish();
    }

    private static void AssertProtocolError(string problem, params string[] script)
    {
        var e = Assert.Throws<SmtpException>(() => Read(script));

        Assert.Equal(SmtpFailure.ProtocolError, e.Failure);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("127.0.0.1:", e.Message);
    }

    private static SmtpReply Read(params string[] script)
    {
        using var server = ScriptedSmtpServer.OnLoopback(script);
        try
        {
            using var connection = Connect(server);
            return connection.ReadReply("test", Timeout);
        }
        finally
        {
            server.Finish();
        }
    }

    private static SmtpConnection Connect(ScriptedSmtpServer server) =>
        new SmtpConnector(new SmtpClientOptions { Endpoint = server.Endpoint, ConnectRetries = 0 }).Connect();
}
