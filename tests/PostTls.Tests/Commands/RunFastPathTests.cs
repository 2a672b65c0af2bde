using PostTls.Commands;

namespace PostTls.Tests.Commands;

public sealed class RunFastPathTests
{
    [Theory]
    [InlineData("sweep", "sweep", null)]
    [InlineData("apply", "apply", null)]
    [InlineData("--config /etc/x.conf sweep", "sweep", "/etc/x.conf")]
    [InlineData("-c /etc/x.conf apply", "apply", "/etc/x.conf")]
    [InlineData("sweep --config /etc/x.conf", "sweep", "/etc/x.conf")]
    [InlineData("apply -c /etc/x.conf", "apply", "/etc/x.conf")]
    public void TryParse_UnitAndCronArgumentVectors_Recognised(string line, string command, string? config)
    {
        Assert.True(RunFastPath.TryParse(line.Split(' '), out var parsedCommand, out var configFile));
        Assert.Equal(command, parsedCommand);
        Assert.Equal(config, configFile);
    }

    [Theory]
    [InlineData("sweep --dry-run")]
    [InlineData("sweep -n")]
    [InlineData("apply --help")]
    [InlineData("sweep extra")]
    [InlineData("sweep --config")]
    [InlineData("sweep --config --dry-run")]
    [InlineData("--config sweep")]
    [InlineData("--config /a sweep --config /b")]
    [InlineData("--config -n sweep")]
    [InlineData("filter -f a@b.test -- c@d.test")]
    [InlineData("list")]
    [InlineData("Sweep")]
    public void TryParse_AnythingElse_LeftToTheFullParser(string line)
    {
        Assert.False(RunFastPath.TryParse(line.Split(' '), out _, out _));
    }

    [Fact]
    public void TryParse_NoArguments_LeftToTheFullParser()
    {
        Assert.False(RunFastPath.TryParse([], out _, out _));
        Assert.False(RunFastPath.TryParse([""], out _, out _));
        Assert.False(RunFastPath.TryParse(["--config", "", "sweep"], out _, out _));
    }
}
