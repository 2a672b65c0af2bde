using PostTls.State;

namespace PostTls.Tests.State;

public sealed class DomainStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posttls-state-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// The matcher sweep and apply judge recipients with: bob@[192.0.2.1] could be a listed
    /// domain's server, so it is never-insecure as soon as any domain is listed.
    /// </summary>
    [Fact]
    public void Matcher_AddressLiteral_NeverInsecureOnlyOnceADomainIsListed()
    {
        using var database = StateDatabase.Open(_directory);
        var domains = new DomainStore(database);
        Assert.False(domains.Matcher().MatchesAddress("bob@[192.0.2.1]"));

        domains.Add("bank.test", 1, Actor.Admin("root"));

        Assert.True(domains.Matcher().MatchesAddress("bob@[192.0.2.1]"));
        Assert.True(domains.Matcher().MatchesAddress("bob@[IPv6:2001:db8::1]"));
        Assert.False(domains.Matcher().MatchesAddress("bob@partner.test"));
    }
}
