using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using PostTls.Apply;
using PostTls.Configuration;
using PostTls.Spool;
using PostTls.State;
using PostTls.Sweep;
using PostTls.Tagging;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Runs <see cref="SweepSession"/> (and <see cref="ApplySession"/>) in process against a <see cref="FakePostfixQueue"/>, with a
/// temporary data and spool directory, a fixed key and a manual clock; reads the database
/// back for assertions.
/// </summary>
internal sealed class SweepHarness : IDisposable
{
    public const string ActionDomain = "action.posttls.test";
    public const string AdminAddress = "admin@posttls.test";

    private static readonly string[] Tables = ["messages", "recipients", "notifications", "decisions", "releases", "audit_log", "never_insecure_domains"];
    private readonly TempDirectory _directory = new();
    private readonly string _keyFile;
    private readonly string _extraConfig;
    private int _nextQueueId;

    public SweepHarness(string extraConfig = "")
    {
        Key = Enumerable.Range(0, SecretKey.Length).Select(i => (byte)(i * 13 + 1)).ToArray();
        DataDirectory = Directory.CreateDirectory(_directory.File("data")).FullName;
        SpoolDirectory = Directory.CreateDirectory(_directory.File("spool")).FullName;
        _keyFile = _directory.WriteFile("secret.key", Key);
        _extraConfig = extraConfig;
        Settings = Configured(ActionDomain);
    }

    /// <summary>From the next run on, action_domain is <paramref name="domain"/> (empty: Postfix's myhostname, which postconf cannot tell here).</summary>
    public void UseActionDomain(string domain) => Settings = Configured(domain);

    private PostTlsSettings Configured(string actionDomain) => SettingsLoader.FromText("test.conf", $"""
        postfix_config_directory = /etc/postfix-under-test
        sendmail_path = /nonexistent/sendmail
        secret_key_file = {_keyFile}
        data_directory = {DataDirectory}
        spool_directory = {SpoolDirectory}
        action_domain = {actionDomain}
        admin_address = {AdminAddress}
        {_extraConfig}
        """);

    public byte[] Key { get; }

    public string DataDirectory { get; }

    public string SpoolDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, StateDatabase.FileName);

    public PostTlsSettings Settings { get; private set; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    public FakePostfixQueue Queue { get; } = new();

    public MemoryLogSink Log { get; } = new();

    /// <summary>What the latest run wrote to its report (dry run).</summary>
    public string Report { get; private set; } = "";

    public void Dispose() => _directory.Dispose();

    /// <summary>One sweep; the exit status (a <see cref="Cli.Problem"/> propagates).</summary>
    public int Sweep(bool dryRun = false)
    {
        var report = new StringWriter();
        try
        {
            return SweepSession.Run(Settings, Clock, Log.Log("posttls/sweep"), dryRun, report, DecisionApplier.For, _ => Queue);
        }
        finally
        {
            Report = report.ToString();
        }
    }

    /// <summary>One run of posttls apply; the exit status (a <see cref="Cli.Problem"/> propagates).</summary>
    public int Apply(bool dryRun = false)
    {
        var report = new StringWriter();
        try
        {
            return ApplySession.Run(Settings, Clock, Log.Log("posttls/apply"), dryRun, report, _ => Queue);
        }
        finally
        {
            Report = report.ToString();
        }
    }

    /// <summary>A fresh valid short queue ID.</summary>
    public string NewQueueId() => string.Create(CultureInfo.InvariantCulture, $"{0xA1000 + ++_nextQueueId:X5}{0xB1E500 + _nextQueueId:X}");

    /// <summary>A tag as the filter makes it for <paramref name="sender"/>, now.</summary>
    public string NewTag(string sender = "alice@posttls.test") => MessageTag.Create(Key, sender, Clock.GetUtcNow());

    /// <summary>Queues a tagged message from <paramref name="sender"/>, each recipient deferred because TLS was not offered.</summary>
    public QueueFile AddTagged(string sender, params string[] recipients)
    {
        var file = QueueFile.Tagged(NewQueueId(), NewTag(sender), sender, recipients);
        Queue.Files.Add(file);
        return file;
    }

    public QueueFile Add(QueueFile file)
    {
        Queue.Files.Add(file);
        return file;
    }

    /// <summary>Mail accepted for <paramref name="recipient"/>.</summary>
    public IReadOnlyList<SentMail> SentTo(string recipient) =>
        Queue.Sent.Where(m => string.Equals(m.Recipient, recipient, StringComparison.OrdinalIgnoreCase)).ToList();

    public long Count(string table, string where = "1 = 1")
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {where}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The sender's decision about a tracked message, dropped into the spool as decide drops it.</summary>
    public void Decide(QueueFile file, SenderAction action, string sender)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_key FROM messages WHERE queue_id = $q";
        command.Parameters.AddWithValue("$q", file.QueueId);
        var key = (string)command.ExecuteScalar()!;
        new DecisionSpool(SpoolDirectory).Drop(new DecisionFile(action, key, sender, Clock.GetUtcNow()));
    }

    /// <summary>The state of a tracked message by queue ID, or null.</summary>
    public string? StateOf(string queueId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM messages WHERE queue_id = $q";
        command.Parameters.AddWithValue("$q", queueId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Every row of every table, as text: compare two dumps to prove nothing changed.</summary>
    public string Dump()
    {
        if (!File.Exists(DatabasePath))
        {
            return "(no database)";
        }

        using var connection = Open();
        var text = new StringBuilder();
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
            using var reader = command.ExecuteReader();
            text.Append(table).Append('\n');
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
