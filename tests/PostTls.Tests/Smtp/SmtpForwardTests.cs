using PostTls.Smtp;

namespace PostTls.Tests.Smtp;

public sealed class SmtpForwardTests
{
    [Fact]
    public void Commands_AllKnown_OneLineInXtext()
    {
        var forward = new SmtpForward("mail.example.org", "192.0.2.7", "4711", "ESMTPSA", "we+ird=hé lo", "4XyZ1");

        Assert.Equal(["XFORWARD NAME=mail.example.org ADDR=192.0.2.7 PORT=4711 PROTO=ESMTPSA HELO=we+2Bird+3Dh+C3+A9+20lo IDENT=4XyZ1"], forward.Commands());
    }

    [Fact]
    public void Commands_NothingKnown_AllUnavailable()
    {
        var forward = new SmtpForward("", "", "", "", "", "");

        Assert.Equal(["XFORWARD NAME=[UNAVAILABLE] ADDR=[UNAVAILABLE] PORT=[UNAVAILABLE] PROTO=[UNAVAILABLE] HELO=[UNAVAILABLE] IDENT=[UNAVAILABLE]"], forward.Commands());
    }

    /// <summary>Postfix refuses a malformed ADDR or PORT with 501: such a value is sent as unavailable, so the message is not refused for it.</summary>
    [Theory]
    [InlineData("not-an-address", "25", "ADDR=[UNAVAILABLE] PORT=25")]
    [InlineData("192.0.2.7", "99999", "ADDR=192.0.2.7 PORT=[UNAVAILABLE]")]
    [InlineData("2001:db8::1", "x", "ADDR=IPV6:2001:db8::1 PORT=[UNAVAILABLE]")]
    public void Commands_MalformedAddressOrPort_SentAsUnavailable(string address, string port, string expected)
    {
        var command = Assert.Single(new SmtpForward("h", address, port, "SMTP", "h", "Q").Commands());

        Assert.Contains(expected, command, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_LongValues_CutAndSplitBelowTheLineLimit()
    {
        var forward = new SmtpForward(new string('n', 300), "192.0.2.7", "25", "ESMTP", new string('h', 300), "Q");

        var commands = forward.Commands();

        Assert.True(commands.Count > 1);
        Assert.All(commands, c => Assert.True(c.Length <= 500, c));
        Assert.All(commands, c => Assert.StartsWith("XFORWARD ", c, StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("NAME=" + new string('n', 255) + " ", StringComparison.Ordinal));
    }
}
