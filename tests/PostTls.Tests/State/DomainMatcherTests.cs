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

    [Theory]
    [InlineData("bob@[192.0.2.1]")]
    [InlineData("bob@[IPv6:2001:db8::1]")]
    [InlineData("\"bob@bank.test\"@[192.0.2.1]")]
    public void MatchesAddress_AddressLiteral_NeverInsecureOnceAnyDomainIsListed(string address)
    {
        Assert.True(new DomainMatcher(["bank.test"], unknownMatches: true).MatchesAddress(address));
        Assert.False(new DomainMatcher([], unknownMatches: true).MatchesAddress(address));
        Assert.False(new DomainMatcher(["bank.test"]).MatchesAddress(address));
    }

    [Theory]
    [InlineData("user@b\u00fccher.test", true)]
    [InlineData("user@B\u00dcCHER.test", true)]
    [InlineData("user@xn--bcher-kva.test", true)]
    [InlineData("user@b\u00fccher.test.", true)]
    [InlineData("user@x.b\u00fccher.test", false)]
    [InlineData("user@m\u00fcnchen.gov.test", true)]
    [InlineData("user@bucher.test", false)]
    public void MatchesAddress_InternationalizedNames_ComparedAsALabels(string address, bool expected) =>
        Assert.Equal(expected, new DomainMatcher(["xn--bcher-kva.test", ".gov.test"], unknownMatches: true).MatchesAddress(address));

    [Fact]
    public void MatchesAddress_BrokenInternationalizedName_CountsAsUnknown() =>
        Assert.True(new DomainMatcher(["bank.test"], unknownMatches: true).MatchesAddress("user@b\u00fccher..test"));

    [Fact]
    public void MatchesAddress_ManyAddressesOneMatcher_EachAnsweredAsByAFreshOne()
    {
        string[] entries = ["bank.test", ".gov.test"];
        string[] addresses =
        [
            "a@bank.test", "b@BANK.test", "c@other.test", "a@bank.test", "d@x.gov.test", "e@gov.test", "f@[192.0.2.1]",
            "g@b\u00fccher..test", "c@other.test", "h@BANK.TEST.", "no-at-sign", "i@x.GOV.test",
        ];
        var matcher = new DomainMatcher(entries, unknownMatches: true);

        foreach (var address in addresses.Concat(addresses.Reverse()))
        {
            Assert.Equal(new DomainMatcher(entries, unknownMatches: true).MatchesAddress(address), matcher.MatchesAddress(address));
        }
    }
}
