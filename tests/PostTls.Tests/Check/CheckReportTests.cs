using System.Text.Json;
using PostTls.Check;
using PostTls.Cli;

namespace PostTls.Tests.Check;

public sealed class CheckReportTests
{
    private static readonly Finding TlsError = Finding.Error(CheckArea.Tls,
        "smtp_tls_security_level = may does not enforce TLS", "set it to encrypt (or verify, secure, dane-only) in main.cf");

    private static readonly Finding TimerWarning = Finding.Warning(CheckArea.Schedule,
        "both /etc/cron.d/posttls and posttls-sweep.timer run posttls sweep", "keep one");

    [Fact]
    public void Write_Clean_PrintsOkAndExitsZero()
    {
        var (status, lines) = Human([], strict: false);

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal(["posttls check: ok"], lines);
    }

    [Fact]
    public void Write_Error_PrintsTextAndFixOnOneLineAndExitsConfig()
    {
        var (status, lines) = Human([TlsError, TimerWarning], strict: false);

        Assert.Equal(ExitCodes.Config, status);
        Assert.Equal(
            [
                "posttls check: error: smtp_tls_security_level = may does not enforce TLS; set it to encrypt (or verify, secure, dane-only) in main.cf",
                "posttls check: warning: both /etc/cron.d/posttls and posttls-sweep.timer run posttls sweep; keep one",
                "posttls check: 1 error, 1 warning",
            ],
            lines);
    }

    [Fact]
    public void Write_OnlyWarnings_PassesAndSaysSo()
    {
        var (status, lines) = Human([TimerWarning], strict: false);

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal("posttls check: ok (1 warning)", lines[^1]);
    }

    [Fact]
    public void Write_OnlyWarningsStrict_Fails()
    {
        var (status, lines) = Human([TimerWarning, TimerWarning with { Text = "another" }], strict: true);

        Assert.Equal(ExitCodes.Config, status);
        Assert.Equal("posttls check: 0 errors, 2 warnings (--strict)", lines[^1]);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Write_Json_IsOneDocumentWithStableFields(bool strict, bool ok)
    {
        var output = new StringWriter();

        var status = CheckReport.Write([TimerWarning], strict, json: true, output);

        using var document = JsonDocument.Parse(output.ToString());
        var root = document.RootElement;
        Assert.Equal(ok, root.GetProperty("ok").GetBoolean());
        Assert.Equal(ok ? ExitCodes.Ok : ExitCodes.Config, status);
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray().ToList());
        Assert.Equal(["severity", "area", "text", "fix"], finding.EnumerateObject().Select(p => p.Name));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal("schedule", finding.GetProperty("area").GetString());
        Assert.Equal(TimerWarning.Text, finding.GetProperty("text").GetString());
        Assert.Equal("keep one", finding.GetProperty("fix").GetString());
    }

    [Fact]
    public void Write_JsonClean_HasEmptyFindings()
    {
        var output = new StringWriter();

        CheckReport.Write([], strict: false, json: true, output);

        using var document = JsonDocument.Parse(output.ToString());
        Assert.True(document.RootElement.GetProperty("ok").GetBoolean());
        Assert.Empty(document.RootElement.GetProperty("findings").EnumerateArray());
    }

    private static (int Status, string[] Lines) Human(IReadOnlyList<Finding> findings, bool strict)
    {
        var output = new StringWriter();
        var status = CheckReport.Write(findings, strict, json: false, output);
        return (status, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
