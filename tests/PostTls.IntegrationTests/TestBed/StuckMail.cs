using PostTls.Spool;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// A message submitted through the filter by a local sender and deferred because the remote
/// cannot do TLS; and where it is now, for the reliability tests' accounting.
/// </summary>
internal sealed record StuckMail(PostfixTestBed Bed, string Marker, string Mailbox, string Recipient, string QueueId)
{
    /// <summary>The message as submitted, when <see cref="Submit"/> submitted it.</summary>
    public byte[] Original { get; init; } = [];

    public string Sender => $"{Mailbox}@{PostfixTestBed.LocalDomain}";

    /// <summary>Submits a message through the filter and waits until Postfix deferred it for lack of TLS.</summary>
    /// <param name="domain">The recipient's domain: routed to the sink with mandatory TLS.</param>
    public static StuckMail Submit(PostfixTestBed bed, string mailbox, string domain = PostfixTestBed.TlsDomain, string extraHeaders = "",
        string body = "Hello.\n", string? subject = null)
    {
        var marker = TestMessage.NewMarker();
        var sender = $"{mailbox}@{PostfixTestBed.LocalDomain}";
        var recipient = $"{marker}@{domain}";
        var original = TestMessage.Create(marker, sender, recipient, extraHeaders, body, subject);
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [recipient], original);
        return new StuckMail(bed, marker, mailbox, recipient, bed.WaitForTlsDeferral(recipient).QueueId) { Original = original };
    }

    public void Deconstruct(out string marker, out string recipient) => (marker, recipient) = (Marker, Recipient);

    public void Deconstruct(out string marker, out string recipient, out byte[] original) => (marker, recipient, original) = (Marker, Recipient, Original);

    /// <summary>PostTLS mails of <paramref name="kind"/> (notice, reminder, confirmation, …) in a mailbox about the message with <paramref name="marker"/>.</summary>
    public static IReadOnlyList<string> MailsAbout(PostfixTestBed bed, string mailbox, string marker, string kind) =>
        bed.MailboxMessages(mailbox)
            .Where(m => m.Contains($"X-PostTLS-Notice: {kind}\n", StringComparison.OrdinalIgnoreCase) || m.Contains($"X-PostTLS-Notice: {kind}\r\n", StringComparison.OrdinalIgnoreCase))
            .Where(m => m.Contains(marker + "@client.posttls.test", StringComparison.Ordinal))
            .ToList();

    /// <summary>PostTLS mails of <paramref name="kind"/> to the sender about this message.</summary>
    public int Mails(string kind) => MailsAbout(Bed, Mailbox, Marker, kind).Count;

    /// <summary>Waits until at least <paramref name="count"/> mails of <paramref name="kind"/> arrived (Postfix delivers them asynchronously).</summary>
    public void WaitForMails(string kind, int count) => WaitForMailsAbout(Bed, Mailbox, Marker, kind, count);

    /// <summary>Waits until at least <paramref name="count"/> mails of <paramref name="kind"/> about the message with <paramref name="marker"/> arrived.</summary>
    public static void WaitForMailsAbout(PostfixTestBed bed, string mailbox, string marker, string kind, int count) =>
        Poll.Until(() => MailsAbout(bed, mailbox, marker, kind).Count >= count, SenderSide.Patience,
            () => $"expected {count} {kind} mail(s) to {mailbox} about {marker}, found {MailsAbout(bed, mailbox, marker, kind).Count}"
                + $"\nposttls log:\n{bed.PostTlsLogText()}\nmaillog:\n{bed.MailLogText()}");

    /// <summary>Copies the remote (smtp-sink) received.</summary>
    public int Copies => Bed.SinkMessagesContaining(Marker).Count;

    /// <summary>The queue entry of the recipient, or null when it left the queue.</summary>
    public QueueEntry? Queued => Bed.QueuedFor(Recipient);

    /// <summary>What PostTLS recorded about the message, or null while it is not tracked.</summary>
    public TrackedMessage? Tracked
    {
        get
        {
            using var database = StateDatabase.Open(Bed.Settings().DataDirectory);
            using var command = database.Command("SELECT message_key FROM messages WHERE message_id_header LIKE $p", ("$p", $"%{Marker}%"));
            return command.ExecuteScalar() is string key ? new MessageStore(database).FindByKey(key) : null;
        }
    }

    /// <summary>
    /// The sender's decision, dropped into the spool exactly as decide drops it, and owned by
    /// user posttls as decide's files are (apply reads only those).
    /// </summary>
    public void Decide(SenderAction action)
    {
        var tracked = Tracked ?? throw new InvalidOperationException($"{Marker} is not tracked");
        var path = new DecisionSpool(Bed.Settings().SpoolDirectory).Drop(new DecisionFile(action, tracked.Key, Sender, DateTimeOffset.UtcNow));
        var user = PostTls.Unix.UnixAccounts.UserId(PostfixTestBed.ServiceUser) ?? throw new InvalidOperationException("no user posttls");
        PostTls.Unix.UnixAccounts.ChangeOwner(path, user, PostTls.Unix.UnixAccounts.PrimaryGroupOfUser(PostfixTestBed.ServiceUser)!.Value);
    }

    /// <summary>Waits for Postfix to finish with the message after a release, then counts the copies.</summary>
    public int CopiesOnceSettled(TimeSpan patience)
    {
        Poll.Until(() => Queued is null, patience, () => $"{Marker} is still queued: {Queued}\n{Bed.PostTlsLogText()}");
        Thread.Sleep(500); // a second copy would arrive within this on the bed
        return Copies;
    }
}
