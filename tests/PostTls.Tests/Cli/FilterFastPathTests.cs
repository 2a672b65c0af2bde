using PostTls.Cli;

namespace PostTls.Tests.Cli;

public sealed class FilterFastPathTests
{
    [Theory]
    [InlineData("filter -f a@b.test -- c@d.test", null, "a@b.test", "c@d.test")]
    [InlineData("filter --config /etc/x.conf -f a@b.test -- c@d.test e@f.test", "/etc/x.conf", "a@b.test", "c@d.test e@f.test")]
    [InlineData("filter -c /etc/x.conf -f a@b.test -- @c@d.test", "/etc/x.conf", "a@b.test", "@c@d.test")]
    public void TryParse_PipeArgumentVector_Recognised(string line, string? config, string sender, string recipients)
    {
        Assert.True(FilterFastPath.TryParse(line.Split(' '), out var configFile, out var parsedSender, out var parsedRecipients));
        Assert.Equal(config, configFile);
        Assert.Equal(sender, parsedSender);
        Assert.Equal(recipients.Split(' '), parsedRecipients);
    }

    [Fact]
    public void TryParse_NullSender_RecognisedAsEmpty()
    {
        Assert.True(FilterFastPath.TryParse(["filter", "-f", "", "--", "c@d.test"], out _, out var sender, out _));
        Assert.Equal("", sender);
    }

    [Theory]
    [InlineData("filter --help")]
    [InlineData("filter -f a@b.test --")]
    [InlineData("filter -f a@b.test c@d.test x")]
    [InlineData("filter --config -f a@b.test -- c@d.test")]
    [InlineData("filter --bogus x -f a@b.test -- c@d.test")]
    [InlineData("init -f a@b.test -- c@d.test")]
    [InlineData("filter -- a@b.test -f x y")]
    public void TryParse_AnythingElse_LeftToTheFullParser(string line)
    {
        Assert.False(FilterFastPath.TryParse(line.Split(' '), out _, out _, out _));
    }
}
