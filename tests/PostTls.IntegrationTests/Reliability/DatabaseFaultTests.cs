using Microsoft.Data.Sqlite;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Reliability;

/// <summary>
/// The state database locked by another process past the busy timeout, or damaged: sweep and
/// apply stop with an error that names the file and exit 75, without touching the queue. Once
/// the database is usable again (the lock gone, the damaged file restored from a copy), the
/// next run does the work once.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class DatabaseFaultTests(PostfixTestBed bed)
{
    /// <summary>Each locked run waits out the 30 s busy timeout: the short variant locks apply only.</summary>
    public static TheoryData<string> LockedCommands => RunLength.IsLong ? new TheoryData<string> { "apply", "sweep" } : new TheoryData<string> { "apply" };

    /// <summary>Both damages and both commands, crossed with --long; each once otherwise.</summary>
    public static TheoryData<string, string> Damages => RunLength.IsLong
        ? new TheoryData<string, string> { { "sweep", "garbage" }, { "apply", "garbage" }, { "sweep", "truncated" }, { "apply", "truncated" } }
        : new TheoryData<string, string> { { "sweep", "garbage" }, { "apply", "truncated" } };

    private string DatabaseFile => Path.Combine(bed.Settings().DataDirectory, StateDatabase.FileName);

    [Theory]
    [MemberData(nameof(LockedCommands))]
    public void Run_DatabaseLockedByAnotherProcess_ExitsNamingTheFile_ThenDoneOnce(string command)
    {
        var stuck = Prepare(command);
        PostTlsProcess.Outcome result;
        using (var holder = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            holder.Open();
            using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
            result = PostTlsProcess.Run(bed, command);
        }

        AssertStoppedUntouched(command, stuck, result, "database is locked");
        Finish(command, stuck, "database locked");
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void Run_DatabaseDamaged_ExitsNamingTheFile_ThenDoneOnceFromTheCopy(string command, string damage)
    {
        var stuck = Prepare(command);
        // The copy an administrator restores: complete, since the last connection checkpointed the -wal file and emptied it.
        Assert.True(!File.Exists(DatabaseFile + "-wal") || new FileInfo(DatabaseFile + "-wal").Length == 0, "the -wal file beside the database is not empty");
        var copy = File.ReadAllBytes(DatabaseFile);
        PostTlsProcess.Outcome result;
        try
        {
            if (damage == "garbage")
            {
                var noise = new byte[4096];
                new Random(6).NextBytes(noise);
                using var file = File.OpenWrite(DatabaseFile);
                file.Write(noise);
            }
            else
            {
                using var file = File.OpenWrite(DatabaseFile);
                file.SetLength(copy.Length / 2);
            }

            result = PostTlsProcess.Run(bed, command);
        }
        finally
        {
            File.WriteAllBytes(DatabaseFile, copy);
            File.Delete(DatabaseFile + "-wal");
            File.Delete(DatabaseFile + "-shm");
        }

        AssertStoppedUntouched(command, stuck, result, DatabaseFile);
        Finish(command, stuck, $"database {damage}");
    }

    /// <summary>sweep: a new stuck message; apply: a notified one with a sender's "send without encryption" waiting.</summary>
    private StuckMail Prepare(string command)
    {
        var stuck = StuckMail.Submit(bed, "max");
        if (command == "apply")
        {
            new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
            stuck.Decide(SenderAction.Release);
        }

        return stuck;
    }

    private void AssertStoppedUntouched(string command, StuckMail stuck, PostTlsProcess.Outcome result, string errorText)
    {
        Assert.True(result.ExitCode == 75, result.ToString());
        Assert.Contains($"posttls {command}: ", result.Said, StringComparison.Ordinal);
        Assert.Contains(DatabaseFile, result.Said, StringComparison.Ordinal);
        Assert.Contains(errorText, result.Said, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Said, StringComparison.Ordinal);
        Thread.Sleep(500);
        Assert.Equal("deferred", stuck.Queued?.QueueName);
        Assert.Equal(0, stuck.Copies);
        Assert.Equal(command == "sweep" ? 0 : 1, stuck.Mails("notice"));
    }

    private void Finish(string command, StuckMail stuck, string fault)
    {
        PostTlsProcess.Succeed(bed, command);
        int lost;
        if (command == "sweep")
        {
            stuck.WaitForMails("notice", 1);
            lost = stuck.Tracked?.State == MessageState.Open && stuck.Queued is not null ? 0 : 1;
        }
        else
        {
            lost = stuck.CopiesOnceSettled(TimeSpan.FromSeconds(60)) == 1 && stuck.Tracked!.State == MessageState.Closed ? 0 : 1;
        }

        FaultReport.Record(command, fault, injected: 1, lost);
        Assert.Equal(0, lost);
    }
}
