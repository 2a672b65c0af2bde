using PostTls.Tagging;

namespace PostTls.Tests.Tagging;

/// <summary>
/// A token binds the sender in canonical form: the notice is made for the sender as postcat
/// prints it (unquoted), the answer arrives with pipe(8)'s quoted ${sender}. Both are one
/// person; a different local part is not.
/// </summary>
public sealed class ActionTokenSenderFormsTests
{
    private const string MessageKey = "aaisem2ekvthpcez";
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Expires = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("john doe@example.org", "\"john doe\"@example.org")]
    [InlineData("john doe@example.org", "\"john doe\"@EXAMPLE.org")]
    [InlineData("a\"b@example.org", "\"a\\\"b\"@example.org")]
    [InlineData("jörg.müller@example.org", "jörg.müller@example.org")]
    [InlineData("alice@example.org", "\"alice\"@example.org")]
    public void Verify_QuotedSpellingOfTheSameSender_IsValid(string queued, string fromPipe)
    {
        var localPart = ActionTokens.CreateLocalPart(Key, SenderAction.Release, MessageKey, queued, Expires);

        Assert.Equal(TokenStatus.Valid, ActionTokens.Verify(Key, localPart, fromPipe, Now, out _));
    }

    [Theory]
    [InlineData("john doe@example.org", "\"john  doe\"@example.org")]
    [InlineData("john doe@example.org", "johndoe@example.org")]
    [InlineData("john doe@example.org", "\"John doe\"@example.org")]
    public void Verify_AnotherLocalPart_IsForged(string queued, string fromPipe)
    {
        var localPart = ActionTokens.CreateLocalPart(Key, SenderAction.Delete, MessageKey, queued, Expires);

        Assert.Equal(TokenStatus.Forged, ActionTokens.Verify(Key, localPart, fromPipe, Now, out _));
    }
}
