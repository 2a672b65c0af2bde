using PostTls.Decide;
using PostTls.Postfix;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Decide;

/// <summary>The rule decide applies to a login: the owners smtpd_sender_login_maps gives, else the address or its local part in a local domain.</summary>
public sealed class LoginOwnershipTests
{
    private readonly FakePostfixQueue _postfix = new()
    {
        ParameterValues =
        {
            ["myorigin"] = "mail.example.org",
            ["mydestination"] = "mail.example.org, localhost, hash:/etc/postfix/mydestination",
            ["recipient_delimiter"] = "+",
            ["smtpd_sender_login_maps"] = "",
        },
        Maps = { ["hash:/etc/postfix/mydestination"] = key => key == "example.org" ? "OK" : null },
    };

    private bool Owns(string login, string sender) => new LoginOwnership(_postfix).Judge(login, sender).Owns;

    [Theory]
    [InlineData("alice@example.org", "alice@example.org", true)]
    [InlineData("Alice@Example.ORG", "alice@example.org", true)]
    [InlineData("alice", "alice@example.org", true)] // example.org is in mydestination, through the table
    [InlineData("alice", "alice@mail.example.org", true)] // $myorigin
    [InlineData("alice", "alice@hosted.example", false)] // not a local domain: the local part alone owns nothing
    [InlineData("bob", "alice@example.org", false)]
    [InlineData("bob@example.org", "alice@example.org", false)]
    [InlineData("alice@example.org.evil", "alice@example.org", false)]
    [InlineData("alice", "alice+tag@example.org", true)] // alice+tag@ is alice@'s, as in Postfix's look-ups
    [InlineData("alice@example.org", "alice+tag@example.org", true)]
    [InlineData("alice+tag", "alice@example.org", false)]
    [InlineData("john doe@example.org", "\"john doe\"@example.org", true)] // logins compare with the unquoted form
    public void Judge_NoLoginMaps_AddressOrLocalPartInALocalDomain(string login, string sender, bool owns) =>
        Assert.Equal(owns, Owns(login, sender));

    [Fact]
    public void Judge_LoginMaps_OwnersFromTheMapInPostfixsOrder()
    {
        _postfix.ParameterValues["smtpd_sender_login_maps"] = "hash:/etc/postfix/senders, pcre:/etc/postfix/senders.pcre";
        _postfix.Maps["hash:/etc/postfix/senders"] = key => key switch
        {
            "alice@example.org" => "alice, alice@example.org",
            "carol" => "carol-login", // local part, for a local domain only
            "@shared.example" => "desk team",
            "\"john doe\"@example.org" => "jd",
            _ => null,
        };
        _postfix.Maps["pcre:/etc/postfix/senders.pcre"] = key => key.StartsWith("webmaster@", StringComparison.Ordinal) ? "web" : null;

        Assert.True(Owns("alice", "alice@example.org"));
        Assert.True(Owns("ALICE@example.org", "alice@example.org"));
        Assert.True(Owns("alice", "alice+news@example.org")); // without the extension
        Assert.False(Owns("bob", "alice@example.org"));
        Assert.True(Owns("carol-login", "carol@example.org"));
        Assert.False(Owns("carol-login", "carol@hosted.example"));
        Assert.True(Owns("team", "anyone@shared.example"));
        Assert.True(Owns("jd", "\"john doe\"@example.org"));
        Assert.True(Owns("web", "webmaster@hosted.example"));
        Assert.False(Owns("nobody", "nobody@unknown.example")); // no owner: owned by nobody
        Assert.All(_postfix.Lookups.Where(l => l.Map.StartsWith("pcre:", StringComparison.Ordinal)),
            l => Assert.All(l.Keys, k => Assert.Contains('@', k))); // pattern tables see full addresses only
    }

    [Fact]
    public void Judge_ProxyTable_LookedUpDirectly()
    {
        _postfix.ParameterValues["smtpd_sender_login_maps"] = "proxy:hash:/etc/postfix/senders";
        _postfix.Maps["hash:/etc/postfix/senders"] = key => key == "alice@example.org" ? "alice" : null;

        Assert.True(Owns("alice", "alice@example.org"));
    }

    [Fact]
    public void Judge_TableCannotBeRead_ThrowsSoDecideDefers()
    {
        _postfix.ParameterValues["smtpd_sender_login_maps"] = "hash:/etc/postfix/missing";

        Assert.Throws<PostfixException>(() => Owns("alice", "alice@example.org"));
    }
}
