using PostTls.Queue;

namespace PostTls.Tests.Queue;

/// <summary>postqueue -j quotes local parts that postcat prints unquoted; the parser hands on the unquoted (internal) form.</summary>
public sealed class PostqueueJsonAddressTests
{
    [Theory]
    [InlineData("alice@example.org", "alice@example.org")]
    [InlineData("\\\"john doe\\\"@example.org", "john doe@example.org")]
    [InlineData("\\\"a>b\\\"@example.test", "a>b@example.test")]
    [InlineData("\\\"a\\\\\\\"b\\\"@example.test", "a\"b@example.test")]
    [InlineData("j\\u00f6rg@example.org", "jörg@example.org")]
    public void TryParse_QuotedAddresses_ComeBackInInternalForm(string jsonAddress, string expected)
    {
        var line = $$"""{"queue_name": "deferred", "queue_id": "4B7C81E2A3", "arrival_time": 1795339110, "message_size": 600, "sender": "{{jsonAddress}}", "recipients": [{"address": "{{jsonAddress}}", "delay_reason": "x"}]}""";

        Assert.True(PostqueueJson.TryParse(line, out var message, out var problem), problem);
        Assert.Equal(expected, message!.Sender);
        Assert.Equal(expected, Assert.Single(message.Recipients).Address);
    }
}
