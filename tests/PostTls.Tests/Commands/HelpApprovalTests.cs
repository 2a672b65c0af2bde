using System.CommandLine;
using PostTls.Commands;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Commands;

/// <summary>
/// Every command's --help is pinned by an approved file under tests/PostTls.Tests/Commands/Approved.
/// A change shows up as a failing test with a .received file beside the approved one: look at
/// it, and if it is right, move it over the approved file.
/// </summary>
public sealed class HelpApprovalTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string> { "" };
        foreach (var path in Paths(PostTlsCli.BuildRootCommand(TestHost.Create(root: true)), ""))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_MatchesTheApprovedText(string command)
    {
        var output = new StringWriter();
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();

        Assert.Equal(0, PostTlsCli.Run(args, TestHost.Create(root: true), output, new StringWriter()));

        var name = (command.Length == 0 ? "posttls" : "posttls-" + command.Replace(' ', '-')) + ".help.txt";
        var approved = RepositoryFiles.Path("tests", "PostTls.Tests", "Commands", "Approved", name);
        // In a test the executable is the test host; installed, it is posttls.
        var received = output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("Usage:\n  " + RootCommand.ExecutableName, "Usage:\n  posttls", StringComparison.Ordinal);
        if (!File.Exists(approved) || File.ReadAllText(approved) != received)
        {
            File.WriteAllText(Path.ChangeExtension(approved, ".received.txt"), received);
            Assert.Fail($"--help of \"posttls {command}\" differs from {approved}; see the .received.txt beside it");
        }
    }

    private static IEnumerable<string> Paths(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var path = (prefix + " " + sub.Name).Trim();
            yield return path;
            foreach (var deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }
}
