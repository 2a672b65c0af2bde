using PostTls.Cli;
using PostTls.Commands;
using PostTls.Queue;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Runs the administrator's commands in process as root, against a database in a temporary
/// data_directory, at a fixed time. All of that is in its own <see cref="Host"/>, so tests
/// using it run in parallel.
/// </summary>
internal sealed class AdminCommandHarness : IDisposable
{
    public const long Minute = 60;
    public const long Hour = 3600;
    public const long Day = 86400;

    /// <summary>2026-11-22 12:00:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();

    public AdminCommandHarness()
    {
        DataDirectory = Directory.CreateDirectory(_directory.File("data")).FullName;
        SpoolDirectory = Directory.CreateDirectory(_directory.File("spool")).FullName;
        Config = _directory.WriteFile("posttls.conf", $"""
            data_directory = {DataDirectory}
            spool_directory = {SpoolDirectory}
            secret_key_file = {_directory.File("missing.key")}
            log_file = {_directory.File("posttls.log")}
            sendmail_path = /bin/false
            """);
    }

    public static long T => Now.ToUnixTimeSeconds();

    /// <summary>Root, at <see cref="Now"/>; a test that needs another replaces it.</summary>
    public CommandHost Host { get; set; } = TestHost.Create(root: true, new ManualClock(Now));

    public string Config { get; }

    public string DataDirectory { get; }

    public string SpoolDirectory { get; }

    /// <summary>The log_file: the lines the commands log.</summary>
    public string LogFile => _directory.File("posttls.log");

    public StringWriter Output { get; } = new();

    public StringWriter Error { get; } = new();

    public int Run(params string[] args) => PostTlsCli.Run(["--config", Config, .. args], Host, Output, Error);

