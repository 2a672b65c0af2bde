using System.Text;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// A decision belongs to a person, through the real Postfix with real SASL logins
/// (<see cref="DovecotAuthServer"/>): bob holds alice's forwarded notice and claims her address
/// as envelope sender. Submission refuses him (reject_authenticated_sender_login_mismatch with
/// smtpd_sender_login_maps), an smtpd without that restriction passes him on but decide, given
/// ${sasl_username}, bounces him; a gateway in mynetworks cannot relay decisions from the
/// internet; alice logged in, or from this machine without a login, decides.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class DecisionOwnerTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void ForwardedNotice_AnotherUserLoggedInOnSubmission_RefusedBySmtpd_NothingDecided()
    {
        var (stuck, driver, send) = Notified("dave");

        var (queued, reply) = SmtpSubmitter.TrySend(bed.SubmissionPort, stuck.Sender, send, Decision(stuck.Sender, send), login: "bob@posttls.test");

        Assert.Null(queued);
        Assert.StartsWith("553 5.7.1 ", reply, StringComparison.Ordinal);
        Assert.Contains("not owned by user bob@posttls.test", reply, StringComparison.Ordinal);
        AssertNothingDecided(stuck, driver);
    }

    [Fact]
    public void ForwardedNotice_AnotherUserLoggedInWhereSmtpdDoesNotCompare_DecideBounces_NothingDecided()
    {
        var (stuck, driver, send) = Notified("erin");

        var (queued, reply) = SmtpSubmitter.TrySend(bed.SaslPort, stuck.Sender, send, Decision(stuck.Sender, send), login: "bob@posttls.test");

        Assert.True(queued is not null, reply);
        // pipe(8) bounces to the envelope sender, alice's address: she learns that someone tried.
        var bounce = Poll.Until(() => bed.MailboxMessages(stuck.Mailbox).FirstOrDefault(m => m.Contains("Undelivered Mail", StringComparison.Ordinal)
                && m.Contains(queued, StringComparison.Ordinal)),
            Patience, () => $"no bounce for the foreign decision\n{bed.PostTlsLogText()}");
        Assert.Contains($"you are logged in as bob@posttls.test, which does not own <{stuck.Sender}>", Unfolded(bounce), StringComparison.Ordinal);
        AssertNothingDecided(stuck, driver);
    }

    [Fact]
    public void ForwardedNotice_FromAGatewayInMynetworksWithoutLogin_Refused_NothingDecided()
    {
        var (stuck, driver, send) = Notified("frank");

        var (queued, reply) = SmtpSubmitter.TrySend(bed.GatewayPort, stuck.Sender, send, Decision(stuck.Sender, send), clientAddress: PostfixTestBed.GatewayClient);

        Assert.Null(queued);
        Assert.StartsWith("554 5.7.1 ", reply, StringComparison.Ordinal);
        AssertNothingDecided(stuck, driver);
    }

    /// <summary>On submission smtpd compares the login (the filter's reinjection then drops it, so decide sees none).</summary>
    [Fact]
    public void OwnNotice_SenderLoggedInOnSubmission_DecisionCarriedOut() => DeleteLoggedIn("gina", bed.SubmissionPort);

    /// <summary>Where smtpd does not compare, decide gets ${sasl_username} and checks it itself.</summary>
    [Fact]
    public void OwnNotice_SenderLoggedInWhereSmtpdDoesNotCompare_DecideChecksTheLoginAndAccepts()
    {
        var stuck = DeleteLoggedIn("ivy", bed.SaslPort);

        Assert.Contains($"from=<{stuck.Sender}>, login={stuck.Sender}, action=delete, accepted", bed.PostTlsLogText(), StringComparison.Ordinal);
    }

    /// <summary>The sender, logged in as herself on <paramref name="port"/>, asks for her message to be deleted; it is.</summary>
    private StuckMail DeleteLoggedIn(string mailbox, int port)
    {
        var (stuck, driver, _) = Notified(mailbox);
        var delete = ActionMail.Address(StuckMail.MailsAbout(bed, stuck.Mailbox, stuck.Marker, "notice")[0], "delete");

        var (queued, reply) = SmtpSubmitter.TrySend(port, stuck.Sender, delete, Decision(stuck.Sender, delete), login: stuck.Sender);

        Assert.True(queued is not null, reply);
        Poll.Until(() =>
        {
            driver.Apply();
            return stuck.Queued is null;
        }, Patience, () => $"not deleted\n{bed.PostTlsLogText()}");
        return stuck;
    }

    /// <summary>Webmail on the mail server itself, without a login: the envelope sender alone binds the decision, as documented.</summary>
    [Fact]
    public void OwnNotice_FromThisMachineWithoutLogin_DecisionCarriedOut_AnotherEnvelopeSenderBounces()
    {
        var (stuck, driver, send) = Notified("hank");

        var foreign = SmtpSubmitter.TrySend(bed.PlainPort, "bob@posttls.test", send, Decision("bob@posttls.test", send));
        Assert.True(foreign.QueueId is not null, foreign.Reply);
        Poll.Until(() => bed.MailboxMessages("bob").FirstOrDefault(m => m.Contains(foreign.QueueId, StringComparison.Ordinal)
            && Unfolded(m).Contains("was not issued to <bob@posttls.test>", StringComparison.Ordinal)), Patience, () => "no bounce for bob");

        var own = SmtpSubmitter.TrySend(bed.PlainPort, stuck.Sender, send, Decision(stuck.Sender, send));
        Assert.True(own.QueueId is not null, own.Reply);
        var arrived = Poll.Until(() =>
        {
            driver.Apply();
            return bed.SinkMessagesContaining(stuck.Marker).FirstOrDefault();
        }, Patience, () => $"not released\n{bed.PostTlsLogText()}");
        Assert.NotNull(arrived);
    }

    /// <summary>A message of <paramref name="mailbox"/> stuck for TLS, its notice delivered, and the notice's "send" address.</summary>
    private (StuckMail Stuck, SweepDriver Driver, string Send) Notified(string mailbox)
    {
        var stuck = StuckMail.Submit(bed, mailbox);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        stuck.WaitForMails("notice", 1);
        return (stuck, driver, ActionMail.Address(StuckMail.MailsAbout(bed, mailbox, stuck.Marker, "notice")[0], "send"));
    }

    private void AssertNothingDecided(StuckMail stuck, SweepDriver driver)
    {
        driver.Apply();
        Thread.Sleep(500);
        driver.Apply();
        Assert.Empty(Directory.GetFiles(bed.Settings().SpoolDirectory, "*.decision"));
        Assert.Equal("deferred", stuck.Queued?.QueueName);
        Assert.Equal(0, stuck.Copies);
        Assert.DoesNotContain($"key={stuck.Tracked!.Key}: from=<{stuck.Sender}>", bed.PostTlsLogText(), StringComparison.Ordinal);
    }

    private static byte[] Decision(string sender, string action) =>
        Encoding.ASCII.GetBytes($"From: <{sender}>\nTo: <{action}>\nSubject: decision\n\n");

    /// <summary>A bounce folds long lines of the delivery report; the reason reads as one line again.</summary>
    private static string Unfolded(string message) =>
        message.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n    ", " ", StringComparison.Ordinal).Replace("\n ", " ", StringComparison.Ordinal);
}
