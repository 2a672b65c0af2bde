using System.Text;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Decide;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Decide;

/// <summary>
/// A decision belongs to a person: with the SASL login pipe(8) passes (${sasl_username}),
/// decide accepts an action only when that login owns the original sender. A forwarded
/// notice is of no use to another user who logs in, whatever envelope sender he claims.
/// </summary>
public sealed class DecideRunnerLoginTests : IDisposable
{
    private const string MessageKey = "aaisem2ekvthpcez";
    private const string Sender = "alice@posttls.test";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = Enumerable.Range(0, SecretKey.Length).Select(i => (byte)(i * 13 + 1)).ToArray();

    private readonly TempDirectory _directory = new();
    private readonly MemoryLogSink _log = new();
    private readonly FakePostfixQueue _postfix = new()
    {
        ParameterValues =
        {
            ["smtpd_sender_login_maps"] = "",
            ["myorigin"] = "mail.posttls.test",
            ["mydestination"] = "posttls.test",
            ["recipient_delimiter"] = "",
        },
    };

    public DecideRunnerLoginTests() => Directory.CreateDirectory(_directory.File("spool"));

    public void Dispose() => _directory.Dispose();

    private static string Address(string sender = Sender) =>
        ActionTokens.CreateLocalPart(Key, SenderAction.Release, MessageKey, sender, Now.AddDays(3)) + "@mail.posttls.test";

    private (int Status, string Output) Run(string sender, string? login, string? address = null)
    {
        var settings = SettingsLoader.FromText("test.conf", $"spool_directory = {_directory.File("spool")}\n");
        var output = new StringWriter();
        var input = new MemoryStream(Encoding.ASCII.GetBytes("Subject: decision\n\n"));
        var status = new DecideRunner(settings, Key, new ManualClock(Now), _log.Log("posttls/decide"), () => _postfix)
            .Run(sender, [address ?? Address()], input, output, login);
        return (status, output.ToString());
    }

    private string[] SpoolFiles() => Directory.GetFiles(_directory.File("spool"), "*.decision");

    [Theory]
    [InlineData("alice@posttls.test")]
    [InlineData("alice")]
    [InlineData("ALICE@posttls.test")]
    public void Run_LoginOwnsTheSender_Accepted(string login)
    {
        var (status, output) = Run(Sender, login);

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal("", output);
        Assert.Single(SpoolFiles());
        Assert.Contains(_log.Lines, l => l.Contains($"login={login}, action=release, accepted", StringComparison.Ordinal));
    }

    /// <summary>bob holds alice's forwarded notice and claims her address as envelope sender: the MAC passes, the login does not.</summary>
    [Theory]
    [InlineData("bob")]
    [InlineData("bob@posttls.test")]
    [InlineData("alice@posttls.test.evil")]
    public void Run_AnotherUsersLogin_BouncesWithOneLineAndDropsNothing(string login)
    {
        var result = Run(Sender, login);

        DecideCall.AssertRefused(result);
        Assert.Equal($"5.7.1 Nothing was done: you are logged in as {login}, which does not own <{Sender}>; "
            + "only the sender of the original message can use this action address.\n", result.Output);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public void Run_AnotherUsersLoginByTheMap_Bounces()
    {
        _postfix.ParameterValues["smtpd_sender_login_maps"] = "hash:/etc/postfix/senders";
        _postfix.Maps["hash:/etc/postfix/senders"] = key => key == Sender ? "alice-login" : null;

        Assert.Equal(ExitCodes.Ok, Run(Sender, "alice-login").Status);
        DecideCall.AssertRefused(Run(Sender, "alice"));
        Assert.Contains(_log.Lines, l => l.Contains("smtpd_sender_login_maps owners: alice-login", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Run_NoLogin_EnvelopeSenderAloneDecides_NoPostfixLookups(string? login)
    {
        Assert.Equal(ExitCodes.Ok, Run(Sender, login).Status);
        Assert.Empty(_postfix.Calls);
    }

    [Fact]
    public void Run_ForgedAddressWithLogin_RefusedForTheForgeryBeforeAnyLookup()
    {
        var result = Run("bob@posttls.test", "bob@posttls.test");

        DecideCall.AssertRefused(result);
        Assert.Contains("was not issued to <bob@posttls.test>", result.Output, StringComparison.Ordinal);
        Assert.Empty(_postfix.Calls);
    }

    [Fact]
    public void Run_OwnersCannotBeLookedUp_TempFailsAndDropsNothing()
    {
        _postfix.ParameterValues["smtpd_sender_login_maps"] = "hash:/etc/postfix/unreadable";

        var problem = Assert.Throws<Problem>(() => Run(Sender, "alice"));

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains("cannot tell whether login alice owns <alice@posttls.test>", problem.Message, StringComparison.Ordinal);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public void Run_HostileLogin_OnePrintableLine()
    {
        var result = Run(Sender, "bob\r\nposttls/decide[1]: accepted\u202E");

        DecideCall.AssertRefused(result);
        Assert.All(_log.Lines, line => Assert.DoesNotContain(line, c => char.IsControl(c) || c == '\u202E'));
    }
}
