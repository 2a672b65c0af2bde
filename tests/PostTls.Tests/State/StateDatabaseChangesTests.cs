using PostTls.State;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.State;

/// <summary>The sweep reads the unclosed messages a second time only when the database changed: every write must show.</summary>
public sealed class StateDatabaseChangesTests
{
    [Fact]
    public void Changes_ReadsOnly_StayEqual()
    {
        using var directory = new TempDirectory();
        using var database = StateDatabase.Open(directory.Path);
        var before = database.Changes();

        new MessageStore(database).Unclosed();
        new MessageStore(database).RecipientsOfUnclosed();

        Assert.Equal(before, database.Changes());
    }

    [Fact]
    public void Changes_OwnWrite_Differ()
    {
        using var directory = new TempDirectory();
        using var database = StateDatabase.Open(directory.Path);
        var before = database.Changes();

        database.Execute("INSERT INTO never_insecure_domains (domain, added_at, added_by) VALUES ('a.example', 1, 'test')");

        Assert.NotEqual(before, database.Changes());
    }

    [Fact]
    public void Changes_WriteInATransaction_DifferBeforeTheCommit()
    {
        using var directory = new TempDirectory();
        using var database = StateDatabase.Open(directory.Path);
        var before = database.Changes();

        using var transaction = database.BeginTransaction();
        database.Execute("INSERT INTO never_insecure_domains (domain, added_at, added_by) VALUES ('a.example', 1, 'test')");

        Assert.NotEqual(before, database.Changes());
    }

    [Fact]
    public void Changes_AnotherConnectionCommits_Differ()
    {
        using var directory = new TempDirectory();
        using var database = StateDatabase.Open(directory.Path);
        var before = database.Changes();

        using (var other = StateDatabase.Open(directory.Path))
        {
            other.Execute("INSERT INTO never_insecure_domains (domain, added_at, added_by) VALUES ('a.example', 1, 'test')");
        }

        Assert.NotEqual(before, database.Changes());
    }

    [Theory]
    [InlineData("SELECT id FROM messages WHERE state <> 'closed' ORDER BY id", "messages_unclosed")]
    [InlineData("SELECT r.address FROM messages m CROSS JOIN recipients r ON r.message = m.id WHERE m.state <> 'closed' ORDER BY m.id, r.address", "messages_unclosed")]
    [InlineData("SELECT a.detail FROM audit_log a WHERE a.action = 'tag-reused'", "audit_action")]
    public void Migrations_SweepQueries_UseTheIndexesThatKeepClosedRowsAway(string query, string index)
    {
        using var directory = new TempDirectory();
        using var database = StateDatabase.Open(directory.Path);

        using var command = database.Command("EXPLAIN QUERY PLAN " + query);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
