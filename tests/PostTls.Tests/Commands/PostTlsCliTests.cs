using System.CommandLine;
using PostTls.Cli;
using PostTls.Commands;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Commands;

/// <summary>
/// The command line in process, with captured output, root or not as each test says, with
/// POSTTLS_CONFIG naming an empty file of the test's own. None of them lets <c>filter</c>
/// get as far as reading standard input (that would read the test host's).
/// </summary>
public sealed class PostTlsCliTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly Dictionary<string, string> _environment = [];
    private bool _root;

    public PostTlsCliTests()
    {
        _environment["POSTTLS_CONFIG"] = _directory.WriteFile("default.conf", "");
    }

    public void Dispose()
    {
        _directory.Dispose();
        _output.Dispose();
        _error.Dispose();
    }

    [Theory]
    [InlineData("filter")]
    [InlineData("filter", "--", "bob@example.net")]
    [InlineData("filter", "-f")]
    [InlineData("filter", "-f", "alice@example.org")]
    [InlineData("filter", "--no-such-option", "-f", "alice@example.org", "--", "bob@example.net")]
    public void Run_FilterWithBadArguments_TempFailsWithOneLine(params string[] args)
    {
        var status = Run(args);

        Assert.Equal(ExitCodes.TempFail, status);
        var line = Assert.Single(ErrorLines());
        Assert.StartsWith("posttls filter: ", line, StringComparison.Ordinal);
        AssertNoTrace();
    }

    /// <summary>pipe(8) gives empty client values for local mail; the full parser (here: -f before --config) takes them.</summary>
    [Fact]
    public void Run_FilterWithEmptyClientValuesThroughTheFullParser_ParsesAndGoesOn()
    {
        _root = true;

        var status = Run("filter", "-f", "alice@example.org", "--client-name=", "--client-address=", "--client-helo=", "--config", "/nonexistent.conf",
            "--", "bob@example.net");

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Contains("refusing to run as root", Assert.Single(ErrorLines()), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FilterAsRoot_RefusesWithTempFail()
    {
        _root = true;

        var status = Run("filter", "-f", "alice@example.org", "--", "bob@example.net");

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Contains("refusing to run as root", Assert.Single(ErrorLines()), StringComparison.Ordinal);
        AssertNoTrace();
    }

    /// <summary>decide handles mail from anyone, so like filter it never runs as root; 75 keeps the mail queued.</summary>
    [Fact]
    public void Run_DecideAsRoot_RefusesWithTempFail()
    {
        _root = true;

        var status = Run("decide", "-f", "alice@example.org", "--", "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti@action.example.org");

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Equal("posttls decide: refusing to run as root; run it as user posttls (user=posttls in master.cf)", Assert.Single(ErrorLines()));
        AssertNoTrace();
    }

    /// <summary>pipe(8) with null_sender= passes an empty argument after -f; it must parse.</summary>
    [Fact]
    public void Run_FilterWithEmptySender_Parses()
    {
        _root = true;

        Run("filter", "-f", "", "--", "bob@example.net");

        Assert.Contains("refusing to run as root", _error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Postfix lets recipients start with @: an "@file" argument must stay a recipient, not be
    /// replaced by the file's content. The file here is empty, so expanding it would leave no
    /// recipient and end in a usage error instead of reaching the root check.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_FilterRecipientStartingWithAt_IsNotAResponseFile(bool withDoubleDash)
    {
        _root = true;
        var responseFile = _directory.WriteFile("rsp", "");
        string[] args = withDoubleDash
            ? ["filter", "-f", "alice@example.org", "--", "@" + responseFile]
            : ["filter", "-f", "alice@example.org", "@" + responseFile];

        var status = Run(args);

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Contains("refusing to run as root", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parse_FilterRecipientStartingWithAt_KeepsToken(bool withDoubleDash)
    {
        var token = "@" + _directory.WriteFile("x", "expanded\n");
        string[] args = withDoubleDash ? ["filter", "-f", "a", "--", token] : ["filter", "-f", "a", token];

        var result = PostTlsCli.BuildRootCommand(TestHost.Create(root: false)).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

        Assert.Empty(result.Errors);
        Assert.Equal([token], result.GetValue<string[]>("RECIPIENT") ?? []);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_FilterWithMissingConfigFile_TempFailsNamingIt(bool configBeforeCommand)
    {
        _root = false;
        var config = _directory.File("missing.conf");
        string[] args = configBeforeCommand
            ? ["--config", config, "filter", "-f", "alice@example.org", "--", "bob@example.net"]
            : ["filter", "--config", config, "-f", "alice@example.org", "--", "bob@example.net"];

        var status = Run(args);

        Assert.Equal(ExitCodes.TempFail, status);
        var line = Assert.Single(ErrorLines());
        Assert.Contains(config, line, StringComparison.Ordinal);
        Assert.EndsWith("Postfix will retry", line, StringComparison.Ordinal);
        AssertNoTrace();
    }

    [Fact]
    public void Run_FilterWithBadConfigFromEnvironment_TempFails()
    {
        _root = false;
        _environment["POSTTLS_CONFIG"] = _directory.WriteFile("bad.conf", "no_such_setting = 1\n");

        var status = Run("filter", "-f", "alice@example.org", "--", "bob@example.net");

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Contains("no_such_setting", Assert.Single(ErrorLines()), StringComparison.Ordinal);
        AssertNoTrace();
    }

    /// <summary>The key is checked before standard input is read, so this runs in process safely.</summary>
    [Fact]
    public void Run_FilterWithMissingKey_TempFailsNamingTheKeyFile()
    {
        _root = false;
        var key = _directory.File("missing.key");
        var log = _directory.File("posttls.log");
        var config = _directory.WriteFile("posttls.conf", $"secret_key_file = {key}\nlog_file = {log}\nsendmail_path = /bin/false\n");

        var status = Run("--config", config, "filter", "-f", "alice@example.org", "--", "bob@example.net");

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Contains(key, Assert.Single(ErrorLines()), StringComparison.Ordinal);
        Assert.Contains("warning: cannot read secret key " + key, File.ReadAllText(log), StringComparison.Ordinal);
        AssertNoTrace();
    }

    [Fact]
    public void Run_InitAsNonRoot_ExitsNoPermission()
    {
        _root = false;

        var status = Run("init");

        Assert.Equal(ExitCodes.NoPermission, status);
        Assert.Contains("must be run as root", Assert.Single(ErrorLines()), StringComparison.Ordinal);
        AssertNoTrace();
    }

    [Fact]
    public void Run_CheckAsNonRoot_ExitsNoPermission()
    {
        _root = false;

        var status = Run("check");

        Assert.Equal(ExitCodes.NoPermission, status);
        Assert.Contains("posttls check: must be run as root", Assert.Single(ErrorLines()), StringComparison.Ordinal);
        AssertNoTrace();
    }

    /// <summary>Whether postconf is missing or fails on the directory, Postfix cannot be queried: 75, one line.</summary>
    [Fact]
    public void Run_CheckWithoutUsablePostfix_TempFails()
    {
        _root = true;
        var config = _directory.WriteFile("check.conf", $"postfix_config_directory = {_directory.Path}/no-such-directory\n");

        var status = Run("--config", config, "check");

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.StartsWith("posttls check: cannot query Postfix: ", Assert.Single(ErrorLines()), StringComparison.Ordinal);
        Assert.Empty(_output.ToString());
        AssertNoTrace();
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--no-such-option")]
    [InlineData("init", "--no-such-option")]
    [InlineData("init", "extra-argument")]
    [InlineData]
    public void Run_UsageError_ExitsUsageWithOneLine(params string[] args)
    {
        _root = true;

        var status = Run(args);

        Assert.Equal(ExitCodes.Usage, status);
        var line = Assert.Single(ErrorLines());
        Assert.StartsWith("posttls", line, StringComparison.Ordinal);
        Assert.Contains("--help", line, StringComparison.Ordinal);
        AssertNoTrace();
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Run_Help_ListsCommandsAndExitsZero(string option)
    {
        var status = Run(option);

        Assert.Equal(ExitCodes.Ok, status);
        var help = _output.ToString();
        Assert.Contains("filter", help, StringComparison.Ordinal);
        Assert.Contains("init", help, StringComparison.Ordinal);
        Assert.Contains("--config", help, StringComparison.Ordinal);
        Assert.Empty(_error.ToString());
    }

    [Theory]
    [InlineData("filter", "Example", "master.cf")]
    [InlineData("init", "Examples", "--force")]
    [InlineData("check", "Examples", "posttls check --strict")]
    public void Run_CommandHelp_EndsWithDetailsAndExamples(string command, string heading, string example)
    {
        var status = Run(command, "--help");

        Assert.Equal(ExitCodes.Ok, status);
        var help = _output.ToString();
        Assert.Contains(heading, help, StringComparison.Ordinal);
        Assert.Contains(example, help, StringComparison.Ordinal);
        Assert.True(help.IndexOf(heading, StringComparison.Ordinal) > help.IndexOf("Usage:", StringComparison.Ordinal),
            "the details follow the generated help");
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public void Run_FilterHelpWithoutRequiredArguments_StillShowsHelp()
    {
        var status = Run("filter", "-h");

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Contains("Example", _output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The fast path of the units and cron (RunFastPath) answers as the full parser does.</summary>
    [Theory]
    [InlineData("sweep")]
    [InlineData("apply")]
    public void Run_FastPathOfUnitsAndCron_SameAnswersAsTheParser(string command)
    {
        _root = false;
        var notRootFast = (Run(command), ErrorLines());
        _error.GetStringBuilder().Clear();
        var notRootParsed = (Run(command, "--dry-run"), ErrorLines());
        Assert.Equal(notRootParsed.Item1, notRootFast.Item1);
        Assert.Equal(notRootParsed.Item2, notRootFast.Item2);
        Assert.NotEqual(ExitCodes.Ok, notRootFast.Item1);

        _root = true;
        var missing = _directory.File("missing.conf");
        _error.GetStringBuilder().Clear();
        var missingFast = (Run("--config", missing, command), ErrorLines());
        _error.GetStringBuilder().Clear();
        var missingParsed = (Run("--config", missing, command, "--dry-run"), ErrorLines());
        Assert.Equal(missingParsed.Item1, missingFast.Item1);
        Assert.Equal(missingParsed.Item2, missingFast.Item2);
        Assert.Contains(missing, Assert.Single(missingFast.Item2), StringComparison.Ordinal);
    }

    private int Run(params string[] args) => PostTlsCli.Run(args, TestHost.Create(_root, variables: _environment), _output, _error);

    private string[] ErrorLines() => _error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private void AssertNoTrace()
    {
        var all = _output + _error.ToString();
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", all, StringComparison.Ordinal);
    }
}
