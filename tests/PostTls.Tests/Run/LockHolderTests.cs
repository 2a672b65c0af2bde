using PostTls.Run;

namespace PostTls.Tests.Run;

public sealed class LockHolderTests
{
    [Fact]
    public void SerializeThenParse_SameHolder()
    {
        var holder = new LockHolder(4711, DateTimeOffset.FromUnixTimeSeconds(1795340986));

        Assert.Equal("pid=4711 started=1795340986\n", System.Text.Encoding.ASCII.GetString(holder.Serialize()));
        Assert.Equal(holder, LockHolder.Parse("pid=4711 started=1795340986\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pid=4711")]
    [InlineData("pid=4711 started=")]
    [InlineData("pid=-1 started=1795340986")]
    [InlineData("pid=4711 started=99999999999999")]
    [InlineData("started=1795340986 pid=4711")]
    [InlineData("pid=4711 started=1795340986 extra=1")]
    public void Parse_NotAHolderLine_Null(string text) => Assert.Null(LockHolder.Parse(text));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m 0s")]
    [InlineData(903, "15m 3s")]
    [InlineData(3600, "1h 0m")]
    [InlineData(93784, "26h 3m")]
    public void Describe_Seconds_Readable(int seconds, string text) =>
        Assert.Equal(text, LockHolder.Describe(TimeSpan.FromSeconds(seconds)));
}
