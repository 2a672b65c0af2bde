using PostTls.Queue;
using PostTls.State;

namespace PostTls.Tests.State;

public sealed class MessageStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posttls-state-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Open_NewDirectory_CreatesSchemaInWalMode()
    {
        using var database = StateDatabase.Open(_directory);

        using var mode = database.Command("PRAGMA journal_mode");
        Assert.Equal("wal", (string)mode.ExecuteScalar()!);
        using var version = database.Command("PRAGMA user_version");
        Assert.Equal((long)Migrations.Steps.Count, (long)version.ExecuteScalar()!);
    }

    [Fact]
    public void Open_NewerSchemaThanKnown_RefusesWithClearError()
    {
        using (var database = StateDatabase.Open(_directory))
        {
            database.Execute("PRAGMA user_version = 999");
        }

        var error = Assert.Throws<StateException>(() => StateDatabase.Open(_directory));
        Assert.Contains("newer than this posttls knows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NotADatabase_ClearError()
    {
        File.WriteAllText(Path.Combine(_directory, StateDatabase.FileName), new string('x', 4096));

        var error = Assert.Throws<StateException>(() => StateDatabase.Open(_directory));
        Assert.Contains(StateDatabase.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InsertFindMoveClose_RoundTrip()
    {
        using var database = StateDatabase.Open(_directory);
        var store = new MessageStore(database);
        var recipient = new TrackedRecipient("r@x.test", FailureClass.StartTlsRefused, "mx[192.0.2.1]", "454 4.7.0 TLS not available", "reason", false);
        var id = store.Insert(new TrackedMessage(0, "abcdefghijklmnop", "tag", "ABCDEF1234", 42, "s@y.test", "Grüße", "Sun, 1 Nov 2026", "<m@y>",
            MessageState.Open, 100, null, 0, null, null, null), [recipient]);

        Assert.Equal(id, store.FindByQueue("ABCDEF1234", 42)!.Id);
        Assert.Null(store.FindByQueue("ABCDEF1234", 43));
        Assert.Equal("Grüße", store.FindByKey("abcdefghijklmnop")!.Subject);
        Assert.Equal([recipient], store.Recipients(id));

        store.MoveTo(id, "FEDCBA4321", 50);
        Assert.Equal(id, store.FindByQueue("FEDCBA4321", 50)!.Id);

        Assert.True(store.TryRecordNotification(id, NotificationKind.Notice, 200, "s@y.test"));
        Assert.False(store.TryRecordNotification(id, NotificationKind.Notice, 201, "s@y.test"));
        store.ForgetNotification(id, NotificationKind.Notice);
        Assert.False(store.HasNotification(id, NotificationKind.Notice));

        store.Close(id, "left the queue", 300);
        Assert.Empty(store.Unclosed());
        Assert.Equal(MessageState.Closed, store.FindById(id)!.State);
    }

    [Fact]
    public void RecipientsOfUnclosed_ByMessage_SameAsOneByOne_ClosedLeftOut()
    {
        using var database = StateDatabase.Open(_directory);
        var store = new MessageStore(database);
        TrackedRecipient Recipient(string address) =>
            new(address, FailureClass.NotOffered, "mx[192.0.2.1]", null, "TLS is required, but was not offered by host mx[192.0.2.1]", false);
        long Insert(string key, string queueId, params TrackedRecipient[] recipients) =>
            store.Insert(new TrackedMessage(0, key, null, queueId, 42, "s@y.test", "", null, null, MessageState.Open, 100, null, 0, null, null, null), recipients);
        var first = Insert("aaaaaaaaaaaaaaaa", "ABCDEF1231", Recipient("z@x.test"), Recipient("a@x.test"));
        var second = Insert("bbbbbbbbbbbbbbbb", "ABCDEF1232", Recipient("m@x.test"));
        var closed = Insert("cccccccccccccccc", "ABCDEF1233", Recipient("c@x.test"));
        store.Close(closed, "left the queue", 300);

        var all = store.RecipientsOfUnclosed();

        Assert.Equal([first, second], all.Keys.Order());
        Assert.Equal(store.Recipients(first), all[first]);
        Assert.Equal(["a@x.test", "z@x.test"], all[first].Select(r => r.Address));
        Assert.Equal(store.Recipients(second), all[second]);
    }

    [Fact]
    public void Transaction_DisposedWithoutCommit_RollsBack()
    {
        using var database = StateDatabase.Open(_directory);
        var domains = new DomainStore(database);
        using (database.BeginTransaction())
        {
            Assert.True(domains.Add("bank.test", 1, Actor.Admin("root")));
        }

        Assert.Empty(domains.List());
    }
}
