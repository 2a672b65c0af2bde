using PostTls.Configuration;
using PostTls.Postfix;

namespace PostTls.Tests.Postfix;

public sealed class PostfixQueueForTests
{
    [Theory]
    [InlineData("")]
    [InlineData("notify_service =\n")]
    public void For_RunsNoPostconfUntilMailGoesOut_ThenAFailureIsASendFailure(string notify)
    {
        var settings = SettingsLoader.FromText("posttls.conf", "postfix_config_directory = /nonexistent-posttls-instance\n" + notify);

        var queue = PostfixQueue.For(settings);
        var result = queue.Sendmail("", "alice@posttls.test", "Subject: x\r\n\r\nbody\r\n"u8.ToArray());

        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("postconf", result.Error, StringComparison.Ordinal);
    }
}
