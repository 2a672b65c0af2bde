using System.Text;
using System.Text.RegularExpressions;
using PostTls.Cli;
using PostTls.Filter;
using PostTls.Headers;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Filter;

/// <summary>Each corpus message through a real child process: a fake sendmail that captures what it gets.</summary>
[Collection(ChildProcessCollection.Name)]
public sealed partial class FilterRunnerTests
{
    private static readonly string[] Recipients = ["bob@example.net", "carol@example.net"];

    public static TheoryData<string> Corpus => FilterCorpus.Names;

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Run_CorpusMessage_SendmailGetsExpectedBytesArgumentsAndLogLine(string name)
    {
        using var harness = new FilterHarness();
        var input = FilterCorpus.Input(name);
        var (decision, removed) = FilterCorpus.Cases[name];

        var status = harness.Run(FilterCorpus.Sender, Recipients, input);

        Assert.Equal(ExitCodes.Ok, status);
        var captured = harness.Captured();
        var tag = TagIn(captured, FilterCorpus.RawExpected(name));
        if (decision == TagDecision.Tag)
        {
            Assert.True(MessageTag.Check(harness.Key, tag, FilterCorpus.Sender, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)) == TagStatus.Valid,
                $"tag \"{tag}\" does not verify for <{FilterCorpus.Sender}>");
        }

        ByteAssert.Equal(FilterCorpus.Expected(name, tag ?? ""), captured);
        Assert.Equal(
            ["-C", FilterHarness.ConfigDirectory, "-G", "-i", "-f", FilterCorpus.Sender, "--", .. Recipients],
            harness.Arguments());
        var removedText = removed > 0 ? $", removed {removed} forged X-PostTLS header field(s)" : "";
        Assert.Equal(
            $"{tag ?? "untagged"}: from=<{FilterCorpus.Sender}>, nrcpt=2, size={input.Length}, {FilterCorpus.LogWhat(decision)}{removedText}",
            SingleLogMessage(harness));
    }

    [Fact]
    public void Run_NullSender_ReinjectsUntaggedWithEmptySenderArgument()
    {
        using var harness = new FilterHarness();
        var input = "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\n\nbounce\n"u8.ToArray();

        var status = harness.Run("", ["alice@example.org"], input);

        Assert.Equal(ExitCodes.Ok, status);
        ByteAssert.Equal(input, harness.Captured());
        Assert.Equal(["-C", FilterHarness.ConfigDirectory, "-G", "-i", "-f", "", "--", "alice@example.org"], harness.Arguments());
        Assert.Equal($"untagged: from=<>, nrcpt=1, size={input.Length}, reinjected untagged (null sender)", SingleLogMessage(harness));
    }

    [Fact]
    public void Run_RecipientStartingWithAt_IsPassedLiterally()
    {
        using var harness = new FilterHarness();

        var status = harness.Run(FilterCorpus.Sender, ["@x", "@/etc/passwd"], "Subject: x\n\nbody\n"u8.ToArray());

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal(["-C", FilterHarness.ConfigDirectory, "-G", "-i", "-f", FilterCorpus.Sender, "--", "@x", "@/etc/passwd"],
            harness.Arguments());
    }

    [Fact]
    public void Run_HeaderBlockOverOneMegabyte_PassesThroughUntaggedAndWarns()
    {
        using var harness = new FilterHarness();
        var field = "X-Filler: " + new string('f', 1000) + "\n";
        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(field, 1100)) + "\nbody\n");

        var status = harness.Run(FilterCorpus.Sender, ["bob@example.net"], input);

        Assert.Equal(ExitCodes.Ok, status);
        ByteAssert.Equal(input, harness.Captured());
        var log = harness.Log();
        Assert.Contains($"warning: from=<{FilterCorpus.Sender}>: header block larger than {HeaderBlockReader.DefaultLimit} bytes", log, StringComparison.Ordinal);
        Assert.Contains($"untagged: from=<{FilterCorpus.Sender}>, nrcpt=1, size={input.Length}, reinjected untagged (header block over the size limit)", log, StringComparison.Ordinal);
    }

    /// <summary>The tag where the expected output has its placeholder, or null when it has none.</summary>
    private static string? TagIn(byte[] captured, byte[] rawExpected)
    {
        var (prefix, suffix) = FilterCorpus.Split(rawExpected);
        if (suffix is null)
        {
            return null;
        }

        var length = captured.Length - prefix.Length - suffix.Length;
        Assert.True(length > 0, $"captured message too short: {ByteAssert.Show(captured)}");
        ByteAssert.Equal(prefix, captured[..prefix.Length]);
        return Encoding.ASCII.GetString(captured, prefix.Length, length);
    }

    /// <summary>The text of the only log line, after checking the Postfix-style prefix <c>Mmm dd hh:mm:ss host posttls/filter[PID]: </c>.</summary>
    private static string SingleLogMessage(FilterHarness harness)
    {
        var line = Assert.Single(harness.LogLines());
        var match = LogLinePattern().Match(line);
        Assert.True(match.Success, $"log line not in Postfix format: {line}");
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), match.Groups["pid"].Value);
        return match.Groups["message"].Value;
    }

    [GeneratedRegex(@"^[A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] \S+ posttls/filter\[(?<pid>[0-9]+)\]: (?<message>.*)$")]
    private static partial Regex LogLinePattern();
}
