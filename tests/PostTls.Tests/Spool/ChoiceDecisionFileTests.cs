using System.Text;
using PostTls.Spool;
using PostTls.Tagging;

namespace PostTls.Tests.Spool;

/// <summary>Decision files for remembered choices: remember (with its domain digest) and forget.</summary>
public sealed class ChoiceDecisionFileTests
{
    private const string Key = "aaisem2ekvthpcez";
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 49, 46, TimeSpan.Zero);

    [Theory]
    [InlineData(nameof(TokenPurpose.Remember), "abcdef", "remember")]
    [InlineData(nameof(TokenPurpose.Forget), null, "forget")]
    public void SerializeThenTryParse_SameDecision_NamedForItsPurpose(string purposeName, string? digest, string word)
    {
        var purpose = Enum.Parse<TokenPurpose>(purposeName);
        var decision = new DecisionFile(SenderAction.Release, Key, "alice@posttls.test", At, purpose, digest);

        Assert.True(DecisionFile.TryParse(Encoding.UTF8.GetString(decision.Serialize()), out var parsed));
        Assert.Equal(decision, parsed);
        Assert.Contains($"-{word}-", decision.FileName("x"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("remember", "")]                      // a remember names its domain
    [InlineData("release", "domain=abcdef\n")]      // nothing else does
    [InlineData("forget", "domain=abcdef\n")]
    [InlineData("remember", "domain=ABC!EF\n")]     // base32 only
    [InlineData("remember", "domain=\n")]
    public void TryParse_DomainFieldOutOfPlace_Refused(string action, string domain) =>
        Assert.False(DecisionFile.TryParse($"action={action}\nkey={Key}\nsender=alice@posttls.test\ndecided_at=1795340986\n{domain}", out _));
}
