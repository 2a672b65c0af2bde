using PostTls.Postfix;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Postfix;

/// <summary>
/// sendmail parses its address arguments as RFC 5322 addresses: an unquoted space would split
/// one mailbox into something else. The arguments carry the quoted form.
/// </summary>
public sealed class PostfixQueueSendmailTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("", "john doe@example.org", "", "\"john doe\"@example.org")]
    [InlineData("bounces@example.org", "alice@example.org", "bounces@example.org", "alice@example.org")]
    [InlineData("x y@example.org", "jörg@example.org", "\"x y\"@example.org", "jörg@example.org")]
    public void Sendmail_AddressesNeedingQuotes_AreQuotedOnTheCommandLine(string sender, string recipient, string senderArgument, string recipientArgument)
    {
        var arguments = _temp.File("arguments");
        var fake = ExecutableFile.Write(_temp.File("sendmail"), $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > {arguments}\ncat > /dev/null\n", mode: "0700");

        var result = new PostfixQueue("/etc/postfix-under-test", fake, TimeSpan.FromMinutes(1)).Sendmail(sender, recipient, "Subject: x\r\n\r\nbody\r\n"u8.ToArray());

        Assert.True(result.Succeeded, result.FirstErrorLine);
        Assert.Equal(["-C", "/etc/postfix-under-test", "-i", "-f", senderArgument, "--", recipientArgument], File.ReadAllLines(arguments));
    }
}
