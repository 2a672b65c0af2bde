using PostTls.Mime;

namespace PostTls.Tests.Mime;

public sealed class Rfc5322DateTests
{
    [Theory]
    [InlineData("Mon, 23 Nov 2026 09:12:00 +0100", "2026-11-23T09:12:00+01:00")]
    [InlineData("23 Nov 2026 09:12 -0500", "2026-11-23T09:12:00-05:00")]
    [InlineData("Mon,23 Nov 2026 09:12:00 +0000", "2026-11-23T09:12:00+00:00")]
    [InlineData("Mon, 3 nov 2026 09:12:59 GMT", "2026-11-03T09:12:59+00:00")]
    [InlineData("Mon, 23 Nov 2026 09:12:00 +0100 (CET)", "2026-11-23T09:12:00+01:00")]
    [InlineData("  Mon,  23  Nov  2026  09:12:00  UT ", "2026-11-23T09:12:00+00:00")]
    [InlineData("Mon, 23 Nov 26 09:12:00 +0530", "2026-11-23T09:12:00+05:30")]
    [InlineData("Tue, 23 Nov 99 09:12:00 Z", "1999-11-23T09:12:00+00:00")]
    public void TryParse_MailDates(string text, string expected)
    {
        Assert.True(Rfc5322Date.TryParse(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Parse(expected[^6..].TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture), time.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Mon, 31 Feb 2026 09:12:00 +0100")]
    [InlineData("Mon, 23 Foo 2026 09:12:00 +0100")]
    [InlineData("Mon, 23 Nov 2026 25:12:00 +0100")]
    [InlineData("Mon, 23 Nov 2026 09:12:60 +0100")]
    [InlineData("Mon, 23 Nov 2026 09:12:00 CET")]
    [InlineData("Mon, 23 Nov 2026 09:12:00 +01:00")]
    [InlineData("Mon, 23 Nov 2026 09:12:00 +1500")]
    [InlineData("Mon, 23 Nov 2026 9:12:00 +0100")]
    [InlineData("Mon, 23 Nov 202 09:12:00 +0100")]
    [InlineData("Mon, 23 Nov 2026 09:12:00")]
    [InlineData("2026-11-23T09:12:00Z")]
    public void TryParse_Other_Fails(string? text)
    {
        Assert.False(Rfc5322Date.TryParse(text, out _));
    }

    [Fact]
    public void Format_IsUtcWithEnglishNames()
    {
        Assert.Equal("Sun, 7 Mar 2027 13:00:05 +0000", Rfc5322Date.Format(new DateTimeOffset(2027, 3, 7, 14, 0, 5, TimeSpan.FromHours(1))));
    }
}
