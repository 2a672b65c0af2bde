using PostTls.Cli;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Commands;

/// <summary>What every administrator's command shares: root only, help with examples.</summary>
public sealed class AdminCommandsTests : IDisposable
{
    private readonly AdminCommandHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string[]> Invocations =>
    [
        ["list"],
        ["list", "--all", "--json"],
        ["show", "4B7C81E2A3"],
        ["release", "4B7C81E2A3"],
        ["delete", "--dry-run", "4B7C81E2A3"],
        ["return", "4B7C81E2A3"],
        ["log", "--since", "1h"],
        ["stats", "--prometheus"],
    ];

    public static TheoryData<string> Names => ["list", "show", "release", "delete", "return", "log", "stats"];

    [Theory]
    [MemberData(nameof(Invocations))]
    public void Run_NotRoot_NoPermissionBeforeAnythingElse(string[] args)
    {
        _cli.Host = TestHost.Create(root: false);
        Directory.Delete(_cli.DataDirectory); // would be a configuration error if it got that far

        var status = _cli.Run(args);

        Assert.Equal(ExitCodes.NoPermission, status);
        Assert.Equal($"posttls {args[0]}: must be run as root", Assert.Single(_cli.ErrorLines()));
        Assert.Empty(_cli.Output.ToString());
    }

    [Fact]
    public void Run_NotRootWithBadSince_StillNoPermission()
    {
        _cli.Host = TestHost.Create(root: false);

        Assert.Equal(ExitCodes.NoPermission, _cli.Run("log", "--since", "soon"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_Help_EndsWithExamples(string command)
    {
        var status = _cli.Run(command, "--help");

        Assert.Equal(ExitCodes.Ok, status);
        var help = _cli.Output.ToString();
        Assert.Contains("Examples:", help, StringComparison.Ordinal);
        Assert.Contains("  posttls " + command, help, StringComparison.Ordinal);
        Assert.True(help.IndexOf("Examples:", StringComparison.Ordinal) > help.IndexOf("Usage:", StringComparison.Ordinal));
        Assert.Empty(_cli.Error.ToString());
    }

    [Fact]
    public void Run_RootHelp_ListsEveryAdminCommand()
    {
        _cli.Run("--help");

        var help = _cli.Output.ToString();
        foreach (var command in Names)
        {
            Assert.Contains($"  {command} ", help, StringComparison.Ordinal);
        }
    }
}
