using System.Text;
using PostTls.State;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// What senders and local users do on the test bed, and what PostTLS recorded about it, for
/// the tests that play an attacker: submit, answer a notice, send through the local sendmail.
/// </summary>
internal static class SenderSide
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Mail from outside the filter: a host in mynetworks (the test bed's plain smtpd, no
    /// content filter), as on port 25 of many servers. Local sendmail is filtered now.
    /// </summary>
    public static void Unfiltered(PostfixTestBed bed, string sender, string recipient, string message) =>
        SmtpSubmitter.Send(bed.PlainPort, sender, [recipient], Encoding.UTF8.GetBytes(message));

    /// <summary>A local user runs Postfix's sendmail (filtered: pickup has the content filter).</summary>
    public static void LocalSendmail(PostfixTestBed bed, string user, string sender, string recipient, string message) =>
        Command.Run("runuser", ["-u", user, "--", PostfixTestBed.Tool("sendmail"), "-C", bed.Etc, "-i", "-f", sender, "--", recipient],
            Encoding.UTF8.GetBytes(message)).EnsureSuccess("sendmail as " + user);

    /// <summary>The sender mails an action address through the submission port, as a mail client would.</summary>
    public static void Answer(PostfixTestBed bed, string mailbox, string actionAddress)
    {
        var sender = $"{mailbox}@{PostfixTestBed.LocalDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [actionAddress],
            Encoding.ASCII.GetBytes($"From: <{sender}>\nTo: <{actionAddress}>\nSubject: decision\n\n"));
    }

    /// <summary>Runs apply until <paramref name="done"/> gives something.</summary>
    public static T AfterApply<T>(PostfixTestBed bed, SweepDriver driver, Func<T?> done)
        where T : class =>
        Poll.Until(() =>
        {
            driver.Apply();
            return done();
        }, Patience, () => $"not done after apply\nposttls log:\n{bed.PostTlsLogText()}\nmaillog:\n{bed.MailLogText()}");

    /// <summary>A mail in the mailbox that contains every one of <paramref name="parts"/>.</summary>
    public static string MailWith(PostfixTestBed bed, string mailbox, params string[] parts) =>
        Poll.Until(() => bed.MailboxMessages(mailbox).FirstOrDefault(m => parts.All(p => m.Contains(p, StringComparison.Ordinal))),
            Patience, () => $"no mail with {string.Join(", ", parts)} for {mailbox}\nposttls log:\n{bed.PostTlsLogText()}");

    /// <summary>A mail in the mailbox with <paramref name="mark"/> (e.g. "X-PostTLS-Notice: notice") about the message with <paramref name="marker"/>.</summary>
    public static string MailAbout(PostfixTestBed bed, string mailbox, string marker, string mark) =>
        MailWith(bed, mailbox, mark, marker + "@client.posttls.test");

    /// <summary>What PostTLS recorded for the queue entry, or null.</summary>
    public static TrackedMessage? TrackedAs(PostfixTestBed bed, string queueId)
    {
        using var database = StateDatabase.Open(bed.Settings().DataDirectory);
        return new MessageStore(database).FindByQueueId(queueId).FirstOrDefault();
    }
}
