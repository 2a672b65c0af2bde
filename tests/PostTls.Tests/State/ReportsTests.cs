using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Tests.State;

/// <summary>
/// Reports read the rows as any version wrote them (plain text in the database, no schema
/// change): kinds, actions and actors are compared as types, never as display text.
/// </summary>
public sealed class ReportsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posttls-reports-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Statistics_RowsAsStoredText_CountedByKindAndActor()
    {
        using var database = StateDatabase.Open(_directory);
        var id = Message(database, firstNotice: 1000);
        foreach (var kind in new[] { "notice", "reminder-1", "reminder-2", "admin-alert", "digest" })
        {
            database.Execute("INSERT INTO notifications (message, kind, sent_at, recipient) VALUES ($m, $k, 1000, 'x@y.test')", ("$m", id), ("$k", kind));
        }

        Decision(database, id, "release", "sender:s@y.test", 1060, "done");
        Decision(database, id, "delete", "admin:root", 1120, "failed");
        Decision(database, id, "release", "policy:default_action", 1180, "done");
        Audit(database, id, "admin:root", "returned to the sender", 1240);
        Audit(database, id, "sweep", "returned to the sender", 1300); // default_action = return: the policy's, not a decision
        Audit(database, id, "admin:root", "decision accepted", 1360);

        var stats = new Reports(database).Statistics(now: 2000);

        Assert.Equal(
            [("notice", 1L), ("reminder", 2L), ("deadline", 0L), ("never-insecure", 0L), ("admin-alert", 1L), ("digest", 1L)],
            stats.NotificationsByKind.Select(k => (k.Key, k.Value)));
        Assert.Equal(
            [("release", "sender", 1L), ("delete", "sender", 0L), ("release", "admin", 0L), ("delete", "admin", 1L), ("return", "admin", 1L), ("release", "policy", 1L)],
            stats.Decisions);
        Assert.Equal([60L, 120L, 180L, 240L], stats.DecisionSeconds);
    }

    [Fact]
    public void AuditTrailAndDecisions_StoredText_ReadBackAsTypes()
    {
        using var database = StateDatabase.Open(_directory);
        var id = Message(database, firstNotice: null);
        Audit(database, id, "sender:s@y.test", "decision accepted", 10);
        Audit(database, id, "robot", "something new", 20);
        Decision(database, id, "delete", "sender:s@y.test", 10, "accepted");
        var reports = new Reports(database);

        var trail = reports.AuditTrail(since: null);

        Assert.Equal([Actor.Sender("s@y.test"), Actor.FromStored("robot")], trail.Select(e => e.Actor));
        Assert.Equal([AuditAction.DecisionAccepted, AuditAction.FromStored("something new")], trail.Select(e => e.Action));
        Assert.Equal(["sender:s@y.test", "robot"], trail.Select(e => e.Actor.Text));
        var decision = Assert.Single(reports.Decisions(id)).Decision;
        Assert.Equal(SenderAction.Delete, decision.Action);
        Assert.Equal(ActorKind.Sender, decision.DecidedBy.Kind);
        Assert.Equal("s@y.test", decision.DecidedBy.Name);
    }

    private static long Message(StateDatabase database, long? firstNotice)
    {
        var messages = new MessageStore(database);
        var id = messages.Insert(new TrackedMessage(0, "abcdefghijklmnop", "tag", "ABCDEF1234", 42, "s@y.test", "s", null, "<m@y>",
            MessageState.Open, 100, null, 0, null, null, null), []);
        if (firstNotice is { } at)
        {
            messages.SetFirstNotice(id, at, at + 86400);
        }

        return id;
    }

    private static void Decision(StateDatabase database, long message, string action, string by, long at, string step) =>
        database.Execute("INSERT INTO decisions (message, action, decided_by, decided_at, step) VALUES ($m, $a, $by, $at, $s)",
            ("$m", message), ("$a", action), ("$by", by), ("$at", at), ("$s", step));

    private static void Audit(StateDatabase database, long message, string actor, string action, long at) =>
        database.Execute("INSERT INTO audit_log (at, message, queue_id, actor, action, detail) VALUES ($at, $m, 'ABCDEF1234', $actor, $action, '')",
            ("$at", at), ("$m", message), ("$actor", actor), ("$action", action));
}
