using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using PostTls.Commands;
using PostTls.Configuration;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Docs;

/// <summary>
/// Keeps the manual pages in step with the code, both ways: every setting of
/// <see cref="SettingDefinitions.All"/> has its entry in posttls.conf(5), and every command and
/// option of <see cref="PostTlsCli.BuildRootCommand"/> its place in posttls(8), and nothing is
/// documented there that the code does not have.
/// </summary>
public sealed partial class ManPageTests
{
    /// <summary>System.CommandLine's own options: documented once, under OPTIONS, not per command.</summary>
    private static readonly string[] BuiltInOptionNames = ["--help", "-h", "-?", "/h", "/?", "--version"];

    private static readonly ManPage CommandPage = ManPage.Read("posttls.8");
    private static readonly ManPage ConfigurationPage = ManPage.Read("posttls.conf.5");

    [Fact]
    public void SettingsSection_EverySetting_HasAnEntry()
    {
        var entries = SettingEntries().Keys;

        var missing = SettingDefinitions.All.Select(s => s.Name).Except(entries).ToList();

        Assert.True(missing.Count == 0, "settings without a \".TP\" / \".B name\" entry in the SETTINGS section of man/posttls.conf.5: "
            + string.Join(", ", missing));
    }

    [Fact]
    public void SettingsSection_EveryEntry_IsARealSetting()
    {
        var known = SettingDefinitions.All.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        var unknown = SettingEntries().Keys.Where(name => !known.Contains(name)).ToList();

        Assert.True(unknown.Count == 0, "entries in the SETTINGS section of man/posttls.conf.5 that are no setting in SettingDefinitions.All: "
            + string.Join(", ", unknown));
    }

    [Fact]
    public void SettingsSection_EveryEntry_StatesTheDefaultOfTheCode()
    {
        var entries = SettingEntries();

        foreach (var setting in SettingDefinitions.All.Where(s => entries.ContainsKey(s.Name)))
        {
            var expected = setting.Default.Length > 0 ? $"Default: {setting.Default}." : "Default: empty.";
            Assert.True(Unescape(entries[setting.Name]).Contains(expected, StringComparison.Ordinal),
                $"man/posttls.conf.5, {setting.Name}: expected \"{expected}\" in its entry");
        }
    }

    [Fact]
    public void SettingsSection_ChoiceSettings_ListExactlyTheChoicesOfTheCode()
    {
        var entries = SettingEntries();

        foreach (var setting in SettingDefinitions.All.Where(s => s.Kind == SettingKind.Choice && entries.ContainsKey(s.Name)))
        {
            var kindLine = entries[setting.Name].Split('\n').FirstOrDefault(line => line.Contains("Kind: choice of ", StringComparison.Ordinal));
            Assert.True(kindLine is not null, $"man/posttls.conf.5, {setting.Name}: no \"Kind: choice of ...\" line");
            var listed = BoldWord().Matches(kindLine).Select(m => m.Groups["word"].Value).ToList();
            Assert.True(listed.SequenceEqual(setting.Choices!),
                $"man/posttls.conf.5, {setting.Name}: the Kind line lists {string.Join(", ", listed)}; the code accepts {string.Join(", ", setting.Choices!)}");
        }
    }

    [Fact]
    public void CommandsSection_EveryCommand_HasASubsection()
    {
        var headings = CommandPage.Subsections.Select(s => s.Heading).ToHashSet(StringComparer.Ordinal);

        var missing = Commands().Select(c => c.Path).Where(path => !headings.Contains(path)).ToList();

        Assert.True(missing.Count == 0, "commands without a .SS \"posttls ...\" heading in man/posttls.8: " + string.Join(", ", missing));
    }

    [Fact]
    public void CommandsSection_EveryPosttlsSubsection_IsARealCommand()
    {
        var commands = Commands().Select(c => c.Path).ToHashSet(StringComparer.Ordinal);

        var unknown = CommandPage.Subsections.Select(s => s.Heading)
            .Where(heading => heading.StartsWith("posttls", StringComparison.Ordinal) && !commands.Contains(heading))
            .ToList();

        Assert.True(unknown.Count == 0, "subsections of man/posttls.8 that name no command of PostTlsCli: " + string.Join(", ", unknown));
    }

    [Fact]
    public void CommandPage_EveryOption_IsDocumentedWhereItsCommandIs()
    {
        var root = PostTlsCli.BuildRootCommand(TestHost.Create(root: true));
        var problems = new List<string>();

        foreach (var (path, command) in Commands(root).Prepend(("posttls", (Command)root)))
        {
            var text = command == root ? CommandPage.Section("OPTIONS") : CommandPage.Subsection(path);
            if (text is null)
            {
                continue; // reported by CommandsSection_EveryCommand_HasASubsection
            }

            foreach (var name in OptionNames(command))
            {
                if (!OptionPattern(name).IsMatch(Unescape(text)))
                {
                    problems.Add($"{name} of \"{path}\" ({(command == root ? "OPTIONS" : "its .SS section")})");
                }
            }
        }

        Assert.True(problems.Count == 0, "options missing in man/posttls.8: " + string.Join(", ", problems));
    }

