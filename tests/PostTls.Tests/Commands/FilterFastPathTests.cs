using PostTls.Commands;

namespace PostTls.Tests.Commands;

public sealed class FilterFastPathTests
{
    [Theory]
    [InlineData("filter -f a@b.test -- c@d.test", null, "a@b.test", "c@d.test")]
    [InlineData("filter --config /etc/x.conf -f a@b.test -- c@d.test e@f.test", "/etc/x.conf", "a@b.test", "c@d.test e@f.test")]
    [InlineData("filter -c /etc/x.conf -f a@b.test -- @c@d.test", "/etc/x.conf", "a@b.test", "@c@d.test")]
    [InlineData("--config /etc/x.conf filter -f a@b.test -- c@d.test", "/etc/x.conf", "a@b.test", "c@d.test")]
    public void TryParse_PipeArgumentVector_Recognised(string line, string? config, string sender, string recipients)
    {
        Assert.True(FilterFastPath.TryParse(line.Split(' '), out var configFile, out var parsedSender, out var parsedRecipients, out _));
        Assert.Equal(config, configFile);
        Assert.Equal(sender, parsedSender);
        Assert.Equal(recipients.Split(' '), parsedRecipients);
    }

    [Fact]
    public void TryParse_NullSender_RecognisedAsEmpty()
    {
        Assert.True(FilterFastPath.TryParse(["filter", "-f", "", "--", "c@d.test"], out _, out var sender, out _, out _));
        Assert.Equal("", sender);
    }

    [Theory]
    [InlineData("filter --help")]
    [InlineData("filter -f a@b.test --")]
    [InlineData("filter -f a@b.test c@d.test x")]
    [InlineData("filter --config -f a@b.test -- c@d.test")]
    [InlineData("filter --bogus x -f a@b.test -- c@d.test")]
    [InlineData("init -f a@b.test -- c@d.test")]
    [InlineData("filter -f a@b.test --client-helo x -- c@d.test")]
    [InlineData("filter -f a@b.test --client-other=x -- c@d.test")]
    [InlineData("filter -f a@b.test --client-helo=x c@d.test")]
    [InlineData("--config /a filter --config /b -f a@b.test -- c@d.test")]
    [InlineData("filter -- a@b.test -f x y")]
    public void TryParse_AnythingElse_LeftToTheFullParser(string line)
    {
        Assert.False(FilterFastPath.TryParse(line.Split(' '), out _, out _, out _, out _));
    }

    [Fact]
    public void TryParse_ClientOptions_EachValueWholeEvenWhenItLooksLikeAnOption()
    {
        string[] args =
        [
            "filter", "-f", "a@b.test", "--client-name=mail.example.org", "--client-address=192.0.2.7", "--client-port=4711",
            "--client-protocol=ESMTPSA", "--client-helo=--", "--queue-id=4XyZ1", "--", "c@d.test",
        ];
        Assert.True(FilterFastPath.TryParse(args, out _, out var sender, out var recipients, out var client));
        Assert.Equal("a@b.test", sender);
        Assert.Equal(["c@d.test"], recipients);
        Assert.Equal(new PostTls.Smtp.SmtpForward("mail.example.org", "192.0.2.7", "4711", "ESMTPSA", "--", "4XyZ1"), client);
    }

    [Fact]
    public void TryParse_EmptyClientValues_AreUnknown()
    {
        string[] args = ["filter", "-f", "a@b.test", "--client-name=", "--client-helo=", "--", "c@d.test"];
        Assert.True(FilterFastPath.TryParse(args, out _, out _, out _, out var client));
        Assert.Equal(FilterFastPath.Unknown, client);
    }
}
