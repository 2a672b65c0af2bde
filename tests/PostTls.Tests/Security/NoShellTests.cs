using System.Text.RegularExpressions;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Security;

/// <summary>
/// No external command of posttls goes through a shell: every program gets an argument list.
/// A scan of the sources, so a new call site cannot slip in unnoticed.
/// </summary>
public sealed partial class NoShellTests
{
    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryFiles.Path("src", "PostTls"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            data.Add(Path.GetRelativePath(RepositoryFiles.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Source_StartsNoShell(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, file));

        Assert.DoesNotMatch(ShellPattern(), text);
        foreach (Match start in ProcessStartInfoPattern().Matches(text))
        {
            // Every ProcessStartInfo must say UseShellExecute = false within its initialiser.
            var initialiser = text.Substring(start.Index, Math.Min(400, text.Length - start.Index));
            Assert.Contains("UseShellExecute = false", initialiser, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sources_AreFound() => Assert.True(Sources().Count > 50);

    [GeneratedRegex(@"UseShellExecute\s*=\s*true|""/bin/(ba)?sh""|""(ba)?sh""\s*,\s*""-c""|Process\.Start\(\s*""[^""]*\s")]
    private static partial Regex ShellPattern();

    [GeneratedRegex(@"new ProcessStartInfo\(")]
    private static partial Regex ProcessStartInfoPattern();
}
