using System.Text.RegularExpressions;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Security;

/// <summary>
/// Every MAC posttls checks (message tags, action tokens) is compared with
/// CryptographicOperations.FixedTimeEquals: an ordinary comparison stops at the first
/// differing byte, and its timing would let a forger learn a MAC byte by byte. A scan of the
/// sources, so a new check cannot slip in with an ordinary comparison.
/// </summary>
public sealed partial class ConstantTimeMacTests
{
    public static TheoryData<string> MacFiles() => new(Files());

    /// <summary>The sources that compute an HMAC (all through Tagging/HmacSha256), relative to the repository.</summary>
    private static string[] Files() =>
        Directory.GetFiles(RepositoryFiles.Path("src", "PostTls"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("HmacSha256.Hash(", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f))
            .ToArray();

    [Fact]
    public void MacFiles_AreFound()
    {
        Assert.Contains(Files(), f => Path.GetFileName(f) == "MessageTag.cs");
    }

    [Fact]
    public void Source_ComputesHmacOnlyThroughTheOneHelper()
    {
        var direct = Directory.GetFiles(RepositoryFiles.Path("src", "PostTls"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("HMACSHA256", StringComparison.Ordinal))
            .Select(Path.GetFileName);

        Assert.Empty(direct);
    }

    /// <summary>The tag and the token are checked; MessageKeys only derives keys from an HMAC.</summary>
    [Fact]
    public void VerifyingFiles_AreTheTagAndTheToken()
    {
        var files = Files().Where(f => Verifies(Read(f))).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { "ActionTokens.cs", "MessageTag.cs" }, files);
    }

    [Theory]
    [MemberData(nameof(MacFiles))]
    public void Source_ComparesMacsInConstantTimeOnly(string file)
    {
        var text = Read(file);

        if (Verifies(text))
        {
            Assert.Contains("CryptographicOperations.FixedTimeEquals(expected, ", text, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(OrdinaryComparison(), text);
    }

    private static bool Verifies(string text) => text.Contains(" Verify(", StringComparison.Ordinal);

    private static string Read(string file) => File.ReadAllText(Path.Combine(RepositoryFiles.Root, file));

    /// <summary>Ordinary comparisons of anything named like a MAC.</summary>
    [GeneratedRegex(@"(?i)SequenceEqual|\b(mac|expected)\w*\s*[!=]=|[!=]=\s*(mac|expected)\w*\b|(mac|expected)\w*\.Equals\(|(?<!FixedTime)Equals\(\s*(mac|expected)")]
    private static partial Regex OrdinaryComparison();
}
