using System.Text.RegularExpressions;

namespace PostTls.Tests.Architecture;

/// <summary>
/// The folders of src/PostTls form layers, and nothing depends upward: a scan of the sources
/// (like the no-shell test) reads every <c>using PostTls.X</c>, every fully qualified
/// <c>PostTls.X.</c> and every partly qualified <c>X.Type</c> per folder, and fails when a
/// folder imports one that is not below it. Folders in one row are peers and never import
/// each other; the flow row lists the stages in the order they happen.
/// </summary>
public sealed partial class LayerTests
{
    private const string Root = "(root)";

    /// <summary>Lowest first. A folder may import only the folders of the rows before its own.</summary>
    private static readonly string[][] Layers =
    [
        ["Text", "Addresses", "Cli"], // plain text for people, mail addresses, the command line's contract (exit codes, Problem, CommandHost)
        ["Unix"],                     // files, descriptors, accounts
        ["Configuration"],            // posttls.conf and its settings
        ["Logging"],                  // the mail log
        ["Queue"],                    // Postfix's own formats: queue IDs, postqueue -j, postcat, defer reasons
        ["Smtp"],                     // the SMTP client
        ["Postfix"],                  // running Postfix's commands
        ["Headers"],                  // a message's header block, byte-exact
        ["Tagging"],                  // the tag, message keys, action tokens, the secret key
        ["State"],                    // the database
        ["Notify"],                   // the mail PostTLS writes (notices, confirmations, alerts)
        ["Spool"],                    // decision files, from decide to apply
        ["Run"],                      // the engine under sweep, apply and admin: RunContext, queue actions, notifier, confirmations
        ["Filter", "Sweep", "Decide", "Apply", "Admin", "Setup"], // the flow, in the order it happens, and the administrator's commands
        ["Check"],                    // checks the installation of every stage
        ["Commands"],                 // one class per command, the root command
        [Root],                       // Program.cs
    ];

    /// <summary>Below them, but out of bounds: the pipe stages never open the database.</summary>
    private static readonly Dictionary<string, string[]> Apart = new(StringComparer.Ordinal)
    {
        ["Filter"] = ["State", "Run", "Spool"],
        ["Decide"] = ["State", "Run"],
    };

