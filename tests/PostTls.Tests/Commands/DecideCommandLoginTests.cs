using System.CommandLine;
using PostTls.Commands;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Commands;

/// <summary>Whatever login pipe(8) passes as the word after --login is taken as the login, never as an option or the end of the options.</summary>
public sealed class DecideCommandLoginTests
{
    [Theory]
    [InlineData("")]
    [InlineData("bob")]
    [InlineData("-f")]
    [InlineData("--")]
    [InlineData("--login")]
    [InlineData("a b")]
    [InlineData("--help")]
    [InlineData("-?")]
    [InlineData("--config")]
    public void Parse_LoginAsPipeGivesIt_TakenAsIs(string login)
    {
        var result = new DecideCommand(TestHost.Create(root: false)).Parse(DecideCommand.JoinLogin(["-f", "alice@example.org", "--login", login, "--", "posttls-send-x@example.org"]),
            new ParserConfiguration { ResponseFileTokenReplacer = null });

        Assert.Empty(result.Errors);
        Assert.Equal(login, result.GetValue<string>("--login"));
        Assert.Equal(["posttls-send-x@example.org"], result.GetValue<string[]>("RECIPIENT") ?? []);
    }
}
