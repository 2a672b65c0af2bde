using System.Text.RegularExpressions;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Reads postfix-snippets/ so that the test bed runs exactly what administrators are told to
/// install, with only the binary path and --config substituted.
/// </summary>
internal static partial class Snippets
{
    public const string InstalledBinary = "/usr/local/bin/posttls";

    /// <summary>The master.cf service entry named <paramref name="service"/> with its continuation lines.</summary>
    public static string MasterService(string service)
    {
        var lines = File.ReadAllLines(RepositoryFiles.Path("postfix-snippets", "master.cf"));
        var start = Array.FindIndex(lines, l => l.StartsWith(service + " ", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new InvalidOperationException($"postfix-snippets/master.cf has no {service} service");
        }

        var entry = new List<string> { lines[start] };
        for (var i = start + 1; i < lines.Length && lines[i].Length > 0 && char.IsWhiteSpace(lines[i][0]); i++)
        {
            entry.Add(lines[i]);
        }

        return string.Join('\n', entry) + "\n";
    }

    /// <summary>The <c>-o content_filter=...</c> value the snippets put on the submission services.</summary>
    public static string SubmissionContentFilter()
    {
        var match = ContentFilter().Match(MasterService("submission"));
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("no content_filter in the submission snippet");
    }

    /// <summary>The reinjection listener's address in the snippets, which the test bed replaces with its own port.</summary>
    public const string ReinjectListener = "127.0.0.1:10026";

    /// <summary>The snippets' pickup entry's <c>-o</c> lines, to go under the base pickup line.</summary>
    public static string PickupOptions() =>
        string.Concat(MasterService("pickup").Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l + "\n"));

    /// <summary>Base master.cf text with the snippets' pickup options under its pickup line.</summary>
    public static string WithPickupOptions(string baseMaster)
    {
        var lines = baseMaster.Split('\n').ToList();
        var pickup = lines.FindIndex(l => l.StartsWith("pickup ", StringComparison.Ordinal));
        lines.Insert(pickup + 1, PickupOptions().TrimEnd('\n'));
        return string.Join('\n', lines);
    }

    /// <summary>The <c>-o receive_override_options=...</c> value the snippets put on the submission services; empty (none) without one.</summary>
    public static string SubmissionReceiveOverride()
    {
        var match = ReceiveOverride().Match(MasterService("submission"));
        return match.Success ? match.Groups[1].Value : "";
    }

    /// <summary>The <c>-o smtpd_sender_restrictions=...</c> value the snippets put on the submission services; null when they have none.</summary>
    public static string? SubmissionSenderRestrictions()
    {
        var match = SenderRestrictions().Match(MasterService("submission"));
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>
    /// The <c>name = value</c> settings of postfix-snippets/main.cf, continuation lines joined; with
    /// those of main-3.10.cf when <paramref name="postfix"/> is 3.10 or later, as the README says.
    /// </summary>
    public static IReadOnlyList<string> MainSettings(Version postfix) =>
        postfix >= new Version(3, 10) ? [.. MainSettings("main.cf"), .. MainSettings("main-3.10.cf")] : MainSettings("main.cf");

    private static List<string> MainSettings(string snippet)
    {
        var settings = new List<string>();
        foreach (var line in File.ReadAllLines(RepositoryFiles.Path("postfix-snippets", snippet)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && settings.Count > 0)
            {
                settings[^1] += " " + line.Trim();
            }
            else
            {
                settings.Add(line);
            }
        }

        return settings;
    }

    /// <summary>Points snippet text at the test instance's configuration directory instead of /etc/postfix.</summary>
    public static string UseConfigDirectory(string snippet, string etc) =>
        snippet.Replace("/etc/postfix/", etc + "/", StringComparison.Ordinal);

    /// <summary>Copies a lookup table of the snippets into the instance's configuration directory.</summary>
    public static void CopyTable(string name, string etc) =>
        File.Copy(RepositoryFiles.Path("postfix-snippets", name), Path.Combine(etc, name), overwrite: true);

    /// <summary>Points a snippet at the test binary and its configuration file.</summary>
    public static string UseBinary(string snippet, string binary, string configFile) =>
        snippet.Replace($"argv={InstalledBinary} ", $"argv={binary} --config {configFile} ", StringComparison.Ordinal);

    [GeneratedRegex(@"-o content_filter=(\S+)")]
    private static partial Regex ContentFilter();

    [GeneratedRegex(@"-o receive_override_options=(\S+)")]
    private static partial Regex ReceiveOverride();

    [GeneratedRegex(@"-o smtpd_sender_restrictions=(\S+)")]
    private static partial Regex SenderRestrictions();
}