    [Fact]
    public void CommandPage_EveryOptionEntry_IsARealOption()
    {
        var root = PostTlsCli.BuildRootCommand(TestHost.Create(root: true));
        var everywhere = root.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();

        foreach (var (path, command) in Commands(root).Prepend(("posttls", (Command)root)))
        {
            var text = command == root ? CommandPage.Section("OPTIONS") : CommandPage.Subsection(path);
            if (text is null)
            {
                continue;
            }

            var known = OptionNames(command).Concat(everywhere).ToHashSet(StringComparer.Ordinal);
            foreach (var tag in TaggedParagraphTags(text))
            {
                foreach (Match option in OptionToken().Matches(Unescape(tag)))
                {
                    if (!known.Contains(option.Value))
                    {
                        problems.Add($"{option.Value} under \"{(command == root ? "OPTIONS" : path)}\"");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, "man/posttls.8 documents options the commands do not have: " + string.Join(", ", problems));
    }

    /// <summary>The SETTINGS section's entries (<c>.TP</c>, then <c>.B name</c>) with their roff text.</summary>
    private static Dictionary<string, string> SettingEntries()
    {
        var lines = (ConfigurationPage.Section("SETTINGS") ?? throw new InvalidOperationException("man/posttls.conf.5 has no SETTINGS section"))
            .Split('\n');
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var body = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsTaggedParagraph(lines[i]) && i + 1 < lines.Length && lines[i + 1].StartsWith(".B ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    entries[current] = string.Join('\n', body);
                }

                current = Unescape(lines[i + 1][3..]).Trim().Trim('"');
                body.Clear();
                i++;
                continue;
            }

            body.Add(lines[i]);
        }

        if (current is not null)
        {
            entries[current] = string.Join('\n', body);
        }

        return entries;
    }

    /// <summary>Every command below the root, depth first, with its full name ("posttls domains list").</summary>
    private static List<(string Path, Command Command)> Commands() => Commands(PostTlsCli.BuildRootCommand(TestHost.Create(root: true)));

    private static List<(string Path, Command Command)> Commands(RootCommand root)
    {
        var found = new List<(string, Command)>();
        void Walk(Command command, string path)
        {
            foreach (var sub in command.Subcommands)
            {
                var subPath = path + " " + sub.Name;
                found.Add((subPath, sub));
                Walk(sub, subPath);
            }
        }

        Walk(root, "posttls");
        return found;
    }

    /// <summary>A command's own option names and aliases, without System.CommandLine's help and version options.</summary>
    private static IEnumerable<string> OptionNames(Command command) =>
        command.Options
            .Where(o => o is not HelpOption and not VersionOption)
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Where(name => !BuiltInOptionNames.Contains(name))
            .Distinct(StringComparer.Ordinal);

    /// <summary>The tag lines of <c>.TP</c> paragraphs that are set in a font macro (<c>.B</c>, <c>.BR</c>, <c>.BI</c>, ...).</summary>
    private static IEnumerable<string> TaggedParagraphTags(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (IsTaggedParagraph(lines[i]) && lines[i + 1].StartsWith(".B", StringComparison.Ordinal))
            {
                yield return lines[i + 1];
            }
        }
    }

    private static bool IsTaggedParagraph(string line) => line == ".TP" || line.StartsWith(".TP ", StringComparison.Ordinal);

    /// <summary>Roff source as a reader sees it: font changes and zero-width escapes dropped, \- as a hyphen.</summary>
    private static string Unescape(string roff) =>
        FontEscape().Replace(roff, "")
            .Replace("\\&", "", StringComparison.Ordinal)
            .Replace("\\-", "-", StringComparison.Ordinal)
            .Replace("\\e", "\\", StringComparison.Ordinal);

    private static Regex OptionPattern(string name) => new($"(?<![\\w-]){Regex.Escape(name)}(?![\\w-])", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\\f[BIRP]")]
    private static partial Regex FontEscape();

    /// <summary>A word set in bold, as the choices are: <c>\fBreturn\fR</c>.</summary>
    [GeneratedRegex(@"\\fB(?<word>[^\\]+)\\f[RP]")]
    private static partial Regex BoldWord();

    [GeneratedRegex(@"(?<![\w-])--?[A-Za-z?][\w-]*")]
    private static partial Regex OptionToken();

    /// <summary>A manual page split into its <c>.SH</c> sections and <c>.SS</c> subsections.</summary>
    private sealed class ManPage
    {
        private readonly List<(string Heading, string Text)> _sections = [];

        public List<(string Heading, string Text)> Subsections { get; } = [];

        public static ManPage Read(string fileName)
        {
            var page = new ManPage();
            string? section = null;
            string? subsection = null;
            var sectionText = new List<string>();
            var subsectionText = new List<string>();

            void EndSubsection()
            {
                if (subsection is not null)
                {
                    page.Subsections.Add((subsection, string.Join('\n', subsectionText)));
                }

                subsection = null;
                subsectionText.Clear();
            }

            void EndSection()
            {
                EndSubsection();
                if (section is not null)
                {
                    page._sections.Add((section, string.Join('\n', sectionText)));
                }

                sectionText.Clear();
            }

            foreach (var line in File.ReadAllText(RepositoryFiles.Path("man", fileName)).Split('\n'))
            {
                if (line.StartsWith(".\\\"", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.StartsWith(".SH ", StringComparison.Ordinal))
                {
                    EndSection();
                    section = Heading(line);
                    continue;
                }

                if (line.StartsWith(".SS ", StringComparison.Ordinal))
                {
                    EndSubsection();
                    subsection = Heading(line);
                    sectionText.Add(line);
                    continue;
                }

                sectionText.Add(line);
                subsectionText.Add(line);
            }

            EndSection();
            return page;
        }

        /// <summary>The whole text of a <c>.SH</c> section, subsections included; null when there is none.</summary>
        public string? Section(string heading) =>
            _sections.Where(s => s.Heading == heading).Select(s => s.Text).FirstOrDefault();

        /// <summary>The text of a <c>.SS</c> subsection up to the next heading; null when there is none.</summary>
        public string? Subsection(string heading) =>
            Subsections.Where(s => s.Heading == heading).Select(s => s.Text).FirstOrDefault();

        private static string Heading(string line) => Unescape(line[4..]).Trim().Trim('"');
    }
}
