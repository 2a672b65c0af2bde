using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// "Send without encryption" for next hops of every form Postfix takes from transport_maps,
/// on the real Postfix: each copy either arrives at the next hop through smtp-insecure, or the
/// decision is refused before the message is held, the sender is told why and the message
/// stays queued. Never the old failure: a copy that silently took the encrypted path again
/// while the original was deleted and the sender told it was sent.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class ReleaseNextHopTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>transport_maps: smtp:[127.0.0.1]:DOWN, [127.0.0.1]:SINK; smtp-insecure tries the list in order.</summary>
    [Fact]
    public void Release_NextHopList_ArrivesThroughSmtpInsecure()
    {
        var stuck = StuckMail.Submit(bed, "alice", PostfixTestBed.ListDomain);

        var delivery = Release(stuck);

        Assert.Contains($"relay=127.0.0.1[127.0.0.1]:{bed.SinkPort}", delivery, StringComparison.Ordinal);
    }

    /// <summary>transport_maps: smtp:[sink_host.test]:SINK, a name only the bed's Postfix resolves.</summary>
    [Fact]
    public void Release_HostNameWithUnderscore_ArrivesThroughSmtpInsecure()
    {
        var stuck = StuckMail.Submit(bed, "bob", PostfixTestBed.UnderscoreDomain);

        var delivery = Release(stuck);

        Assert.Contains($"relay={PostfixTestBed.UnderscoreHost}[127.0.0.1]:{bed.SinkPort}", delivery, StringComparison.Ordinal);
    }

    /// <summary>transport_maps: "bücher.test smtp:": the domain is the next hop, looked up as its A-label.</summary>
    [Fact]
    public void Release_InternationalDomain_ArrivesAtItsALabel()
    {
        var stuck = StuckMail.Submit(bed, "carol", PostfixTestBed.IdnDomain);

        var delivery = Release(stuck, () => AtRemote(stuck.Marker));

        Assert.Contains($"relay={PostfixTestBed.IdnDomainALabel}[127.0.0.1]:{bed.RemotePort}", delivery, StringComparison.Ordinal);
    }

    /// <summary>A right-to-left domain as its own next hop: PostTLS cannot be sure of its A-label, so it refuses before holding.</summary>
    [Fact]
    public void Release_UnconvertibleInternationalDomain_RefusedBeforeHold_SenderToldMessageStaysQueued()
    {
        var stuck = StuckMail.Submit(bed, "dave", PostfixTestBed.UnconvertibleDomain);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        stuck.WaitForMails("notice", 1);

        stuck.Decide(SenderAction.Release);
        driver.Apply();

        stuck.WaitForMails("confirmation", 1);
        var confirmation = StuckMail.MailsAbout(bed, stuck.Mailbox, stuck.Marker, "confirmation").Single();
        Assert.Contains("Could not be done", confirmation, StringComparison.Ordinal);
        Assert.Contains("cannot be routed", Unfolded(confirmation), StringComparison.Ordinal);
        Thread.Sleep(1000);
        Assert.Equal("deferred", stuck.Queued?.QueueName);
        Assert.Equal(stuck.QueueId, stuck.Queued?.QueueId);
        Assert.DoesNotContain($"{stuck.QueueId}: placed on hold", bed.MailLogText(), StringComparison.Ordinal);
        Assert.Equal(0, AtRemote(stuck.Marker));
        Assert.Contains("release refused", AuditTrail.Of(bed, stuck.Marker, "action"));
        Assert.Contains("no copy can be routed", bed.PostTlsLogText(), StringComparison.Ordinal);
    }

    /// <summary>The release listener's last rule: a routing header the FILTER rule cannot use is rejected, never sent the encrypted way.</summary>
    [Theory]
    [InlineData("mx1.example.test, mx2.example.test")]
    [InlineData("b?cher.example.test")]
    [InlineData("")]
    public void ReleaseListener_RoutingHeaderItCannotRoute_IsRejected(string value)
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        var message = TestMessage.Create(marker, "lea@posttls.test", recipient, extraHeaders: $"X-PostTLS-Release: {value}\n");
        var client = new PostTls.Smtp.SmtpClient(new PostTls.Smtp.SmtpClientOptions { Endpoint = PostTls.Smtp.SmtpEndpoint.Unix(bed.ReleaseSocket) });

        var refused = Assert.ThrowsAny<PostTls.Smtp.SmtpException>(() =>
            client.Submit(new PostTls.Smtp.SmtpEnvelope("lea@posttls.test", [new PostTls.Smtp.SmtpRecipient(recipient, [])], []), new MemoryStream(message)));

        Assert.Contains("5.7.1", refused.Message, StringComparison.Ordinal);
        Assert.Null(bed.QueuedFor(recipient));
    }

    /// <summary>Releases the message as its sender decided, and returns the maillog line of its delivery through smtp-insecure.</summary>
    /// <param name="copies">Copies that arrived; the sink's when null.</param>
    private string Release(StuckMail stuck, Func<int>? copies = null)
    {
        copies ??= () => stuck.Copies;
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        stuck.Decide(SenderAction.Release);
        driver.Apply();

        Poll.Until(() => copies() > 0, Patience, () => $"not released\nposttls log:\n{bed.PostTlsLogText()}\nmaillog:\n{bed.MailLogText()}");
        Poll.Until(() => stuck.Queued is null, Patience, () => $"{stuck.Marker} is still queued: {stuck.Queued}");
        Thread.Sleep(500); // a second copy would arrive within this on the bed
        Assert.Equal(1, copies());
        stuck.WaitForMails("confirmation", 1);
        Assert.Contains("Sent without encryption", StuckMail.MailsAbout(bed, stuck.Mailbox, stuck.Marker, "confirmation").Single(), StringComparison.Ordinal);
        return Poll.Until(() => bed.MailLogText().Split('\n').FirstOrDefault(l => l.Contains("postfix/smtp-insecure/smtp[", StringComparison.Ordinal)
                && l.Contains($"to=<{stuck.Recipient}>", StringComparison.Ordinal) && l.Contains("status=sent", StringComparison.Ordinal)),
            Patience, () => $"no delivery of {stuck.Recipient} through smtp-insecure in the maillog:\n{bed.MailLogText()}");
    }

    private int AtRemote(string marker) =>
        bed.MailboxMessages(PostfixTestBed.RemoteMailbox).Count(m => m.Contains(marker, StringComparison.Ordinal));

    private static string Unfolded(string message) =>
        message.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace("  ", " ", StringComparison.Ordinal);
}
