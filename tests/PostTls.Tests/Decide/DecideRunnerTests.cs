using System.Text;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Decide;
using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Decide;

public sealed class DecideRunnerTests : IDisposable
{
    private const string MessageKey = "aaisem2ekvthpcez";
    private const string Sender = "alice@posttls.test";
    private const string ActionDomain = "action.posttls.test";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = Now.AddDays(3);
    private static readonly byte[] Key = Enumerable.Range(0, SecretKey.Length).Select(i => (byte)(i * 11 + 5)).ToArray();

    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(Now);
    private readonly MemoryLogSink _log = new();

    public DecideRunnerTests()
    {
        Directory.CreateDirectory(SpoolPath);
    }

    public void Dispose() => _directory.Dispose();

    private string SpoolPath => _directory.File("spool");

    private static string Address(SenderAction action = SenderAction.Release, string sender = Sender, DateTimeOffset? expires = null, byte[]? key = null) =>
        ActionTokens.CreateLocalPart(key ?? Key, action, MessageKey, sender, expires ?? Expires) + "@" + ActionDomain;

    private (int Status, string Output) Run(string sender, params string[] recipients) => RunWithSpool(SpoolPath, sender, recipients);

    private (int Status, string Output) RunWithSpool(string spool, string sender, params string[] recipients)
    {
        var settings = SettingsLoader.FromText("test.conf", $"spool_directory = {spool}\naction_domain = {ActionDomain}\n");
        var output = new StringWriter();
        var input = new MemoryStream(Encoding.ASCII.GetBytes("Subject: please send\n\nsend it\n"));
        var status = new DecideRunner(settings, Key, _clock, _log.Log("posttls/decide")).Run(sender, recipients, input, output);
        Assert.Equal(input.Length, input.Position); // drained, so pipe(8) never sees a broken pipe
        return (status, output.ToString());
    }

    private string[] SpoolFiles() => Directory.GetFiles(SpoolPath);

    private static string OneLine(string output)
    {
        Assert.EndsWith("\n", output, StringComparison.Ordinal);
        var line = output[..^1];
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        return line;
    }

    [Theory]
    [InlineData(nameof(SenderAction.Release))]
    [InlineData(nameof(SenderAction.Delete))]
    public void Run_ValidAction_ExitsZeroAndDropsOneDecision(string actionName)
    {
        var action = Enum.Parse<SenderAction>(actionName);
        var (status, output) = Run(Sender, Address(action));

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal("", output);
        var file = Assert.Single(SpoolFiles());
        Assert.True(DecisionFile.TryParse(File.ReadAllText(file), out var decision));
        Assert.Equal(new DecisionFile(action, MessageKey, Sender, Now), decision);
    }

    [Fact]
    public void Run_SenderDomainInOtherCaseAndAddressUpperCase_Accepted()
    {
        var (status, _) = Run("alice@PostTLS.Test", Address().ToUpperInvariant());

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Single(SpoolFiles());
    }

    [Fact]
    public void Run_LastMinuteBeforeExpiry_Accepted()
    {
        _clock.Now = Expires;

        Assert.Equal(ExitCodes.Ok, Run(Sender, Address()).Status);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "plain address", "postmaster@" + ActionDomain },
        { "no local part", "@" + ActionDomain },
        { "no at sign", "posttls-send" },
        { "empty", "" },
        { "unknown action word", Address().Replace("posttls-send-", "posttls-keep-", StringComparison.Ordinal) },
        { "key cut short", Address().Remove(14, 1) },
        { "MAC cut short", Address().Remove(Address().IndexOf('@') - 1, 1) },
        { "expiry with leading zero", Address().Replace("-" + MessageKey + "-", "-" + MessageKey + "-0", StringComparison.Ordinal) },
        { "extra part", Address().Replace("@", "-x@", StringComparison.Ordinal) },
        { "non-ASCII", Address().Replace("posttls-send", "posttls-sénd", StringComparison.Ordinal) },
        { "control character", Address().Replace("posttls-", "posttls-\n", StringComparison.Ordinal) },
        { "too long", "posttls-send-" + new string('a', 70) + "@" + ActionDomain },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Run_MalformedAddress_Rejects511OneLineNothingDropped(string why, string address)
    {
        var (status, output) = Run(Sender, address);

        Assert.True(status == ExitCodes.NoPermission, $"{why}: exit {status}");
        Assert.Equal(DecideRunner.Rejected, status);
        Assert.StartsWith("5.1.1 ", OneLine(output), StringComparison.Ordinal);
        Assert.Empty(SpoolFiles());
    }

