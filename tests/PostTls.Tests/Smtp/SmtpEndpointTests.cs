using System.Net;
using PostTls.Smtp;

namespace PostTls.Tests.Smtp;

public sealed class SmtpEndpointTests
{
    [Fact]
    public void Unix_AbsolutePath_IsShownWithScheme()
    {
        var endpoint = SmtpEndpoint.Unix("/var/spool/postfix/private/posttls-release");

        Assert.True(endpoint.IsUnix);
        Assert.Equal("unix:/var/spool/postfix/private/posttls-release", endpoint.ToString());
    }

    [Theory]
    [InlineData("private/posttls-release")]
    [InlineData("")]
    public void Unix_RelativePath_IsRefused(string path)
    {
        Assert.Throws<ArgumentException>(() => SmtpEndpoint.Unix(path));
    }

    [Fact]
    public void Unix_PathTooLongForASocketAddress_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => SmtpEndpoint.Unix("/" + new string('x', 200)));

        Assert.Contains("too long", e.Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    public void Loopback_LoopbackAddress_IsAccepted(string address)
    {
        Assert.False(SmtpEndpoint.Loopback(new IPEndPoint(IPAddress.Parse(address), 2526)).IsUnix);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("0.0.0.0")]
    public void Loopback_OtherAddress_IsRefused(string address)
    {
        Assert.Throws<ArgumentException>(() => SmtpEndpoint.Loopback(new IPEndPoint(IPAddress.Parse(address), 25)));
    }
}