    public string[] OutputLines() => Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] ErrorLines() => Error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public StateDatabase OpenDatabase() => StateDatabase.Open(DataDirectory);

    public void AssertNoTrace()
    {
        var all = Output + Error.ToString();
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", all, StringComparison.Ordinal);
    }

    /// <summary>
    /// The standard scene: an open tagged message with a notice; an untagged one; one released
    /// by its sender; an ignored bounce; and one the administrator returned, whose queue ID
    /// Postfix has since reused for the open message.
    /// </summary>
    public void SeedStandard()
    {
        using var database = OpenDatabase();
        var messages = new MessageStore(database);
        var decisions = new DecisionStore(database);
        var domains = new DomainStore(database);

        // The returned message first: it is older, and its queue ID came back for the open one.
        var returned = messages.Insert(Message(Seed.ReturnedKey, Seed.ReturnedTag, Seed.OpenQueueId, T - 5 * Day, "anna@example.org", "Old news",
            MessageState.Open), [Recipient("gus@example.net", FailureClass.NotOffered)]);
        messages.Audit(T - 5 * Day, returned, Seed.OpenQueueId, Actor.Sweep, AuditAction.Tracked, "open: tagged");
        messages.TryRecordNotification(returned, NotificationKind.Notice, T - 5 * Day + 5 * Minute, "anna@example.org");
        messages.SetFirstNotice(returned, T - 5 * Day + 5 * Minute, T - 2 * Day);
        messages.Audit(T - 5 * Day + 2 * Hour + 5 * Minute, returned, Seed.OpenQueueId, Actor.Admin("root"), AuditAction.Returned, "by the administrator");
        messages.Close(returned, "returned by admin:root", T - 5 * Day + 2 * Hour + 5 * Minute);

        var released = messages.Insert(Message(Seed.ReleasedKey, Seed.ReleasedTag, Seed.ReleasedQueueId, T - 2 * Day, "Anna@Example.ORG",
            "Contract", MessageState.Open), [Recipient("frank@example.net", FailureClass.HandshakeFailed)]);
        messages.Audit(T - 2 * Day, released, Seed.ReleasedQueueId, Actor.Sweep, AuditAction.Tracked, "open: tagged");
        messages.TryRecordNotification(released, NotificationKind.Notice, T - 2 * Day + 10 * Minute, "Anna@Example.ORG");
        messages.SetFirstNotice(released, T - 2 * Day + 10 * Minute, T + Day);
        messages.Audit(T - 2 * Day + 10 * Minute, released, Seed.ReleasedQueueId, Actor.Sweep, AuditAction.Sent(NotificationKind.Notice), "to <Anna@Example.ORG>");
        messages.TryRecordNotification(released, NotificationKind.Reminder(1), T - 2 * Day + 40 * Minute, "Anna@Example.ORG");
        var decision = decisions.Insert(released, SenderAction.Release, Actor.Sender("anna@example.org"), T - 2 * Day + 70 * Minute, "f.decision");
        messages.Audit(T - 2 * Day + 70 * Minute, released, Seed.ReleasedQueueId, Actor.Sender("anna@example.org"), AuditAction.DecisionAccepted, "send without encryption");
        decisions.AddGroup(decision.Id, "mx.example.net", ["frank@example.net"]);
        decisions.Submitted(decisions.Groups(decision.Id)[0].Id, "7E1F2A3B4C", T - 2 * Day + 71 * Minute);
        messages.Audit(T - 2 * Day + 71 * Minute, released, Seed.ReleasedQueueId, Actor.Sender("anna@example.org"), AuditAction.Released,
            "7E1F2A3B4C (to mx.example.net without TLS: frank@example.net)");
        messages.Close(released, "sent without encryption by sender:anna@example.org", T - 2 * Day + 71 * Minute);
        decisions.SetStep(decision.Id, DecisionStep.Done, T - 2 * Day + 71 * Minute, "sent without encryption by sender:anna@example.org");

        var open = messages.Insert(Message(Seed.OpenKey, Seed.OpenTag, Seed.OpenQueueId, T - 3 * Hour, "anna@example.org", "Quarterly report",
            MessageState.Open), [Recipient("bob@example.net", FailureClass.NotOffered), Recipient("carol@bank.example", FailureClass.CertificateNotVerified, neverInsecure: true)]);
        messages.Audit(T - 3 * Hour, open, Seed.OpenQueueId, Actor.Sweep, AuditAction.Tracked, "open: tagged");
        messages.TryRecordNotification(open, NotificationKind.Notice, T - 3 * Hour + 10 * Minute, "anna@example.org");
        messages.SetFirstNotice(open, T - 3 * Hour + 10 * Minute, T + 2 * Day + 3 * Hour);
        messages.Audit(T - 3 * Hour + 10 * Minute, open, Seed.OpenQueueId, Actor.Sweep, AuditAction.Sent(NotificationKind.Notice), "to <anna@example.org>");

        var untagged = messages.Insert(Message(Seed.UntaggedKey, null, Seed.UntaggedQueueId, T - Hour, "dave@example.org", "Invoice",
            MessageState.Untagged), [Recipient("eve@example.com", FailureClass.StartTlsRefused)]);
        messages.Audit(T - Hour, untagged, Seed.UntaggedQueueId, Actor.Sweep, AuditAction.Tracked, "untagged: not submitted through the filter");

        var ignored = messages.Insert(Message(Seed.IgnoredKey, null, Seed.IgnoredQueueId, T - 40 * Minute, "", "Undelivered Mail Returned to Sender",
            MessageState.Ignored), [Recipient("mallory@example.com", FailureClass.HandshakeFailed)]);
        messages.Audit(T - 40 * Minute, ignored, Seed.IgnoredQueueId, Actor.Sweep, AuditAction.Tracked, "ignored: null sender");

        domains.Add("bank.example", T - 30 * Minute, Actor.Admin("root"));
        messages.Audit(T - 30 * Minute, null, null, Actor.Admin("root"), AuditAction.DomainAdded, "bank.example");
    }

    /// <summary>
    /// Remembered choices in every state, made through <see cref="ChoiceStore.Remember"/>
    /// (their keys are random): two that hold (anna@example.org for partner.example, used
    /// three times, and for other.example), one expired (bob), one forgotten by its sender
    /// (dave), one revoked by admin:root (erin).
    /// </summary>
    public Choices SeedChoices()
    {
        using var database = OpenDatabase();
        var store = new ChoiceStore(database);
        var partner = store.Remember("anna@example.org", "partner.example", ChoiceScope.NoTls, T - 2 * Day, T + 12 * Day, null);
        for (var i = 0; i < 3; i++)
        {
            store.CountUse(partner.Id);
        }

        var other = store.Remember("anna@example.org", "other.example", ChoiceScope.NoTls | ChoiceScope.Certificate, T - Day, T + 13 * Day, null);
        var expired = store.Remember("bob@example.org", "partner.example", ChoiceScope.NoTls, T - 20 * Day, T - 6 * Day, null);
        var forgotten = store.Remember("dave@example.org", "partner.example", ChoiceScope.NoTls, T - 3 * Day, T + 11 * Day, null);
        store.End(forgotten.Id, Actor.Sender("dave@example.org"), T - Day);
        var revoked = store.Remember("erin@example.org", "partner.example", ChoiceScope.NoTls, T - 4 * Day, T + 10 * Day, null);
        store.End(revoked.Id, Actor.Admin("root"), T - 2 * Day);
        return new Choices(store.FindById(partner.Id)!, other, expired, store.FindById(forgotten.Id)!, store.FindById(revoked.Id)!);
    }

    public static TrackedMessage Message(string key, string? tag, string queueId, long arrival, string sender, string subject, MessageState state) =>
        new(0, key, tag, queueId, arrival, sender, subject, "Sun, 22 Nov 2026 09:00:00 +0000", $"<{key}@example.org>", state, arrival + Minute,
            null, 0, null, null, null);

    public static TrackedRecipient Recipient(string address, FailureClass failure, bool neverInsecure = false) =>
        new(address, failure, "mx.example.net[192.0.2.1]:25", null, $"TLS failure for {address}", neverInsecure);

    public void Dispose()
    {
        _directory.Dispose();
        Output.Dispose();
        Error.Dispose();
    }

    /// <summary>The choices of <see cref="SeedChoices"/>, as stored right after seeding.</summary>
    public sealed record Choices(RememberedChoice Partner, RememberedChoice Other, RememberedChoice Expired, RememberedChoice Forgotten,
        RememberedChoice Revoked);

    /// <summary>The names of the messages of <see cref="SeedStandard"/>.</summary>
    public static class Seed
    {
        public const string OpenKey = "aaaaaaaaaaaaaaaa";
        public const string OpenTag = OpenKey + ".bbbbbbbbbbbbbbbb";
        public const string OpenQueueId = "4B7C81E2A3";
        public const string UntaggedKey = "cccccccccccccccc";
        public const string UntaggedQueueId = "9D3E02A1F7";
        public const string ReleasedKey = "dddddddddddddddd";
        public const string ReleasedTag = ReleasedKey + ".eeeeeeeeeeeeeeee";
        public const string ReleasedQueueId = "5F2A0B1C3D";
        public const string IgnoredKey = "ffffffffffffffff";
        public const string IgnoredQueueId = "A1B2C3D4E5";
        public const string ReturnedKey = "gggggggggggggggg";
        public const string ReturnedTag = ReturnedKey + ".hhhhhhhhhhhhhhhh";
    }
}
