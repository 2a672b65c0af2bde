using PostTls.Configuration;

namespace PostTls.Tests.Configuration;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("300", 300)]
    [InlineData("300s", 300)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("3d", 259_200)]
    [InlineData("1w", 604_800)]
    [InlineData("007s", 7)]
    [InlineData("315360000", 315_360_000)]
    [InlineData("3650d", 315_360_000)]
    public void TryParse_PostfixTimeValue_ReturnsSeconds(string text, long seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("000m")]
    [InlineData("5x")]
    [InlineData("5S")]
    [InlineData("5M")]
    [InlineData("s")]
    [InlineData("m")]
    [InlineData("-5s")]
    [InlineData("+5s")]
    [InlineData("5 s")]
    [InlineData(" 5s")]
    [InlineData("5s ")]
    [InlineData("1.5h")]
    [InlineData("5ms")]
    [InlineData("1h30m")]
    [InlineData("1000000000")]
    [InlineData("0x10")]
    [InlineData("\u0665s")]
    public void TryParse_NotATimeValue_ReturnsFalse(string text)
    {
        Assert.False(DurationParser.TryParse(text, out var duration));
        Assert.Null(duration);
    }

    /// <summary>Nine digits with a large unit exceed TimeSpan; a Try method must say no, not throw.</summary>
    [Theory]
    [InlineData("999999999w")]
    [InlineData("999999999d")]
    [InlineData("99999999d")]
    [InlineData("315360001s")]
    [InlineData("999999999")]
    public void TryParse_HugeValue_ReturnsFalseWithoutThrowing(string text)
    {
        var exception = Record.Exception(() => DurationParser.TryParse(text, out _));

        Assert.Null(exception);
    }
}
