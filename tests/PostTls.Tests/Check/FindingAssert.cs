using PostTls.Check;

namespace PostTls.Tests.Check;

internal static class FindingAssert
{
    /// <summary>Exactly one finding, of that severity and area, whose text contains <paramref name="text"/>.</summary>
    public static Finding Single(IReadOnlyList<Finding> findings, Severity severity, string area, string text)
    {
        var finding = Assert.Single(findings);
        Assert.True(finding.Severity == severity && finding.Area == area && finding.Text.Contains(text, StringComparison.Ordinal),
            $"expected one {severity} in {area} containing \"{text}\"; got: {finding}");
        Assert.False(string.IsNullOrWhiteSpace(finding.Fix), "a finding without a fix: " + finding);
        return finding;
    }

    /// <summary>Some finding of that severity and area contains <paramref name="text"/>.</summary>
    public static Finding Contains(IReadOnlyList<Finding> findings, Severity severity, string area, string text) =>
        findings.FirstOrDefault(f => f.Severity == severity && f.Area == area && f.Text.Contains(text, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no {severity} in {area} containing \"{text}\"; got:\n{string.Join('\n', findings)}");

    public static void None(IReadOnlyList<Finding> findings) =>
        Assert.True(findings.Count == 0, "expected no findings; got:\n" + string.Join('\n', findings));
}
