using PostTls.IntegrationTests.TestBed;
using PostTls.Queue;
using PostTls.State;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// A remote whose certificate cannot be verified, on the test bed's Postfix: the defer text
/// differs between versions (Postfix 3.5 says "not trusted" where later ones say "not
/// verified"), and the sweep must recognise each as a certificate failure and ask the sender.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class CertificateThroughPostfixTests(PostfixTestBed bed)
{
    [Fact]
    public void Sweep_CertificateNotVerified_ThisVersionsText_TrackedAsCertificateFailureAndSenderAsked()
    {
        var marker = TestMessage.NewMarker();
        var sender = $"carol@{PostfixTestBed.LocalDomain}";
        var recipient = $"{marker}@{PostfixTestBed.CertificateDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [recipient], TestMessage.Create(marker, sender, recipient));

        var reason = Poll.Until(
            () => bed.QueuedFor(recipient)?.DelayReasonOf(recipient) is { Length: > 0 } r ? r : null,
            TimeSpan.FromSeconds(60), () => $"{recipient} was not deferred:\n{bed.MailLogText()}");

        var expected = bed.PostfixVersion < new Version(3, 6) ? "Server certificate not trusted" : "Server certificate not verified";
        Assert.Contains(expected, reason, StringComparison.Ordinal);
        Assert.Equal(FailureClass.CertificateNotVerified, DeferReasonClassifier.Classify(reason).Class);

        Command.Run(bed.Binary, "sweep", "--config", bed.ConfigFile).EnsureSuccess("posttls sweep");

        var stuck = new StuckMail(bed, marker, "carol", recipient, bed.QueuedFor(recipient)!.QueueId);
        var tracked = Assert.IsType<TrackedMessage>(stuck.Tracked);
        using (var database = StateDatabase.Open(bed.Settings().DataDirectory))
        {
            Assert.Equal(FailureClass.CertificateNotVerified, Assert.Single(new MessageStore(database).Recipients(tracked.Id)).Failure);
        }

        stuck.WaitForMails("notice", 1);
    }
}
