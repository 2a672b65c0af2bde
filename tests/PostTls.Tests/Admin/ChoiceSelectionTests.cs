using PostTls.Admin;
using PostTls.Cli;

namespace PostTls.Tests.Admin;

public sealed class ChoiceSelectionTests
{
    [Theory]
    [InlineData("Q4VMX3KD7BNW2HYE", null, null, "q4vmx3kd7bnw2hye")]
    [InlineData(" q4vmx3kd7bnw2hye ", null, null, "q4vmx3kd7bnw2hye")]
    [InlineData(null, "<anna@Example.ORG>", null, "of anna@example.org")]
    [InlineData(null, "\"john doe\"@example.org", null, "of john doe@example.org")]
    [InlineData(null, "Anna@example.org", "Partner.Example.", "of Anna@example.org for partner.example")]
    [InlineData(null, "anna@example.org", "xn--bcher-kva.example", "of anna@example.org for xn--bcher-kva.example")]
    public void Parse_Accepted_AsStored(string? key, string? sender, string? domain, string expected) =>
        Assert.Equal(expected, ChoiceSelection.Parse("choices revoke", key, sender, domain).ToString());

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(null, null, "partner.example")]
    [InlineData("q4vmx3kd7bnw2hye", "anna@example.org", null)]
    [InlineData("q4vmx3kd7bnw2hye", null, "partner.example")]
    [InlineData("q4vmx3kd7bnw2hy", null, null)]
    [InlineData("q4vmx3kd7bnw2hye1", null, null)]
    [InlineData("q4vmx3kd7bnw2hy0", null, null)]
    [InlineData(null, "", null)]
    [InlineData(null, "<>", null)]
    [InlineData(null, "anna\n@example.org", null)]
    [InlineData(null, "anna@example.org", "b\u00fccher.example")]
    [InlineData(null, "anna@example.org", ".partner.example")]
    [InlineData(null, "anna@example.org", "[192.0.2.1]")]
    public void Parse_Refused_UsageError(string? key, string? sender, string? domain)
    {
        var problem = Assert.Throws<Problem>(() => ChoiceSelection.Parse("choices revoke", key, sender, domain));

        Assert.Equal(ExitCodes.Usage, problem.ExitCode);
        Assert.StartsWith("posttls choices revoke: ", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", problem.Message, StringComparison.Ordinal);
    }
}
