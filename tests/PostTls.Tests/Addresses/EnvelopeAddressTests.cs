using PostTls.Addresses;

namespace PostTls.Tests.Addresses;

public sealed class EnvelopeAddressTests
{
    [Theory]
    [InlineData("alice@example.org", "alice@example.org")]
    [InlineData("\"john doe\"@example.org", "john doe@example.org")]
    [InlineData("\"a\\\"b\"@example.org", "a\"b@example.org")]
    [InlineData("\"a\\\\b\"@example.org", "a\\b@example.org")]
    [InlineData("\"a@b\"@example.org", "a@b@example.org")]
    [InlineData("\"postmaster\"", "postmaster")]
    [InlineData("\"unterminated@example.org", "\"unterminated@example.org")]
    [InlineData("\"a\"b@example.org", "\"a\"b@example.org")]
    [InlineData("", "")]
    [InlineData("jörg@例え.jp", "jörg@例え.jp")]
    public void ToInternal_UnquotesOnlyAQuotedLocalPart(string external, string expected) =>
        Assert.Equal(expected, EnvelopeAddress.ToInternal(external));

    [Theory]
    [InlineData("alice@example.org", "alice@example.org")]
    [InlineData("a.b+tag@example.org", "a.b+tag@example.org")]
    [InlineData("john doe@example.org", "\"john doe\"@example.org")]
    [InlineData("a\"b@example.org", "\"a\\\"b\"@example.org")]
    [InlineData("a\\b@example.org", "\"a\\\\b\"@example.org")]
    [InlineData("a@b@example.org", "\"a@b\"@example.org")]
    [InlineData(".a@example.org", "\".a\"@example.org")]
    [InlineData("a.@example.org", "\"a.\"@example.org")]
    [InlineData("a..b@example.org", "\"a..b\"@example.org")]
    [InlineData("a>b@example.org", "\"a>b\"@example.org")]
    [InlineData("jörg@example.org", "jörg@example.org")]
    [InlineData("", "")]
    public void ToExternal_QuotesWhatIsNotADotString(string internalForm, string expected) =>
        Assert.Equal(expected, EnvelopeAddress.ToExternal(internalForm));

    [Theory]
    [InlineData("john doe@example.org")]
    [InlineData("a\"b\\c@example.org")]
    [InlineData("a@b@example.org")]
    [InlineData("plain@example.org")]
    public void ToExternal_ThenToInternal_GivesTheAddressBack(string internalForm) =>
        Assert.Equal(internalForm, EnvelopeAddress.ToInternal(EnvelopeAddress.ToExternal(internalForm)));

    [Theory]
    [InlineData("\"john doe\"@Example.ORG", "john doe@example.org", true)]
    [InlineData("Alice@example.org", "alice@example.org", false)]
    [InlineData("alice@EXAMPLE.org", "alice@example.org", true)]
    [InlineData("\"a b\"@example.org", "\"a  b\"@example.org", false)]
    public void Same_ComparesInternalForms(string a, string b, bool same) =>
        Assert.Equal(same, EnvelopeAddress.Same(a, b));

    [Fact]
    public void Comparer_SetsOfBothSpellings_HoldOneMailbox()
    {
        var set = new HashSet<string>(EnvelopeAddress.Comparer) { "john doe@example.org", "\"john doe\"@EXAMPLE.org", "alice@example.org" };

        Assert.Equal(2, set.Count);
        Assert.Contains("\"alice\"@example.org", set);
        Assert.DoesNotContain("Alice@example.org", set);
    }

    [Theory]
    [InlineData("Alice@Example.ORG", "example.org")]
    [InlineData("\"a@b\"@xn--bcher-kva.Example", "xn--bcher-kva.example")]
    [InlineData("postmaster", "")]
    public void Domain_IsTheLowerCasedPartAfterTheLastAt(string address, string domain) =>
        Assert.Equal(domain, EnvelopeAddress.Domain(address));
}
