using System.Text.RegularExpressions;
using PostTls.Configuration;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Configuration;

/// <summary>
/// posttls.conf damaged by generated edits: loading gives settings that pass every check, or a
/// <see cref="ConfigException"/> with one printable line that names the file (and the line,
/// when one is to blame, within the file). Any other exception is a bug: filter would exit
/// with a stack trace instead of a clear reason.
/// </summary>
public sealed partial class SettingsLoaderHostileTests
{
    private const string FileName = "/etc/posttls/hostile.conf";

    /// <summary>Every setting given, some through references, as an administrator might write them.</summary>
    private const string Full = """
        # PostTLS
        postfix_config_directory = /etc/postfix
        sendmail_path = /usr/sbin/sendmail
        secret_key_file = /etc/posttls/secret.key
        data_directory = /var/lib/posttls
        spool_directory = ${data_directory}/spool
        log_file =
        reinject_time_limit = 300s
        admin_address = postmaster@$action_domain
        action_domain = mail.example.org
        notification_sender = "Mail System" <MAILER-DAEMON@example.org>
        notification_envelope_sender =
        notify_untagged_senders = example.org, .example.net
        never_insecure_action = return
        reminder_schedule = 1h, 4h,
            24h
        decision_timeout = 3d
        default_action = release
        language = de
        release_service = posttls-release
        template_directory = /etc/posttls/templates
        """;

    private static readonly string[] ConfigFragments =
    [
        "=", " = ", "$", "$$", "${", "}", "$data_directory", "${spool_directory}", "$admin_address", "#", "\n ", "\n\t", "\n=",
        "\nunknown_setting = 1\n", "\nlanguage = fr\n", "\ndecision_timeout = 99999999999w\n", "\nreminder_schedule = 4h 1h\n",
        "\naction_domain = -..\n", "\nrelease_service = ../x\n", "\nspool_directory = relative\n", "\u00e9", "\u200b",
    ];

    [Fact]
    public void FromText_MutatedFile_SettingsOrOneClearLineNamingFileAndLine()
    {
        string[] samples = [Full, DefaultConfigFile.Render(), DefaultConfigFile.Render().Replace("\n#", "\n", StringComparison.Ordinal)];
        int loaded = 0, refused = 0;
        var ran = Seeded.Check(nameof(SettingsLoaderHostileTests), 1500, 100_000,
            random => new Mutator(random.Next(), ConfigFragments).Mutate(samples[random.Next(samples.Length)]),
            text =>
            {
                try
                {
                    AssertValid(SettingsLoader.FromText(FileName, text));
                    loaded++;
                }
                catch (ConfigException e)
                {
                    AssertClear(e.Message, text);
                    refused++;
                }
            },
            Mutator.Show);

        if (ran > 1)
        {
            Assert.True(loaded > 0 && refused > 0, $"{loaded} loaded, {refused} refused: one path was never taken");
        }
    }

    /// <summary>
    /// A few lines can ask for an expansion far larger than memory ($a is ten $b, each ten $c…):
    /// that must be a clear error, not an OutOfMemoryException.
    /// </summary>
    [Fact]
    public void FromText_ReferencesThatMultiply_ConfigException()
    {
        var text = $"""
            admin_address = {string.Concat(Enumerable.Repeat("$notification_sender", 2000))}
            notification_sender = {string.Concat(Enumerable.Repeat("$notification_envelope_sender", 2000))}
            notification_envelope_sender = {new string('x', 2000)}
            """;

        var e = Assert.Throws<ConfigException>(() => SettingsLoader.FromText(FileName, text));

        Assert.StartsWith($"{FileName}, line 1, setting admin_address: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("too long", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromText_ControlCharactersAndLongValues_QuotedPrintableAndShort()
    {
        var name = Assert.Throws<ConfigException>(() => SettingsLoader.FromText(FileName, "spool\u001b[2J_directory = /x\n"));
        var value = Assert.Throws<ConfigException>(() => SettingsLoader.FromText(FileName, $"spool_directory = /a\rb{new string('c', 5000)}\n"));

        Assert.Equal($"{FileName}, line 1: \"spool?[2J_directory\" is not a valid setting name", name.Message);
        Assert.Equal($"{FileName}, line 1, setting spool_directory: \"/a?b{new string('c', 53)}...\" is not an absolute path", value.Message);
    }

    private static void AssertClear(string message, string text)
    {
        Assert.StartsWith(FileName + ", ", message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, char.IsControl);
        Assert.True(message.Length < 500, $"{message.Length} characters: {message[..Math.Min(200, message.Length)]}");
        if (LinePattern().Match(message) is { Success: true } line)
        {
            Assert.InRange(int.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, text.Split('\n').Length);
        }
    }

    /// <summary>What the loader promises of settings it returns.</summary>
    private static void AssertValid(PostTlsSettings settings)
    {
        foreach (var path in new[] { settings.PostfixConfigDirectory, settings.SecretKeyFile, settings.DataDirectory, settings.SpoolDirectory })
        {
            Assert.Matches("^/[^\\s\\p{Cc}]+$", path);
        }

        foreach (var path in new[] { settings.SendmailPath, settings.LogFile, settings.TemplateDirectory })
        {
            Assert.Matches("^(/[^\\s\\p{Cc}]+)?$", path);
        }

        Assert.Matches("^([a-z0-9-]+(\\.[a-z0-9-]+)*)?$", settings.ActionDomain);
        Assert.Matches("^[A-Za-z0-9_-][A-Za-z0-9_.-]*$", settings.ReleaseService);
        Assert.DoesNotContain(settings.AdminAddress + settings.NotificationSender + settings.NotificationEnvelopeSender, char.IsControl);
        Assert.InRange(settings.ReinjectTimeLimit, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Assert.InRange(settings.DecisionTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(100));
        Assert.Equal(settings.ReminderSchedule.Order(), settings.ReminderSchedule);
        Assert.Equal(settings.ReminderSchedule.Distinct(), settings.ReminderSchedule);
        Assert.Contains(settings.Language, new[] { "en", "de" });
    }

    [GeneratedRegex(@"^[^,]*, line (\d+)")]
    private static partial Regex LinePattern();
}
