using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Tagging;

public sealed partial class ActionTokensTests
{
    private const string MessageKey = "aaisem2ekvthpcez";
    private const string Sender = "Alice.Smith@Example.ORG";
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Expires = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private static string Send => ActionTokens.CreateLocalPart(Key, SenderAction.Release, MessageKey, Sender, Expires);

    private static string Delete => ActionTokens.CreateLocalPart(Key, SenderAction.Delete, MessageKey, Sender, Expires);

    [Theory]
    [InlineData("send")]
    [InlineData("delete")]
    public void CreateLocalPart_Verify_RoundTrips(string word)
    {
        var action = ActionFor(word);
        var localPart = ActionTokens.CreateLocalPart(Key, action, MessageKey, Sender, Expires);

        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, localPart, Sender, Now, out var token));
        Assert.Equal(new ActionToken(action, MessageKey, Expires), token);
    }

    /// <summary>
    /// Computed independently with Python's hmac module for Key and Sender (domain lower-cased):
    /// pins the format, the MAC input and the truncation, so action addresses already sent out
    /// keep working after a change.
    /// </summary>
    [Theory]
    [InlineData("send", "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti")]
    [InlineData("delete", "posttls-delete-aaisem2ekvthpcez-29926920-c7jzx2fs7dnicv4n")]
    public void CreateLocalPart_KnownVector_MatchesIndependentComputation(string word, string expected)
    {
        Assert.Equal(expected, ActionTokens.CreateLocalPart(Key, ActionFor(word), MessageKey, Sender, Expires));
        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, expected, Sender, Now, out _));
    }

    [Fact]
    public void CreateLocalPart_Format_IsLettersDigitsHyphensWithin64Octets()
    {
        foreach (var localPart in new[] { Send, Delete })
        {
            Assert.Matches(FormatPattern(), localPart);
            Assert.True(localPart.Length <= ActionTokens.MaxLocalPartLength, $"{localPart} is {localPart.Length} octets");
        }

        Assert.Equal(55, Send.Length);
        Assert.Equal(57, Delete.Length);
    }

    [Fact]
    public void CreateLocalPart_LatestPossibleExpiry_StillWithin64Octets()
    {
        var localPart = ActionTokens.CreateLocalPart(Key, SenderAction.Delete, MessageKey, Sender, DateTimeOffset.MaxValue);

        Assert.Matches(FormatPattern(), localPart);
        Assert.True(localPart.Length <= ActionTokens.MaxLocalPartLength);
        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, localPart, Sender, Now, out _));
    }

    [Fact]
    public void CreateLocalPart_ExpiryWithinAMinute_IsRoundedUp()
    {
        var localPart = ActionTokens.CreateLocalPart(Key, SenderAction.Release, MessageKey, Sender, Expires.AddSeconds(1));

        ActionTokens.Verify(Key, localPart, Sender, Now, out var token);
        Assert.Equal(Expires.AddMinutes(1), token!.Expires);
    }

    [Fact]
    public void CreateLocalPart_ExpiryInOtherOffset_MeansTheSameInstant()
    {
        var localPart = ActionTokens.CreateLocalPart(Key, SenderAction.Release, MessageKey, Sender, Expires.ToOffset(TimeSpan.FromHours(2)));

        Assert.Equal(Send, localPart);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void CreateLocalPart_NullSender_Throws(string? sender)
    {
        Assert.Throws<ArgumentException>(() => ActionTokens.CreateLocalPart(Key, SenderAction.Release, MessageKey, sender!, Expires));
    }

    [Theory]
    [InlineData("")]
    [InlineData("aaisem2ekvthpce")]
    [InlineData("aaisem2ekvthpceza")]
    [InlineData("AAISEM2EKVTHPCEZ")]
    [InlineData("aaisem2ekvthpce1")]
    [InlineData("aaisem2ekvthpce-")]
    public void CreateLocalPart_BadMessageKey_Throws(string messageKey)
    {
        Assert.Throws<ArgumentException>(() => ActionTokens.CreateLocalPart(Key, SenderAction.Release, messageKey, Sender, Expires));
    }

    [Fact]
    public void CreateLocalPart_ExpiryBefore1970_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ActionTokens.CreateLocalPart(Key, SenderAction.Release, MessageKey, Sender, DateTimeOffset.UnixEpoch.AddMinutes(-1)));
    }

    [Fact]
    public void Verify_AtExpiry_IsValid_AfterIt_Expired()
    {
        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, Send, Sender, Expires, out _));
        Assert.Equal(TokenStatus.Expired, ActionTokens.Verify(Key, Send, Sender, Expires.AddTicks(1), out var token));
        Assert.Equal(new ActionToken(SenderAction.Release, MessageKey, Expires), token);
    }

    [Fact]
    public void Verify_ExpiredAndForged_IsForged()
    {
        var forged = Send[..^1] + (Send[^1] == 'a' ? 'b' : 'a');

        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, forged, Sender, Expires.AddDays(30), out var token));
        Assert.Null(token);
    }

    [Fact]
    public void Verify_RandomMacs_AreForged()
    {
        var prefix = Send[..^16];
        for (var i = 0; i < 200; i++)
        {
            var forged = prefix + Base32.Encode(RandomNumberGenerator.GetBytes(10));

            Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, forged, Sender, Now, out var token));
            Assert.Null(token);
        }
    }

    [Fact]
    public void Verify_RandomWellFormedTokens_AreForged()
    {
        for (var i = 0; i < 200; i++)
        {
            var key = Base32.Encode(RandomNumberGenerator.GetBytes(10));
            var mac = Base32.Encode(RandomNumberGenerator.GetBytes(10));
            var expiry = RandomNumberGenerator.GetInt32(1, int.MaxValue);

            Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, $"posttls-send-{key}-{expiry}-{mac}", Sender, Now, out _));
        }
    }

    [Fact]
    public void Verify_EveryTruncation_IsMalformed()
    {
        for (var length = 0; length < Send.Length; length++)
        {
            Assert.Equal(TokenStatus.Malformed, ActionTokens.Verify(Key, Send[..length], Sender, Now, out var token));
            Assert.Null(token);
        }
    }

    [Fact]
    public void Verify_ActionWordSwapped_IsForged()
    {
        var swapped = "posttls-delete-" + Send["posttls-send-".Length..];

        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, swapped, Sender, Now, out _));
        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, "posttls-send-" + Delete["posttls-delete-".Length..], Sender, Now, out _));
    }

    [Theory]
    [InlineData("bob@example.org")]
    [InlineData("alice.smith@example.org")]
    [InlineData("Alice.Smith@example.org.evil")]
    [InlineData("Alice.Smith")]
    [InlineData("Alice.Smith@")]
    [InlineData("")]
    public void Verify_OtherSender_IsForged(string sender)
    {
        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, Send, sender, Now, out var token));
        Assert.Null(token);
    }

    [Theory]
    [InlineData("Alice.Smith@example.org")]
    [InlineData("Alice.Smith@EXAMPLE.ORG")]
    [InlineData("Alice.Smith@Example.ORG")]
    public void Verify_SenderDomainInOtherCase_IsValid(string sender)
    {
        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, Send, sender, Now, out _));
    }

    [Fact]
    public void Verify_UpperCasedLocalPart_IsValid()
    {
        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, Send.ToUpperInvariant(), Sender, Now, out var token));
        Assert.Equal(MessageKey, token!.MessageKey);
        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, "PostTLS-Send" + Send["posttls-send".Length..], Sender, Now, out _));
    }

    [Fact]
    public void Verify_AlteredMessageKey_IsForged()
    {
        var altered = Send.Replace(MessageKey, "aaisem2ekvthpcea", StringComparison.Ordinal);

        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, altered, Sender, Now, out _));
    }

    [Fact]
    public void Verify_LaterExpiry_IsForged()
    {
        var altered = Send.Replace("-29926920-", "-29926921-", StringComparison.Ordinal);

        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, altered, Sender, Now, out _));
    }

    [Fact]
    public void Verify_OtherKey_IsForged()
    {
        var otherKey = (byte[])Key.Clone();
        otherKey[31] ^= 0x80;

        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(otherKey, Send, Sender, Now, out _));
    }

    public static TheoryData<string> Malformed() => new()
    {
        "",
        "posttls-",
        "postmaster",
        "posttls-send",
        "posttls-release-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti",
        "posttls-sendx-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti",
        "posttlz-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-029926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-+29926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez--5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-99999999999-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-9999999999-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-2992692a-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpce1-29926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64ct0",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64ct",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64ctia",
        "posttls-send-aaisem2ekvthpcezz-29926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti-",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti-x",
        "posttls--send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti@example.org",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti ",
        " posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti",
        "posttls-send.aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti\n",
        "posttls-send-aaisem2e\u212Avthpcez-29926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-\u0662\u0669926920-5vzgkwy3uxr64cti",
        "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti" + new string('a', 10),
        new string('a', 65),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Verify_MalformedLocalPart_IsMalformed(string localPart)
    {
        Assert.Equal(TokenStatus.Malformed, ActionTokens.Verify(Key, localPart, Sender, Now, out var token));
        Assert.Null(token);
    }

    [Theory]
    [InlineData("posttls-send-x@example.org", true)]
    [InlineData("PostTLS-delete-x@Example.org", true)]
    [InlineData("posttls-@example.org", true)]
    [InlineData("posttls-send-x", true)]
    [InlineData("\"a@b\"posttls-x@example.org", false)]
    [InlineData("posttls-x@posttls-y@example.org", true)]
    [InlineData("posttls@example.org", false)]
    [InlineData("alice@posttls-example.org", false)]
    [InlineData("xposttls-send@example.org", false)]
    [InlineData("", false)]
    [InlineData("@example.org", false)]
    public void IsActionAddress_ChecksLocalPartPrefix(string address, bool expected)
    {
        Assert.Equal(expected, ActionTokens.IsActionAddress(address));
    }

    /// <summary>
    /// Timing cannot be measured reliably in a unit test, so this pins the code path: the MAC
    /// is compared with CryptographicOperations.FixedTimeEquals and nowhere with == or Equals.
    /// </summary>
    [Fact]
    public void Source_ComparesMacInConstantTimeOnly()
    {
        var source = File.ReadAllText(RepositoryFiles.Path("src", "PostTls", "Tagging", "ActionTokens.cs"));

        Assert.Contains("CryptographicOperations.FixedTimeEquals(", source, StringComparison.Ordinal);
        Assert.DoesNotMatch(MacComparisonPattern(), source);
    }

    // SenderAction is internal, so theories name the action by its word.
    private static SenderAction ActionFor(string word) => word == "send" ? SenderAction.Release : SenderAction.Delete;

    [GeneratedRegex(@"^posttls-(send|delete)-[a-z2-7]{16}-[1-9][0-9]{0,9}-[a-z2-7]{16}$")]
    private static partial Regex FormatPattern();

    [GeneratedRegex(@"(?i)(mac|expected)\w*\s*[!=]=|[!=]=\s*\w*(mac|expected)|(mac|expected)\w*\.(Equals|SequenceEqual|CompareTo)\(|string\.(Equals|Compare)\([^)]*mac")]
    private static partial Regex MacComparisonPattern();
}
