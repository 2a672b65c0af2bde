using System.Text;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// The whole story on the real Postfix: notice, the sender's decision mailed through Postfix to
/// posttls decide, apply, and the copy at the remote without TLS (or the message deleted).
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class ReleaseThroughPostfixTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void SendWithoutEncryption_ArrivesAtTheRemoteWithTheOriginalContent()
    {
        var body = "Zeile eins mit Umlauten: äöü ß.\r\n..a line starting with a dot\r\n" + new string('x', 3000) + "\r\nlast line\r\n";
        var extra = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n";
        var (marker, recipient, original) = StuckMail.Submit(bed, "gina", PostfixTestBed.TlsDomain, extra, body, "=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=");
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        var notice = SenderSide.MailAbout(bed, "gina", marker, "X-PostTLS-Notice: notice");
        Assert.Contains("Grüße aus Köln", DecodedText(notice), StringComparison.Ordinal);

        SenderSide.Answer(bed, "gina", ActionMail.Address(notice, "send"));
        var arrived = SenderSide.AfterApply(bed, driver, () => bed.SinkMessagesContaining(marker).FirstOrDefault());

        Assert.Equal(SinkCopy.Normalise(original), SinkCopy.Normalise(SinkCopy.WithoutAddedFields(arrived)));
        Poll.Until(() => bed.QueuedFor(recipient) is null, Patience, () => "the original is still queued");
        SenderSide.MailAbout(bed, "gina", marker, "X-PostTLS-Notice: confirmation");
        Assert.Contains("released", AuditActions(marker));
        Assert.Contains("sender:gina@posttls.test", AuditActors(marker));
        Thread.Sleep(1000);
        driver.Apply();
        Assert.Single(bed.SinkMessagesContaining(marker));
        Assert.DoesNotContain("X-PostTLS-Release", arrived, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(TestMessage.PostTlsFields(arrived)); // nor the tag: it never leaves the server
    }

    [Fact]
    public void Delete_RemovesTheMessage_ConfirmsAndAudits_ThenAReplayBounces()
    {
        var (marker, recipient, _) = StuckMail.Submit(bed, "hank", PostfixTestBed.TlsDomain);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        var delete = ActionMail.Address(SenderSide.MailAbout(bed, "hank", marker, "X-PostTLS-Notice: notice"), "delete");

        SenderSide.Answer(bed, "hank", delete);
        SenderSide.AfterApply(bed, driver, () => bed.QueuedFor(recipient) is null ? "gone" : null);

        SenderSide.MailAbout(bed, "hank", marker, "X-PostTLS-Notice: confirmation");
        Assert.Contains("deleted", AuditActions(marker));
        Assert.Empty(bed.SinkMessagesContaining(marker));

        // The same action again: decide knows it was carried out and bounces at once.
        SenderSide.Answer(bed, "hank", delete);
        var bounce = Poll.Until(() => bed.MailboxMessages("hank").FirstOrDefault(m => m.Contains("Undelivered Mail", StringComparison.Ordinal)
            && m.Contains("already carried out", StringComparison.Ordinal)), Patience, () => "no bounce for the replayed action");
        Assert.Contains("5.7.1", bounce, StringComparison.Ordinal);
    }

    [Fact]
    public void SendWithoutEncryption_TwoRecipients_OnlyTheTlsOneIsReleased_TheOtherStaysQueuedOnce()
    {
        var marker = TestMessage.NewMarker();
        var sender = $"ivy@{PostfixTestBed.LocalDomain}";
        var tlsRecipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        var downRecipient = $"{marker}@{PostfixTestBed.DownDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [tlsRecipient, downRecipient], TestMessage.Create(marker, sender, tlsRecipient));
        Poll.Until(() => bed.QueuedFor(tlsRecipient) is { } e && e.DelayReasonOf(tlsRecipient).Contains("TLS is required", StringComparison.Ordinal)
            && e.DelayReasonOf(downRecipient).Length > 0, Patience, () => "not deferred as expected:\n" + bed.MailLogText());
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();

        SenderSide.Answer(bed, "ivy", ActionMail.Address(SenderSide.MailAbout(bed, "ivy", marker, "X-PostTLS-Notice: notice"), "send"));
        SenderSide.AfterApply(bed, driver, () => bed.SinkMessagesContaining(marker).FirstOrDefault());

        var remaining = Poll.Until(() => bed.Queue().Where(e => e.HasRecipient(downRecipient)).ToList() is { Count: > 0 } l ? l : null,
            Patience, () => "the other recipient is not queued");
        Assert.Single(remaining);
        Assert.False(remaining[0].HasRecipient(tlsRecipient));
        Assert.DoesNotContain(bed.Queue(), e => e.HasRecipient(tlsRecipient));
        Thread.Sleep(1000);
        Assert.Single(bed.SinkMessagesContaining(marker));
    }

    [Fact]
    public void Decide_ForgedOrForeignToken_BouncesWithTheReason()
    {
        var (marker, _, _) = StuckMail.Submit(bed, "judy", PostfixTestBed.TlsDomain);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        var send = ActionMail.Address(SenderSide.MailAbout(bed, "judy", marker, "X-PostTLS-Notice: notice"), "send");
        var forged = send[..^("@" + PostfixTestBed.ActionDomain).Length][..^4] + "aaaa@" + PostfixTestBed.ActionDomain;

        SenderSide.Answer(bed, "judy", forged);
        SenderSide.Answer(bed, "kim", send);

        Poll.Until(() => bed.MailboxMessages("judy").Any(m => m.Contains("Undelivered Mail", StringComparison.Ordinal) && m.Contains("was not issued to", StringComparison.Ordinal)),
            Patience, () => "no bounce for the forged token");
        Poll.Until(() => bed.MailboxMessages("kim").Any(m => m.Contains("Undelivered Mail", StringComparison.Ordinal) && m.Contains("was not issued to <kim@posttls.test>", StringComparison.Ordinal)),
            Patience, () => "no bounce for the token of another sender");
        Assert.Empty(Directory.GetFiles(bed.Settings().SpoolDirectory, "*.decision"));
    }

    /// <summary>
    /// The release listener routes around mandatory TLS, so only root (apply) may reach it: the
    /// service user that runs filter and decide may not, nor may any other local user.
    /// </summary>
    [Theory]
    [InlineData(PostfixTestBed.ServiceUser)]
    [InlineData("nobody")]
    public void ReleaseListener_UnprivilegedUserCannotConnect(string user)
    {
        var result = Command.Run("runuser", ["-u", user, "--", "python3", "-c", ConnectScript]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("PermissionError", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("220 ", result.Output, StringComparison.Ordinal);
    }

    /// <summary>The same connection as root is greeted: the refusals above are about permission, not a missing listener.</summary>
    [Fact]
    public void ReleaseListener_RootConnects_AndTheSocketSitsInPostfixsPrivateDirectory()
    {
        var result = Command.Run("python3", ["-c", ConnectScript]);

        Assert.True(result.ExitCode == 0, Command.Describe(result));
        Assert.StartsWith("220 ", result.Output, StringComparison.Ordinal);
        var status = Command.Run("stat", "-c", "%U %a", Path.GetDirectoryName(bed.ReleaseSocket)!).EnsureSuccess("stat private");
        Assert.Equal("postfix 700", status.Output.Trim());
    }

    /// <summary>Connects to the release socket, prints the greeting, and says QUIT.</summary>
    private string ConnectScript =>
        $"import socket; s = socket.socket(socket.AF_UNIX); s.settimeout(30); s.connect('{bed.ReleaseSocket}'); " +
        "print(s.makefile('rb').readline().decode(), end=''); s.sendall(b'QUIT\\r\\n')";

    [Fact]
    public void ReleaseListener_CopyWithoutRoutingHeader_TakesTheEncryptedPath()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        var client = new PostTls.Smtp.SmtpClient(new PostTls.Smtp.SmtpClientOptions { Endpoint = PostTls.Smtp.SmtpEndpoint.Unix(bed.ReleaseSocket) });
        client.Submit(new PostTls.Smtp.SmtpEnvelope("lea@posttls.test", [new PostTls.Smtp.SmtpRecipient(recipient, [])], []),
            new MemoryStream(TestMessage.Create(marker, "lea@posttls.test", recipient)));

        bed.WaitForTlsDeferral(recipient);
        Assert.Empty(bed.SinkMessagesContaining(marker));
    }

    [Fact]
    public void AdminCommands_ListThenReleaseByQueueId_DeliveredAndAuditedAsAdmin()
    {
        var (marker, recipient, _) = StuckMail.Submit(bed, "lea", PostfixTestBed.TlsDomain);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        var queueId = bed.QueuedFor(recipient)!.QueueId;

        var list = Command.Run(bed.Binary, "list", "--json", "--config", bed.ConfigFile);
        Assert.True(list.ExitCode == 0, Command.Describe(list));
        Assert.Contains($"\"queue_id\": \"{queueId}\"", list.Output, StringComparison.Ordinal);

        var release = Command.Run(bed.Binary, "release", queueId, "--config", bed.ConfigFile);
        Assert.True(release.ExitCode == 0, Command.Describe(release));

        Poll.Until(() => bed.SinkMessagesContaining(marker).Count > 0, Patience, () => $"not released\n{bed.PostTlsLogText()}");
        Poll.Until(() => bed.QueuedFor(recipient) is null, Patience, () => "the original is still queued");
        Assert.Contains(AuditActors(marker), a => a.StartsWith("admin:", StringComparison.Ordinal));
        var log = Command.Run(bed.Binary, "log", "--since", "1h", "--config", bed.ConfigFile);
        Assert.Contains(queueId, log.Output, StringComparison.Ordinal);
    }

    /// <summary>decide reads mail from anyone: as root it refuses before reading anything, and 75 keeps the mail queued.</summary>
    [Fact]
    public void Decide_AsRoot_RefusesWithTempFailAndDropsNothing()
    {
        var sender = $"lea@{PostfixTestBed.LocalDomain}";
        var localPart = PostTls.Tagging.ActionTokens.CreateLocalPart(bed.Key, PostTls.Tagging.SenderAction.Delete, "abcdefghijklmnop", sender,
            DateTimeOffset.UtcNow.AddDays(1));

        var result = Command.Run(bed.Binary, ["decide", "--config", bed.ConfigFile, "-f", sender, "--", $"{localPart}@{PostfixTestBed.ActionDomain}"],
            "Subject: decision\n\n"u8.ToArray());

        Assert.Equal(75, result.ExitCode);
        Assert.Equal("posttls decide: refusing to run as root; run it as user posttls (user=posttls in master.cf)", result.Error.Trim());
        Assert.Empty(Directory.GetFiles(bed.Settings().SpoolDirectory, "*.decision"));
    }

    [Fact]
    public void Decide_ExpiredToken_BouncesSayingWhen()
    {
        var sender = $"lea@{PostfixTestBed.LocalDomain}";
        var localPart = PostTls.Tagging.ActionTokens.CreateLocalPart(bed.Key, PostTls.Tagging.SenderAction.Release, "abcdefghijklmnop", sender,
            DateTimeOffset.UtcNow.AddMinutes(-5));

        var result = Command.Run("runuser", ["-u", PostfixTestBed.ServiceUser, "--", "env", "-i", bed.Binary, "decide", "--config", bed.ConfigFile,
            "-f", sender, "--", $"{localPart}@{PostfixTestBed.ActionDomain}"], []);

        Assert.Equal(77, result.ExitCode);
        Assert.StartsWith("5.7.1 Nothing was done: this action expired on ", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(bed.Settings().SpoolDirectory, "*.decision"));
    }

    [Fact]
    public void SendWithoutEncryption_DomainMadeNeverInsecureAfterTheNotice_NothingSentAndSenderTold()
    {
        var sub = TestMessage.NewMarker() + "." + PostfixTestBed.TlsDomain;
        var (marker, recipient, _) = StuckMail.Submit(bed, "lea", sub);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        var send = ActionMail.Address(SenderSide.MailAbout(bed, "lea", marker, "X-PostTLS-Notice: notice"), "send");
        Command.Run(bed.Binary, "domains", "add", sub, "--config", bed.ConfigFile).EnsureSuccess("domains add");

        SenderSide.Answer(bed, "lea", send);
        var refusal = SenderSide.AfterApply(bed, driver, () => bed.MailboxMessages("lea").FirstOrDefault(m => m.Contains("X-PostTLS-Notice: confirmation", StringComparison.Ordinal)
            && m.Contains(marker, StringComparison.Ordinal)));

        Assert.Contains("Not allowed", refusal, StringComparison.Ordinal);
        Assert.Empty(bed.SinkMessagesContaining(marker));
        Assert.Equal("deferred", Poll.Until(() => bed.QueuedFor(recipient), Patience, () => "the message left the queue").QueueName);
    }

    [Fact]
    public void Decision_QueueIdNowHoldsAnotherMessage_DoesNothingToIt()
    {
        var (markerA, _, _) = StuckMail.Submit(bed, "max", PostfixTestBed.TlsDomain);
        var (markerB, recipientB, _) = StuckMail.Submit(bed, "max", PostfixTestBed.TlsDomain);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        var a = ApplyHarness.Tracked(bed, markerA);
        var b = ApplyHarness.Tracked(bed, markerB);
        using (var database = StateDatabase.Open(bed.Settings().DataDirectory))
        {
            // As if A left the queue and Postfix gave its queue ID to B.
            database.Execute("UPDATE messages SET queue_id = $q WHERE id = $id", ("$q", b.QueueId), ("$id", a.Id));
        }

        var done = ApplyHarness.WithApplier(bed, q => q, (applier, _) =>
            applier.Decide(ApplyHarness.Tracked(bed, markerA), PostTls.Tagging.SenderAction.Release, Actor.Admin("reuse-test")));

        Assert.False(done);
        Thread.Sleep(1000);
        Assert.Equal("deferred", bed.QueuedFor(recipientB)!.QueueName);
        Assert.Empty(bed.SinkMessagesContaining(markerB));
        Assert.Empty(bed.SinkMessagesContaining(markerA));
    }

    private static string DecodedText(string message)
    {
        var result = Command.Run("python3", ["-c",
            "import sys, email, email.policy; m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default); print(m.get_body(('plain',)).get_content())"],
            Encoding.UTF8.GetBytes(message));
        return result.Output;
    }

    private List<string> AuditActions(string marker) => Audit(marker, "action");

    private List<string> AuditActors(string marker) => Audit(marker, "actor");

    private List<string> Audit(string marker, string column) => AuditTrail.Of(bed, marker, column);
}
