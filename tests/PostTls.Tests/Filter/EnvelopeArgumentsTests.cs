using PostTls.Filter;

namespace PostTls.Tests.Filter;

public sealed class EnvelopeArgumentsTests
{
    public static TheoryData<string, string[]> Acceptable => new()
    {
        { "alice@example.org", ["bob@example.net"] },
        { "", ["bob@example.net"] },
        { "alice@example.org", ["bob@example.net", "carol@example.net"] },
        { "alice@example.org", ["@x"] },
        { "alice@example.org", ["\"john smith\"@example.net"] },
        { "-alice@example.org", ["bob@example.net"] },
        { "alice@example.org", ["bob-@example.net"] },
    };

    public static TheoryData<string, string[], string> Unacceptable => new()
    {
        { "alice@example.org", [], "no recipient" },
        { "alice@example.org", ["-oQ/tmp"], "-oQ/tmp" },
        { "alice@example.org", ["bob@example.net", "-t"], "-t" },
        { "alice@example.org", [""], "unusable recipient" },
        { "alice@example.org", ["bob@example.net\nX-Injected: yes"], "bob@example.net?X-Injected" },
        { "alice@example.org", ["bob\0@example.net"], "bob?@example.net" },
        { "alice@example.org\r\n", ["bob@example.net"], "sender" },
        { new string('a', 1025), ["bob@example.net"], "too long" },
        { "alice@example.org", [new string('b', 1025)], "unusable recipient" },
    };

    [Theory]
    [MemberData(nameof(Acceptable))]
    public void Check_UsableEnvelope_ReturnsNull(string sender, string[] recipients)
    {
        Assert.Null(EnvelopeArguments.Check(sender, recipients));
    }

    [Theory]
    [MemberData(nameof(Unacceptable))]
    public void Check_UnusableEnvelope_SaysWhy(string sender, string[] recipients, string expectedText)
    {
        var problem = EnvelopeArguments.Check(sender, recipients);

        Assert.NotNull(problem);
        Assert.Contains(expectedText, problem, StringComparison.Ordinal);
    }
}
