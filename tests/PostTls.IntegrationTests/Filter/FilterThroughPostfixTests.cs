using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Filter;

/// <summary>posttls filter as Postfix runs it: pipe(8), user posttls, the snippets' master.cf entry.</summary>
[Collection(PostfixCollection.Name)]
public sealed class FilterThroughPostfixTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Submission_ToRemoteWithoutTls_IsDeferredCarryingATagThatVerifies()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient],
            TestMessage.Create(marker, "alice@posttls.test", recipient));

        var entry = bed.WaitForTlsDeferral(recipient);
        Assert.Equal("alice@posttls.test", entry.Sender);

        var fields = TestMessage.PostTlsFields(bed.Postcat(entry.QueueId, "-h"));
        var tag = Assert.Single(fields);
        Assert.StartsWith("X-PostTLS-ID: ", tag, StringComparison.Ordinal);
        Assert.True(Tags.Check(bed, Tags.Of(tag), "alice@posttls.test") == TagStatus.Valid, $"tag does not verify for alice: {tag}");
        Assert.True(Tags.Check(bed, Tags.Of(tag), "mallory@posttls.test") == TagStatus.Invalid, $"tag verifies for another sender: {tag}");
        bed.WaitForPostTlsLog($"{Tags.Of(tag)}: from=<alice@posttls.test>, nrcpt=1, size=");
    }

    [Fact]
    public void Submission_WithForgedPostTlsFields_CarriesOnlyOurTag()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        var forged = "X-PostTLS-ID: aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb\nx-posttls-action: release\n\tall of it\nX-POSTTLS-Id:\n  folded.forgery\n";
        SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient],
            TestMessage.Create(marker, "alice@posttls.test", recipient, forged));

        var entry = bed.WaitForTlsDeferral(recipient);
        var headers = bed.Postcat(entry.QueueId, "-h");
        var tag = Assert.Single(TestMessage.PostTlsFields(headers));
        Assert.True(Tags.Check(bed, Tags.Of(tag), "alice@posttls.test") == TagStatus.Valid, $"tag does not verify: {tag}");
        Assert.DoesNotContain("all of it", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("folded.forgery", headers, StringComparison.Ordinal);
    }

    /// <summary>
    /// Tags never leave the server: the smtp_header_checks of postfix-snippets/main.cf strip the
    /// tag from the copy smtp(8) sends (the queued copy keeps it: see the test above).
    /// </summary>
    [Fact]
    public void Submission_ToRemoteThatAccepts_ArrivesOnceWithoutTheTagAndTheSameBodyAsUnfilteredMail()
    {
        // Below smtp_line_length_limit (998), which makes Postfix's smtp client fold longer lines.
        var body = "Line one.\n..starts with two dots\n.\nÜmlaut and a long line: " + new string('x', 960) + "\nlast line\n";
        var filtered = SendAndReceive(bed.SubmissionPort, "X-PostTLS-ID: forged\n", body);
        var control = SendAndReceive(bed.PlainPort, "", body);

        Assert.Empty(TestMessage.PostTlsFields(filtered));
        Assert.DoesNotContain("X-PostTLS", filtered, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(TestMessage.PostTlsFields(control));
        Assert.Equal(BodyOf(control), BodyOf(filtered));
        Assert.Contains(body, BodyOf(filtered), StringComparison.Ordinal);
    }

    private string SendAndReceive(int port, string extraHeaders, string body)
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";
        SmtpSubmitter.Send(port, "alice@posttls.test", [recipient], TestMessage.Create(marker, "alice@posttls.test", recipient, extraHeaders, body));
        var arrived = Poll.Until(() => bed.SinkMessagesContaining(marker).FirstOrDefault(), Patience,
            () => $"message {marker} did not arrive at the sink\n{bed.MailLogText()}");
        Thread.Sleep(500);
        Assert.Single(bed.SinkMessagesContaining(marker));
        return arrived;
    }

    private static string BodyOf(string message) => message.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", 2)[1];

    /// <summary>
    /// Issue 10: a header block over the filter's 1 MiB limit used to pass unchanged, forged
    /// fields and all. Now they are removed while the message streams; it passes untagged.
    /// </summary>
    [Fact]
    public void Submission_HeaderBlockOverOneMegabyteWithForgedFields_QueuedWithoutThem()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        var filler = string.Concat(Enumerable.Range(0, 1100).Select(i => $"X-Filler-{i}: {new string('f', 990)}\n"));
        var forged = "X-PostTLS-ID: aaaaaaaaaaaaaaaa.1795340986.bbbbbbbbbbbbbbbb\n";
        SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient],
            TestMessage.Create(marker, "alice@posttls.test", recipient, "X-PostTLS-Release: [evil.test]\n" + filler + forged + "x-posttls-notice: notice\n"));

        var entry = bed.WaitForTlsDeferral(recipient);
        var headers = bed.Postcat(entry.QueueId, "-h");

        Assert.Empty(TestMessage.PostTlsFields(headers));
        Assert.Contains("X-Filler-1099: ", headers, StringComparison.Ordinal);
        bed.WaitForPostTlsLog("reinjected untagged (header block over the size limit), removed 3 forged X-PostTLS header field(s)");
    }

    [Fact]
    public void Submission_WithNullSender_PassesUntagged()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, "", [recipient],
            TestMessage.Create(marker, "MAILER-DAEMON@posttls.test", recipient, "X-PostTLS-ID: forged\n"));

        var entry = bed.WaitForTlsDeferral(recipient);
        // postqueue -j shows the null sender as MAILER-DAEMON; the envelope record is empty.
        Assert.Contains("\nsender: \n", bed.Postcat(entry.QueueId, "-e"), StringComparison.Ordinal);
        Assert.Empty(TestMessage.PostTlsFields(bed.Postcat(entry.QueueId, "-h")));
        bed.WaitForPostTlsLog("untagged: from=<>, nrcpt=1");
    }

}
