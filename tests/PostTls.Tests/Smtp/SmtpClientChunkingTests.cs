using System.Text;
using PostTls.Smtp;
using PostTls.Tests.TestSupport;
using static PostTls.Tests.Smtp.SmtpClientTests;

namespace PostTls.Tests.Smtp;

/// <summary>The message in BDAT chunks (RFC 3030), when the server announces CHUNKING as Postfix 3.4 and later do.</summary>
public sealed class SmtpClientChunkingTests
{
    private static readonly string[] Ehlo =
    [
        "C: EHLO localhost",
        "S: 250-mail.example.test",
        "S: 250-PIPELINING",
        "S: 250-8BITMIME",
        "S: 250 CHUNKING",
    ];

    private static readonly string[] Envelope1 =
    [
        "C: MAIL FROM:<a@example.com>", "C: RCPT TO:<b@example.test>",
        "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok",
    ];

    [Fact]
    public void Submit_SmallMessage_GoesInOneLastChunk_WithoutDotsAdded()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo, .. Envelope1,
            "C: <chunks>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            .. Quit,
        ]);

        var result = Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message("Subject: hi\n\n.line\n..two\nend"));

        server.Finish();
        Assert.Equal("4ABC123DEF", result.QueueId);
        ByteAssert.Equal("Subject: hi\r\n\r\n.line\r\n..two\r\nend\r\n"u8.ToArray(), server.Data);
        Assert.Equal(["BDAT 34 LAST"], server.ChunkCommands);
        Assert.DoesNotContain("DATA", server.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Submit_EmptyMessage_IsOneEmptyLastChunk()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
            [.. Greeting, .. Ehlo, .. Envelope1, "C: <chunks>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF", .. Quit]);

        Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message(""));

        server.Finish();
        Assert.Equal(["BDAT 0 LAST"], server.ChunkCommands);
        Assert.Empty(server.Data);
    }

    /// <summary>
    /// A message of many chunks: more than <see cref="SmtpChunkStream.MaxUnanswered"/>, so the
    /// client reads answers while it sends; the bytes arrive whole, in order, and only the last
    /// chunk says LAST.
    /// </summary>
    [Fact]
    public void Submit_LargeMessage_GoesInChunksOfAtMost64KiB_OnlyTheLastSaysLast()
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < 3 * 1024 * 1024; i++)
        {
            text.Append(i % 7 == 0 ? "." : "").Append("line ").Append(i).Append(' ', i % 90).Append('\n');
        }

        using var server = ScriptedSmtpServer.OnLoopback(
            [.. Greeting, .. Ehlo, .. Envelope1, "C: <chunks>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF", .. Quit]);

        Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message(text.ToString()));

        server.Finish();
        ByteAssert.Equal(Encoding.ASCII.GetBytes(text.ToString().Replace("\n", "\r\n", StringComparison.Ordinal)), server.Data);
        Assert.True(server.ChunkCommands.Count > SmtpChunkStream.MaxUnanswered + 1, $"{server.ChunkCommands.Count} chunks");
        Assert.All(server.ChunkCommands[..^1], c => Assert.Matches(@"^BDAT \d+$", c));
        Assert.EndsWith(" LAST", server.ChunkCommands[^1], StringComparison.Ordinal);
        Assert.All(server.ChunkCommands, c => Assert.InRange(int.Parse(c.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 0, 2 * 64 * 1024));
    }

    /// <summary>The server refuses a chunk (say, the message is too large): the client stops, never sends LAST, and reports the server's reply.</summary>
    [Theory]
    [InlineData("552 5.3.4 Message size exceeds fixed limit", false)]
    [InlineData("451 4.3.0 Error: queue file write error", true)]
    public void Submit_ChunkRefused_StopsWithoutLast_AndReportsTheReply(string reply, bool transient)
    {
        var text = string.Concat(Enumerable.Repeat(new string('x', 99) + "\n", 30_000));
        using var server = ScriptedSmtpServer.OnLoopback([.. Greeting, .. Ehlo, .. Envelope1, $"C: <chunks:{reply}>"]);

        var e = Assert.Throws<SmtpException>(() => Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message(text)));

        server.Finish();
        Assert.Equal(SmtpFailure.Rejected, e.Failure);
        Assert.Equal(reply, e.Reply?.ToString());
        Assert.Equal(transient, e.IsTransient);
        Assert.False(e.OutcomeUnknown);
        Assert.DoesNotContain(server.ChunkCommands, c => c.EndsWith(" LAST", StringComparison.Ordinal));
    }

    [Fact]
    public void Submit_RecipientRefused_SendsNoChunk_ResetsAndQuits()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<a@example.com>", "C: RCPT TO:<b@example.test>", "C: RCPT TO:<nobody@example.test>",
            "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown",
            "C: RSET", "S: 250 2.0.0 Ok",
            .. Quit,
        ]);

        var e = Assert.Throws<SmtpException>(() =>
            Client(server).Submit(Envelope("a@example.com", "b@example.test", "nobody@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal("RCPT TO:<nobody@example.test>", e.Command);
        Assert.Empty(server.ChunkCommands);
    }

    /// <summary>The connection drops after LAST was sent: the copy may be queued, and the caller must be told so.</summary>
    [Fact]
    public void Submit_ConnectionLostAfterLast_OutcomeUnknown()
    {
        using var server = ScriptedSmtpServer.OnLoopback([.. Greeting, .. Ehlo, .. Envelope1, "C: <chunks>", "S: <close>"]);

        var e = Assert.Throws<SmtpException>(() => Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message("x\n")));

        server.Finish();
        Assert.True(e.OutcomeUnknown);
        Assert.Equal(["BDAT 3 LAST"], server.ChunkCommands);
    }

    /// <summary>A producer that fails mid-message leaves the transaction without LAST: the server queues nothing.</summary>
    [Fact]
    public void Submit_ProducerFails_NoLastChunkIsSent()
    {
        using var server = ScriptedSmtpServer.OnLoopback([.. Greeting, .. Ehlo, .. Envelope1, "C: <chunks:250 2.0.0 Ok>"]);

        Assert.Throws<InvalidOperationException>(() => Client(server).Submit(Envelope("a@example.com", "b@example.test"), data =>
        {
            data.Write(new byte[200_000]);
            throw new InvalidOperationException("the input died");
        }));

        server.Finish();
        Assert.NotEmpty(server.ChunkCommands);
        Assert.DoesNotContain(server.ChunkCommands, c => c.EndsWith(" LAST", StringComparison.Ordinal));
    }
}
