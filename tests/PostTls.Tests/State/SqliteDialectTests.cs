using System.Text.RegularExpressions;
using PostTls.State;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.State;

/// <summary>
/// The native binary links the build root's SQLite: 3.34 when it is built portably against Debian 11
/// (make publish-portable). These tests run on the newer SQLite of the NuGet bundle, so they pin that
/// the code uses nothing newer than 3.34 and that ids still come back the old way.
/// </summary>
public sealed partial class SqliteDialectTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posttls-dialect-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>SQL of SQLite 3.35 and later: RETURNING, ALTER TABLE DROP COLUMN, STRICT tables, unixepoch(), -> and ->>.</summary>
    /// Keywords in capitals, as this code writes SQL (prose says "returning").
    [GeneratedRegex(@"\bRETURNING\b|\bDROP\s+COLUMN\b|\)\s*STRICT\b|\bunixepoch\s*\(|->>?\s*'\$")]
    private static partial Regex NewerThanSqlite334();

    [Fact]
    public void Sources_UseNoSqlNewerThanSqlite334()
    {
        var offenders = Directory.EnumerateFiles(RepositoryFiles.Path("src", "PostTls"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(item => !item.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !item.line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Where(item => NewerThanSqlite334().IsMatch(item.line))
            .Select(item => $"{Path.GetRelativePath(RepositoryFiles.Root, item.file)}:{item.index + 1}: {item.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "SQL newer than SQLite 3.34:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void DecisionInsert_TwoDecisions_DistinctIdsReadBackByThoseIds()
    {
        using var database = StateDatabase.Open(_directory);
        var messages = new MessageStore(database);
        var message = messages.Insert(new TrackedMessage(0, "abcdefghijklmnop", "tag", "ABCDEF1234", 42, "s@y.test", "s", null, "<m@y>",
            MessageState.Open, 100, null, 0, null, null, null), []);
        var decisions = new DecisionStore(database);

        var first = decisions.Insert(message, SenderAction.Delete, Actor.Sender("s@y.test"), 200, null);
        decisions.SetStep(first.Id, DecisionStep.Failed, 201);
        var second = decisions.Insert(message, SenderAction.Release, Actor.Sender("s@y.test"), 300, "file");

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(DecisionStep.Failed, decisions.CurrentStep(first.Id));
        Assert.Equal(second.Id, decisions.ForMessage(message)!.Id);
        Assert.Equal(SenderAction.Release, decisions.ForMessage(message)!.Action);
    }

    [Fact]
    public void MessageInsert_TwoMessages_IdsOfTheirOwnRows()
    {
        using var database = StateDatabase.Open(_directory);
        var store = new MessageStore(database);

        var first = store.Insert(new TrackedMessage(0, "aaaaaaaaaaaaaaaa", "t1", "ABCDEF1234", 1, "a@y.test", "one", null, "<1@y>",
            MessageState.Open, 100, null, 0, null, null, null), []);
        var second = store.Insert(new TrackedMessage(0, "bbbbbbbbbbbbbbbb", "t2", "BCDEF12345", 2, "b@y.test", "two", null, "<2@y>",
            MessageState.Open, 100, null, 0, null, null, null), []);

        Assert.Equal("one", store.FindByQueue("ABCDEF1234", 1)!.Subject);
        Assert.Equal(first, store.FindByQueue("ABCDEF1234", 1)!.Id);
        Assert.Equal(second, store.FindByQueue("BCDEF12345", 2)!.Id);
    }
}