    public static TheoryData<string, string, string, string> Refused => new()
    {
        // case, envelope sender, action address, a word the line must contain
        { "forged with another key", Sender, Address(key: Enumerable.Repeat((byte)1, SecretKey.Length).ToArray()), "not issued" },
        { "issued to another sender", "mallory@posttls.test", Address(), "not issued to <mallory@posttls.test>" },
        { "local part in other case", "Alice@posttls.test", Address(), "not issued" },
        { "send swapped for delete", Sender, Address(SenderAction.Release).Replace("posttls-send-", "posttls-delete-", StringComparison.Ordinal), "altered" },
        { "delete swapped for send", Sender, Address(SenderAction.Delete).Replace("posttls-delete-", "posttls-send-", StringComparison.Ordinal), "altered" },
        { "another message key", Sender, Address().Replace(MessageKey, "bbbbbbbbbbbbbbbb", StringComparison.Ordinal), "altered" },
        { "expiry moved", Sender, MoveExpiry(Address(), 1), "altered" },
        { "expired", Sender, Address(expires: Now.AddMinutes(-2)), "expired on 2026-11-22 09:58 UTC" },
        { "null sender", "", Address(), "null sender" },
    };

    private static string MoveExpiry(string address, int minutes)
    {
        var parts = address.Split('-');
        parts[3] = (long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) + minutes).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('-', parts);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Run_RefusedAction_Rejects571OneLineNothingDropped(string why, string sender, string address, string expected)
    {
        var (status, output) = Run(sender, address);

        Assert.True(status == DecideRunner.Rejected, $"{why}: exit {status}");
        var line = OneLine(output);
        Assert.StartsWith("5.7.1 Nothing was done: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public void Run_AlreadyCarriedOut_Rejects571NamingTheOutcome()
    {
        new DecisionSpool(SpoolPath).MarkDone(MessageKey, "deleted by sender:alice@posttls.test");

        var (status, output) = Run(Sender, Address(SenderAction.Release));

        Assert.Equal(DecideRunner.Rejected, status);
        var line = OneLine(output);
        Assert.StartsWith("5.7.1 ", line, StringComparison.Ordinal);
        Assert.Contains("already carried out: deleted by sender:alice@posttls.test", line, StringComparison.Ordinal);
        Assert.DoesNotContain(SpoolFiles(), f => f.EndsWith(DecisionFile.Suffix, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_TwoRecipients_Problem75NothingDropped()
    {
        var problem = Assert.Throws<Problem>(() => Run(Sender, Address(), Address(SenderAction.Delete)));

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains("exactly one recipient", problem.Message, StringComparison.Ordinal);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public void Run_NoRecipient_Problem75()
    {
        var problem = Assert.Throws<Problem>(() => Run(Sender, Array.Empty<string>()));

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
    }

    [Fact]
    public void Run_SpoolUnderAFile_Problem75NamingTheSpool()
    {
        var file = _directory.WriteFile("not-a-directory", "x");
        var spool = Path.Combine(file, "spool");

        var problem = Assert.Throws<Problem>(() => RunWithSpool(spool, Sender, Address()));

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains(spool, problem.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Run_SpoolMissing_Problem75()
    {
        var problem = Assert.Throws<Problem>(() => RunWithSpool(_directory.File("missing"), Sender, Address()));

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.False(Directory.Exists(_directory.File("missing")));
    }

    [Fact]
    public void Run_Rejected_LogsSenderAndWhy()
    {
        Run("mallory@posttls.test", Address());

        var line = Assert.Single(_log.Lines);
        Assert.Contains("from=<mallory@posttls.test>", line, StringComparison.Ordinal);
        Assert.Contains("rejected", line, StringComparison.Ordinal);
    }
}
