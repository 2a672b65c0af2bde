using PostTls.Configuration;

namespace PostTls.Tests.Configuration;

public sealed class LoopbackEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:10026", "127.0.0.1:10026")]
    [InlineData("127.0.0.2:25", "127.0.0.2:25")]
    [InlineData("[::1]:10026", "[::1]:10026")]
    public void Parse_Loopback_Accepted(string value, string expected) => Assert.Equal(expected, LoopbackEndpoint.Parse(value)?.ToString());

    [Theory]
    [InlineData("")]
    [InlineData("192.0.2.7:10026")]
    [InlineData("0.0.0.0:10026")]
    [InlineData("localhost:10026")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("::1:10026")]
    [InlineData("[2001:db8::1]:10026")]
    public void Parse_AnythingElse_Refused(string value) => Assert.Null(LoopbackEndpoint.Parse(value));

    [Fact]
    public void Settings_ReinjectAddressNotLoopback_ClearError()
    {
        var e = Assert.Throws<ConfigException>(() => SettingsLoader.FromText("t.conf", "reinject_address = 192.0.2.7:10026\n"));

        Assert.Contains("setting reinject_address: \"192.0.2.7:10026\" is not a loopback address and port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_Defaults_ReinjectOverSmtpAndNotifyListener()
    {
        var settings = SettingsLoader.FromText("t.conf", "");

        Assert.Equal("127.0.0.1:10026", settings.ReinjectAddress?.ToString());
        Assert.Equal("posttls-notify", settings.NotifyService);
        Assert.Null(SettingsLoader.FromText("t.conf", "reinject_address =\n").ReinjectAddress);
    }
}
