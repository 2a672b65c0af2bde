using Microsoft.Data.Sqlite;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Run;
using PostTls.State;

namespace PostTls.Admin;

/// <summary>
/// The database as the administrator's commands use it. Commands that only read open it
/// beside a running sweep (WAL lets them); commands that act take the sweep's lock first and
/// then build the same <see cref="RunContext"/> a sweep does, so an administrator's action
/// goes through the same checks, steps and audit as a sender's.
/// </summary>
internal sealed class AdminSession : IDisposable
{
    private readonly RunLock? _lock;

    // The queues of the contexts handed out, closed with the session (their notify connections).
    private readonly List<IPostfixQueue> _queues = [];

    private AdminSession(CommandHost host, string command, PostTlsSettings settings, StateDatabase database, RunLock? sweepLock)
    {
        Host = host;
        Command = command;
        Settings = settings;
        Database = database;
        _lock = sweepLock;
        Messages = new MessageStore(database);
        Decisions = new DecisionStore(database);
        Reports = new Reports(database);
        Choices = new ChoiceStore(database);
    }

    /// <summary>The clock, environment and lock patience of the command.</summary>
    public CommandHost Host { get; }

    public string Command { get; }

    public PostTlsSettings Settings { get; }

    public StateDatabase Database { get; }

    public MessageStore Messages { get; }

    public DecisionStore Decisions { get; }

    public Reports Reports { get; }

    public ChoiceStore Choices { get; }

    public long Now => Host.Now;

    /// <summary>Opens the database to read it; a sweep may run meanwhile.</summary>
    /// <exception cref="Problem">No data_directory (78), or the database cannot be used (75).</exception>
    public static AdminSession ForReading(CommandHost host, string command, PostTlsSettings settings) => Open(host, command, settings, takeLock: false);

    /// <summary>Takes the sweep lock, waiting <see cref="CommandHost.LockPatience"/> for a running sweep, then opens the database.</summary>
    /// <exception cref="Problem">No data_directory (78), a sweep kept the lock, or the database cannot be used (75).</exception>
    public static AdminSession ForActing(CommandHost host, string command, PostTlsSettings settings) => Open(host, command, settings, takeLock: true);

    /// <summary>
    /// Runs <paramref name="body"/> and turns a database or Postfix that cannot be used into
    /// one line and exit status 75: the administrator can simply try again.
    /// </summary>
    public static int Guard(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is StateException or SqliteException or PostfixException or IOException or UnauthorizedAccessException)
        {
            throw new Problem($"posttls {command}: {e.Message}", ExitCodes.TempFail);
        }
    }

    /// <summary>What a run works with, for carrying out one action; in a dry run it only reports.</summary>
    /// <exception cref="Tagging.SecretKeyException">The key cannot be read.</exception>
    /// <exception cref="PostfixException">postconf cannot be run.</exception>
    public RunContext Context(bool dryRun, TextWriter report, TextWriter error, Func<PostTlsSettings, IPostfixQueue>? queueFactory = null)
    {
        var log = MailLog.For(Command, Settings, Host.Clock, error, echo: error);
        var context = RunContext.Create(Settings, Database, Host.Clock, log, dryRun, report, queueFactory);
        _queues.Add(context.Queue);
        return context;
    }

    public void Dispose()
    {
        foreach (var queue in _queues)
        {
            queue.Dispose();
        }

        Database.Dispose();
        _lock?.Dispose();
    }

    private static AdminSession Open(CommandHost host, string command, PostTlsSettings settings, bool takeLock)
    {
        if (!Directory.Exists(settings.DataDirectory))
        {
            throw new Problem($"posttls {command}: {settings.DataDirectory} does not exist; run posttls init", ExitCodes.Config);
        }

        var sweepLock = takeLock ? RunLock.Wait(settings.DataDirectory, host.LockPatience, host.Clock) : null;
        if (takeLock && sweepLock is null)
        {
            throw new Problem($"posttls {command}: a sweep is running and still holds {Path.Combine(settings.DataDirectory, RunLock.FileName)}"
                + $" after {host.LockPatience.TotalSeconds:0} seconds; nothing was done, try again", ExitCodes.TempFail);
        }

        try
        {
            return new AdminSession(host, command, settings, StateDatabase.Open(settings.DataDirectory), sweepLock);
        }
        catch (StateException e)
        {
            sweepLock?.Dispose();
            throw new Problem($"posttls {command}: {e.Message}", ExitCodes.TempFail);
        }
    }
}
