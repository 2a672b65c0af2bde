using System.Text.RegularExpressions;
using PostTls.Cli;
using PostTls.Tests.Security;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Cli;

/// <summary>
/// The commands take the clock, the root check, the environment and the lock patience from
/// the <see cref="CommandHost"/> they are given, never from a static a test could set: a scan
/// of the sources keeps such a seam from coming back.
/// </summary>
public sealed partial class CommandHostTests
{
    [Fact]
    public void OfThisProcess_IsTheRealProcess()
    {
        var host = CommandHost.OfThisProcess();

        Assert.Same(TimeProvider.System, host.Clock);
        Assert.Equal(Environment.IsPrivilegedProcess, host.Privileges.IsRoot);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), host.Variable("PATH"));
        Assert.Equal(TimeSpan.FromSeconds(5), host.LockPatience);
    }

    [Fact]
    public void Now_IsTheClockInUnixSeconds()
    {
        var host = TestHost.Create(root: true, new ManualClock(AdminCommandHarness.Now));

        Assert.Equal(AdminCommandHarness.T, host.Now);
    }

    [Theory]
    [MemberData(nameof(NoShellTests.Sources), MemberType = typeof(NoShellTests))]
    public void Source_DeclaresNoSettableStatic(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, file));

        Assert.DoesNotMatch(SettableStaticProperty(), text);
        Assert.DoesNotMatch(MutableStaticField(), text);
    }

    [GeneratedRegex(@"\bstatic\b[^;{}()=]*\{\s*get;\s*(private\s+|internal\s+)?set;")]
    private static partial Regex SettableStaticProperty();

    /// <summary>A static field that is neither const nor readonly, e.g. <c>internal static Func&lt;bool&gt; IsRoot = ...;</c>.</summary>
    [GeneratedRegex(@"^\s*(public |internal |private |protected )*static (?!readonly\b|class\b|partial\b|extern\b|async\b)[\w<>\[\]?,. ]+ _?\w+\s*(=[^>]|;)", RegexOptions.Multiline)]
    private static partial Regex MutableStaticField();
}
