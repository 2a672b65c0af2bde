using PostTls.State;

namespace PostTls.Tests.State;

public sealed class DomainMatcherTests
{
    [Theory]
    [InlineData("user@bank.test", true)]
    [InlineData("user@BANK.test", true)]
    [InlineData("user@bank.test.", true)]
    [InlineData("user@sub.bank.test", false)]
    [InlineData("user@notbank.test", false)]
    [InlineData("user@x.gov.test", true)]
    [InlineData("user@a.b.gov.test", true)]
    [InlineData("user@gov.test", false)]
    [InlineData("user@evilgov.test", false)]
    [InlineData("no-at-sign", false)]
    public void MatchesAddress_ExactAndSubdomainEntries(string address, bool expected) =>
        Assert.Equal(expected, new DomainMatcher(["bank.test", ".gov.test"]).MatchesAddress(address));
}
