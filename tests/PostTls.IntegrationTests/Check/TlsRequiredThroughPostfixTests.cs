using PostTls.Cli;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Check;

/// <summary>
/// A sender's "TLS-Required: no" header (RFC 8689) against the test bed's Postfix. Postfix 3.10
/// honours it unless tls_required_enable = no (postfix-snippets/main-3.10.cf): the message then
/// leaves in clear text, past mandatory TLS and past PostTLS. Older Postfix ignores the header.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class TlsRequiredThroughPostfixTests(PostfixTestBed bed)
{
    private static readonly Version HonoursTheHeader = new(3, 10);

    [Fact]
    public void TlsRequiredNo_WithTheSnippets_DeferredForTlsAndNotSent()
    {
        var (marker, recipient) = SubmitWithTlsRequiredNo("alice");

        var entry = bed.WaitForTlsDeferral(recipient);

        Assert.Contains("TLS is required, but was not offered", entry.DelayReasonOf(recipient), StringComparison.Ordinal);
        Assert.Empty(bed.SinkMessagesContaining(marker));
    }

    /// <summary>Why main-3.10.cf exists: with Postfix's default the header bypasses mandatory TLS.</summary>
    [Fact]
    public void TlsRequiredNo_PostfixDefault_BypassesMandatoryTlsFromPostfix310()
    {
        if (bed.PostfixVersion < HonoursTheHeader)
        {
            // Nothing to bypass: this Postfix has no such parameter, and the snippet is not installed.
            var known = Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-d", "tls_required_enable");
            Assert.Contains("unknown parameter", known.Error + known.Output, StringComparison.Ordinal);
            return;
        }

        string marker;
        using (MainCfOverride.Set(bed, "tls_required_enable", "yes"))
        {
            (marker, _) = SubmitWithTlsRequiredNo("bob");
            Poll.Until(() => bed.SinkMessagesContaining(marker).Count > 0, TimeSpan.FromSeconds(60),
                () => $"Postfix {bed.PostfixVersion} did not send the message in clear text:\n{bed.MailLogText()}");
        }

        Assert.Single(bed.SinkMessagesContaining(marker));
        Assert.Equal("no", Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-h", "tls_required_enable").Output.Trim());
    }

    [Fact]
    public void Check_TlsRequiredEnabled_ErrorFromPostfix310()
    {
        var copy = new ConfigCopy(bed);
        try
        {
            copy.Main("tls_required_enable", "yes");

            var result = copy.Check();

            const string Finding = "posttls check: error: tls_required_enable = yes: any sender can bypass mandatory TLS with a \"TLS-Required: no\" header (Postfix 3.10 and later); set tls_required_enable = no in main.cf (postfix-snippets/main-3.10.cf)\n";
            if (bed.PostfixVersion >= HonoursTheHeader)
            {
                Assert.Equal(ExitCodes.Config, result.ExitCode);
                Assert.Contains(Finding, result.Output, StringComparison.Ordinal);
            }
            else
            {
                // An unknown parameter means nothing to older Postfix, so nothing to report.
                Assert.DoesNotContain("tls_required_enable", result.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            copy.Delete();
        }
    }

    private (string Marker, string Recipient) SubmitWithTlsRequiredNo(string mailbox)
    {
        var marker = TestMessage.NewMarker();
        var sender = $"{mailbox}@{PostfixTestBed.LocalDomain}";
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [recipient], TestMessage.Create(marker, sender, recipient, "TLS-Required: No\n"));
        return (marker, recipient);
    }
}
