using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Text;

/// <summary>
/// A right-to-left override in outside text reaches no person through any layer: log lines,
/// configuration errors, header fields of notices (terminal output: ListCommandTests).
/// </summary>
public sealed class SafeTextEverywhereTests
{
    private const string Override = "\u202E";
    private const string Hostile = "invoice" + Override + "fdp.exe\u2066\u200F";

    [Fact]
    public void MailLog_HostileText_NoFormatCharactersInTheLine()
    {
        var sink = new MemoryLogSink();
        var log = sink.Log("posttls/sweep");

        log.Info($"from=<{Hostile}@example.org>");
        log.Warning(Hostile);
        log.Error(Hostile);

        Assert.Equal(["from=<invoicefdp.exe@example.org>", "warning: invoicefdp.exe", "error: invoicefdp.exe"], sink.Lines);
    }

    [Fact]
    public void ConfigError_HostileValue_NoFormatCharactersInTheMessage()
    {
        var error = Assert.Throws<ConfigException>(() => SettingsLoader.FromText("test.conf", $"data_directory = rel{Override}ative\n"));

        Assert.DoesNotContain(Override, error.Message, StringComparison.Ordinal);
        Assert.Contains("relative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectField_HostileSubject_NoFormatCharactersInTheHeader()
    {
        var raw = PostTls.Tests.Notify.NoticeSamples.Composer().ComposeConfirmation(new Confirmation(
            ConfirmationOutcome.Deleted, "alice@example.org", "Re: " + Hostile, null, [], [], null));

        Assert.Contains("\r\nSubject: Deleted: Re: invoicefdp.exe\r\n", System.Text.Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
    }
}