    public static TheoryData<string> Folders()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Sources().Select(s => s.Folder).Distinct().Order(StringComparer.Ordinal))
        {
            data.Add(folder);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_ImportsOnlyLowerLayers(string folder)
    {
        var own = Rank(folder);
        Assert.True(own >= 0, $"src/PostTls/{folder} has no row in the layer table of {nameof(LayerTests)}");
        var wrong = new List<string>();
        foreach (var (file, imported, how) in Imports().Where(i => Folder(i.File) == folder && i.Imported != folder))
        {
            var rank = Rank(imported);
            var why = rank < 0 ? "a folder without a row in the layer table"
                : rank == own ? "a peer"
                : rank > own ? "a higher layer"
                : Apart.TryGetValue(folder, out var banned) && banned.Contains(imported) ? "out of bounds for it"
                : null;
            if (why is not null)
            {
                wrong.Add($"{file} imports {imported} ({why}) by {how}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct()));
    }

    [Fact]
    public void LayerTable_NamesOnlyExistingFolders()
    {
        var existing = Sources().Select(s => s.Folder).ToHashSet(StringComparer.Ordinal);
        var missing = Layers.SelectMany(row => row).Where(f => !existing.Contains(f)).ToList();
        Assert.True(missing.Count == 0, "no such folder under src/PostTls: " + string.Join(", ", missing));
    }

    [Fact]
    public void Scan_FindsImports()
    {
        // Guards the scan itself: these are known to exist.
        var imports = Imports().ToList();
        Assert.Contains(imports, i => i.File == "Commands/SweepCommand.cs" && i.Imported == "Sweep" && i.How.StartsWith("using", StringComparison.Ordinal));
        Assert.Contains(imports, i => i.File == "Queue/PostqueueJson.cs" && i.Imported == "Addresses" && i.How.StartsWith("Addresses.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("using PostTls.Run;", "Run")]
    [InlineData("using static PostTls.Cli.ExitCodes;", "Cli")]
    [InlineData("using Codes = PostTls.Cli.ExitCodes;", "Cli")]
    [InlineData("var x = PostTls.Sweep.Policy.Next();", "Sweep")]
    [InlineData("var x = global::PostTls.Sweep.Policy.Next();", "Sweep")]
    [InlineData("var hop = Apply.NextHop.IsCanonical(h);", "Apply")]
    public void Scan_ReadsEachForm(string line, string imported) =>
        Assert.Contains(imported, References(line).Select(r => r.Imported));

    [Theory]
    [InlineData("namespace PostTls.Sweep;")]
    [InlineData("// see PostTls.Sweep.Policy")]
    [InlineData("var x = context.Postfix.Main(\"myhostname\");")]
    [InlineData("var x = Postfix.Main(\"myhostname\");")] // a property named like a folder, not a type of it
    public void Scan_IgnoresWhatIsNoImport(string line) =>
        Assert.Empty(References(line));

    private static int Rank(string folder) => Array.FindIndex(Layers, row => row.Contains(folder));

    private static string Folder(string file) => file.Contains('/', StringComparison.Ordinal) ? file[..file.IndexOf('/', StringComparison.Ordinal)] : Root;

    private static IReadOnlyList<(string File, string Folder, string Text)> Sources()
    {
        var source = RepositoryFiles.Path("src", "PostTls");
        var separator = Path.DirectorySeparatorChar;
        return Directory.GetFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(source, f).Replace(separator, '/'))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, Folder(f), File.ReadAllText(Path.Combine(source, f))))
            .ToList();
    }

    private static IEnumerable<(string File, string Imported, string How)> Imports() =>
        Sources().SelectMany(s => References(s.Text).Select(r => (s.File, r.Imported, r.How)));

    /// <summary>The folders one source file refers to, and how.</summary>
    private static IEnumerable<(string Imported, string How)> References(string text)
    {
        var code = LineComment().Replace(text, "");
        foreach (Match m in UsingPattern().Matches(code))
        {
            yield return (m.Groups["folder"].Value, m.Value.Trim());
        }

        foreach (Match m in QualifiedPattern().Matches(code))
        {
            yield return (m.Groups["folder"].Value, m.Value);
        }

        // Inside namespace PostTls.A, "B.Type" names PostTls.B.Type without a using; a folder
        // name followed by one of that folder's types is taken for such a reference.
        foreach (Match m in PartialPattern().Matches(code))
        {
            if (TypesOf(m.Groups["folder"].Value).Contains(m.Groups["type"].Value))
            {
                yield return (m.Groups["folder"].Value, m.Value);
            }
        }
    }

    private static HashSet<string> TypesOf(string folder) => TypesByFolder.Value.GetValueOrDefault(folder) ?? [];

    private static readonly Lazy<Dictionary<string, HashSet<string>>> TypesByFolder = new(() =>
        Sources().GroupBy(s => s.Folder).ToDictionary(
            g => g.Key,
            g => g.SelectMany(s => TypeDeclaration().Matches(s.Text).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal));

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?PostTls\.(?<folder>\w+)[\w.]*\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingPattern();

    [GeneratedRegex(@"(?<![\w.]|^\s*namespace\s+|^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?)(?:global::)?PostTls\.(?<folder>\w+)\.\w+", RegexOptions.Multiline)]
    private static partial Regex QualifiedPattern();

    [GeneratedRegex(@"(?<![\w.:])(?<folder>[A-Z]\w*)\.(?<type>[A-Z]\w*)\b")]
    private static partial Regex PartialPattern();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();
}
