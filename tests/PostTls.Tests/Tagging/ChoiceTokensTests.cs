using PostTls.Tagging;

namespace PostTls.Tests.Tagging;

/// <summary>The action addresses of remembered choices: "always" (send, and the same for a domain) and "forget".</summary>
public sealed class ChoiceTokensTests
{
    private const string MessageKey = "aaisem2ekvthpcez";
    private const string Sender = "Alice.Smith@Example.ORG";
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Expires = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private static string Always => ActionTokens.CreateRememberLocalPart(Key, MessageKey, "partner.example", Sender, Expires);

    [Fact]
    public void Always_Verify_RoundTrips_WithItsDomainDigest_In64Octets()
    {
        Assert.Equal(64, Always.Length);
        Assert.StartsWith("posttls-always-" + MessageKey + "-", Always, StringComparison.Ordinal);

        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, Always, Sender, Now, out var token));
        Assert.Equal(new ActionToken(SenderAction.Release, MessageKey, Expires, TokenPurpose.Remember, ActionTokens.DomainDigest(Key, "partner.example")), token);
    }

    [Fact]
    public void Always_AnotherDomainsDigestPutIn_IsForged()
    {
        var parts = Always.Split('-');
        parts[3] = ActionTokens.DomainDigest(Key, "attacker.example");

        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, string.Join('-', parts), Sender, Now, out _));
    }

    [Fact]
    public void Always_AnotherSender_IsForged() =>
        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, Always, "mallory@example.org", Now, out _));

    [Fact]
    public void Always_AfterExpiry_Expired() =>
        Assert.Equal(TokenStatus.Expired, ActionTokens.Verify(Key, Always, Sender, Expires.AddMinutes(1), out _));

    [Fact]
    public void Always_WithoutItsDigest_IsMalformed()
    {
        var parts = Always.Split('-').ToList();
        parts.RemoveAt(3);

        Assert.Equal(TokenStatus.Malformed, ActionTokens.Verify(Key, string.Join('-', parts), Sender, Now, out _));
    }

    [Fact]
    public void Send_WithADigest_IsMalformed()
    {
        var parts = Always.Split('-');
        parts[1] = "send";

        Assert.Equal(TokenStatus.Malformed, ActionTokens.Verify(Key, string.Join('-', parts), Sender, Now, out _));
    }

    [Fact]
    public void Always_ASendMacMovedOver_IsForged()
    {
        // The same key, expiry and sender under "send": its MAC must not serve for "always".
        var send = ActionTokens.CreateLocalPart(Key, SenderAction.Release, MessageKey, Sender, Expires).Split('-');
        var parts = Always.Split('-');
        parts[^1] = send[^1];

        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, string.Join('-', parts), Sender, Now, out _));
    }

    [Fact]
    public void Forget_Verify_RoundTrips()
    {
        var forget = ActionTokens.CreateForgetLocalPart(Key, "q4vmx3kd7bnw2hye", Sender, Expires);

        Assert.StartsWith("posttls-forget-q4vmx3kd7bnw2hye-", forget, StringComparison.Ordinal);
        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, forget, Sender, Now, out var token));
        Assert.Equal(TokenPurpose.Forget, token!.Purpose);
        Assert.Equal("q4vmx3kd7bnw2hye", token.MessageKey);
        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, forget, "mallory@example.org", Now, out _));
    }

    [Fact]
    public void DomainDigest_IgnoresCase_DiffersPerDomainAndKey()
    {
        Assert.Equal(ActionTokens.DomainDigest(Key, "Partner.Example"), ActionTokens.DomainDigest(Key, "partner.example"));
        Assert.NotEqual(ActionTokens.DomainDigest(Key, "partner.example"), ActionTokens.DomainDigest(Key, "sub.partner.example"));
        Assert.NotEqual(ActionTokens.DomainDigest(Key, "partner.example"), ActionTokens.DomainDigest(new byte[32], "partner.example"));
        Assert.Matches("^[a-z2-7]{6}$", ActionTokens.DomainDigest(Key, "partner.example"));
    }

    [Fact]
    public void Always_ExpiryTooLateForTheLocalPart_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ActionTokens.CreateRememberLocalPart(Key, MessageKey, "partner.example", Sender, new DateTimeOffset(2300, 1, 1, 0, 0, 0, TimeSpan.Zero)));
}
