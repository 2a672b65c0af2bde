using System.Diagnostics.CodeAnalysis;
using PostTls.Configuration;
using PostTls.Filter;
using PostTls.Logging;
using PostTls.Tagging;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Everything a <see cref="FilterRunner"/> needs, in a temporary directory: a 32-byte key, a log
/// file, and a fake sendmail — a shell script that records its arguments one per line in
/// <see cref="ArgsPath"/> and its standard input in <see cref="CapturedPath"/>.
/// </summary>
internal sealed class FilterHarness : IDisposable
{
    public const string ConfigDirectory = "/etc/postfix-under-test";

    private readonly TempDirectory _directory = new();
    private int _stuckCalls;

    /// <param name="sendmailBody">Shell commands after the argument recording, which may use $DIR (the
    /// temporary directory) and $CAPTURED; default: capture stdin.</param>
    public FilterHarness(string sendmailBody = "cat > \"$CAPTURED\"\n")
    {
        Key = Enumerable.Range(0, SecretKey.Length).Select(i => (byte)(i * 7 + 3)).ToArray();
        KeyPath = _directory.WriteFile("secret.key", Key);
        LogPath = _directory.File("posttls.log");
        ArgsPath = _directory.File("args");
        CapturedPath = _directory.File("captured");
        SendmailPath = ExecutableFile.Write(_directory.File("sendmail"), $"""
            #!/bin/sh
            DIR='{_directory.Path}'
            CAPTURED='{CapturedPath}'
            printf '%s\n' "$@" > '{ArgsPath}'
            {sendmailBody}
            """.Replace("\r", "", StringComparison.Ordinal));
    }

    public byte[] Key { get; }

    public string KeyPath { get; }

    public string LogPath { get; }

    public string ArgsPath { get; }

    public string CapturedPath { get; }

    public string SendmailPath { get; }

    public TempDirectory Directory => _directory;

    /// <summary>How often the runner's onStuck callback was called.</summary>
    public int StuckCalls => Volatile.Read(ref _stuckCalls);

    public ManualResetEventSlim StuckReported { get; } = new();

    /// <summary>posttls.conf text for this harness; <paramref name="extra"/> lines come last and so win.</summary>
    public string ConfigText(string extra = "") => $"""
        postfix_config_directory = {ConfigDirectory}
        sendmail_path = {SendmailPath}
        reinject_address =
        secret_key_file = {KeyPath}
        log_file = {LogPath}
        reinject_time_limit = 20s
        {extra}
        """;

    /// <param name="writerDied">Stands in for the check that pipe(8) is still alive when the input ends.</param>
    public FilterRunner Runner(string extraConfig = "", Func<bool>? writerDied = null)
    {
        var settings = SettingsLoader.FromText("test.conf", ConfigText(extraConfig));
        var log = new MailLog("posttls/filter", new FileSink(LogPath, TimeProvider.System, TextWriter.Null));
        return new FilterRunner(settings, log, () =>
        {
            Interlocked.Increment(ref _stuckCalls);
            StuckReported.Set();
        }, graceAfterTimeout: TimeSpan.FromSeconds(1), writerDied);
    }

    public int Run(string sender, IReadOnlyList<string> recipients, byte[] message, string extraConfig = "")
    {
        using var input = new MemoryStream(message, writable: false);
        return Runner(extraConfig).Run(sender, recipients, input);
    }

    public byte[] Captured() => File.ReadAllBytes(CapturedPath);

    public string[] Arguments() => File.ReadAllText(ArgsPath).Split('\n')[..^1];

    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    [SuppressMessage("Design", "CA1024", Justification = "reads a file each time")]
    public string[] LogLines() => Log().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Leaves <see cref="StuckReported"/> undisposed: a watchdog callback may still set it after the
    /// test has ended, and throwing on a timer thread would end the test run.
    /// </summary>
    public void Dispose() => _directory.Dispose();
}
