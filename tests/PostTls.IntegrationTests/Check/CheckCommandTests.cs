using System.Text.Json;
using PostTls.Cli;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Check;

/// <summary>
/// posttls check against the real Postfix of the test bed, which is wired from
/// postfix-snippets/: the published binary must find it in order except for the schedule
/// (the bed installs no cron file or timer), and must name each thing broken in a copy.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class CheckCommandTests(PostfixTestBed bed) : IDisposable
{
    private readonly List<ConfigCopy> _copies = [];

    public void Dispose()
    {
        foreach (var copy in _copies)
        {
            copy.Delete();
        }
    }

    [Fact]
    public void Check_TestBed_FindsOnlyTheMissingSchedule()
    {
        var result = Command.Run(bed.Binary, "--config", bed.ConfigFile, "check", "--json");

        var (ok, findings) = Parse(result);
        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.False(ok);
        var error = Assert.Single(findings, f => f.Severity == "error");
        Assert.Equal("schedule", error.Area);
        Assert.StartsWith("nothing runs posttls sweep", error.Text, StringComparison.Ordinal);
        // The bed's own opportunistic transport for plain.test is the only thing that may be intended.
        var warning = Assert.Single(findings, f => f.Severity == "warning");
        Assert.Equal("plain-smtp/unix -o smtp_tls_security_level = may does not enforce TLS", warning.Text);
    }

    [Fact]
    public void Check_TestBedWithTheCronSnippet_IsOk()
    {
        using var cron = new FakeCronDaemon();
        var copy = ScheduledCopy();

        var result = copy.Check();

        Assert.True(result.ExitCode == ExitCodes.Ok, Command.Describe(result));
        Assert.True(result.Output.EndsWith("posttls check: ok (1 warning)\n", StringComparison.Ordinal), result.Output);
    }

    [Fact]
    public void Check_CronFileWithoutCronDaemon_FindsNothingRunsTheSweep()
    {
        var copy = ScheduledCopy();
        // A real cron daemon on the test machine would run the file: say so instead of passing.
        Assert.False(Directory.EnumerateDirectories("/proc").Any(d => File.Exists(d + "/comm") && ReadComm(d) is "cron" or "crond" or "fcron"),
            "a cron daemon runs on this machine; this test needs one without");

        var (ok, findings) = Parse(copy.Check("--json"));

        Assert.False(ok);
        var error = Assert.Single(findings, f => f.Severity == "error");
        Assert.Equal($"nothing runs posttls sweep: {copy.CronFile} is in place, but no cron daemon is running (no cron, crond, fcron process); senders are never notified", error.Text);
    }

    [Fact]
    public void Check_TrialWithOpportunisticTls_IsOkWithAWarning()
    {
        using var cron = new FakeCronDaemon();
        var copy = ScheduledCopy().Main("smtp_tls_security_level", "may");
        copy.PostTlsConfig += "trial_mode = yes\n";

        var result = copy.Check();

        Assert.True(result.ExitCode == ExitCodes.Ok, Command.Describe(result));
        Assert.Contains("posttls check: warning: smtp_tls_security_level = may does not enforce TLS (a trial: trial_mode = yes); when the trial is over, set it to encrypt", result.Output, StringComparison.Ordinal);
        Assert.True(result.Output.EndsWith("posttls check: ok (1 warning)\n", StringComparison.Ordinal), result.Output);
        Assert.Equal(ExitCodes.Config, copy.Check("--strict").ExitCode);
    }

    /// <summary>A copy whose services read its own posttls.conf, and whose cron file runs the sweep with it.</summary>
    private ConfigCopy ScheduledCopy()
    {
        var copy = Copy().WithCronFile();
        return copy.Master(t => t.Replace(bed.ConfigFile, copy.ConfigFile, StringComparison.Ordinal));
    }

    private static string? ReadComm(string directory)
    {
        try
        {
            return File.ReadAllText(directory + "/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return null;
        }
    }

    [Fact]
    public void Check_OpportunisticTls_PrintsTheErrorWithItsFix()
    {
        var copy = Copy().Main("smtp_tls_security_level", "may");

        var result = copy.Check();

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains(
            "posttls check: error: smtp_tls_security_level = may does not enforce TLS; set it to encrypt (or verify, secure, dane-only) in main.cf\n",
            result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    public static TheoryData<string> Breakages => [.. BreakageCases.Keys];

    private static readonly Dictionary<string, (Action<ConfigCopy> Break, string Area, string Text)> BreakageCases = new()
    {
        ["dane"] = (c => c.Main("smtp_tls_security_level", "dane"), "tls", "smtp_tls_security_level = dane enforces TLS only for destinations with DNSSEC-signed TLSA records"),
        ["policy maps"] = (c => c.Main("smtp_tls_policy_maps", "texthash:" + c.Etc + "/main.cf"), "tls", "can lower the TLS level for some destinations"),
        ["no decide service"] = (c => c.RemoveService("posttls-decide"), "decide", "master.cf has no pipe service running posttls decide"),
        ["decide limit"] = (c => c.RemoveMain("posttls-decide_destination_recipient_limit"), "decide", "posttls-decide_destination_recipient_limit = 50"),
        ["filter as root"] = (c => c.Master(t => t.Replace("flags=Rq user=posttls", "flags=Rq user=root", StringComparison.Ordinal)), "filter", "posttls-filter/unix runs as root"),
        ["filter without null_sender"] = (c => c.Master(t => t.Replace(" null_sender=", "", StringComparison.Ordinal)), "filter", "bounces would be reinjected with sender MAILER-DAEMON"),
        ["no content filter"] = (c => c.Master(t => t.Replace("  -o content_filter=posttls-filter:dummy\n", "", StringComparison.Ordinal)), "submission", "no smtpd service passes mail to posttls-filter"),
        ["reinjection listener without its gate"] = (c => c.Master(t => t.Replace("  -o smtpd_helo_required=yes\n", "", StringComparison.Ordinal)), "filter", "does not admit only the secret HELO name"),
        ["no notify listener"] = (c => c.RemoveService("posttls-notify"), "alerts", "master.cf has no posttls-notify unix smtpd service"),
        ["public release socket"] = (c => c.Master(t => t.Replace("posttls-release unix -", "posttls-release unix n", StringComparison.Ordinal)), "release", "posttls-release/unix has private = n"),
        ["release without own cleanup"] = (c => c.Master(t => t.Replace("  -o cleanup_service_name=posttls-release-cleanup\n", "", StringComparison.Ordinal)), "release", "uses the shared cleanup service \"cleanup\""),
        ["release rule for everyone"] = (c => c.Main("header_checks", $"pcre:{c.Bed.Etc}/posttls-release.pcre"), "release", "main.cf header_checks"),
        ["insecure transport requiring TLS"] = (c => c.Master(t => t.Replace("-o smtp_tls_security_level=may\n  -o smtp_tls_policy_maps=", "-o smtp_tls_policy_maps=", StringComparison.Ordinal)), "release", "smtp-insecure/unix runs with smtp_tls_security_level = encrypt"),
        ["insecure transport not stripping"] = (c => c.Master(t => t.Replace("  -o smtp_header_checks=", "  -o smtp_x=", StringComparison.Ordinal)).Main("smtp_header_checks", ""), "release", "does not remove X-PostTLS-Release"),
        ["tag leaves through smtp"] = (c => c.Main("smtp_header_checks", ""), "filter", "smtp/unix smtp_header_checks (none) does not remove X-PostTLS-ID"),
        ["tag leaves through lmtp"] = (c => c.Main("lmtp_header_checks", $"pcre:{c.Bed.Etc}/posttls-release.pcre"), "filter", "/posttls-release.pcre) does not remove X-PostTLS-ID"),
        ["action addresses not routed"] = (c => c.Main("transport_maps", ""), "routing", "is not routed to posttls-decide: transport_maps (none)"),
        ["transport pcre for another host name"] = (c => c.Main("transport_maps", "pcre:" + c.TransportPcre("debian")), "routing",
            "routes posttls-...@debian, but the action domain is mail.posttls.test (Postfix's myhostname); was install.sh run before myhostname was set?"),
        ["action domain local"] = (c => c.Main("mydestination", "$myhostname").Main("local_recipient_maps", "proxy:unix:passwd.byname"), "routing", "mail.posttls.test is in mydestination"),
        ["port 25 open"] = (c => c.Main("smtpd_recipient_restrictions", "permit_mynetworks, reject_unauth_destination"), "routing", "has no check_recipient_access table for the posttls- action addresses"),
        ["key readable by all"] = (c => c.PostTlsConfig += $"secret_key_file = {WorldReadableKey(c)}\n", "files", "is open to every user (mode 0644)"),
        ["spool not posttls's"] = (c => c.PostTlsConfig += $"spool_directory = {c.Directory}\n", "files", $"is not posttls's to write"),
        ["data directory missing"] = (c => c.PostTlsConfig += $"data_directory = {c.Directory}/none\n", "files", "does not exist"),
    };

    /// <summary>Postfix 3.6 and later let local users name any sender while local_login_sender_maps is static:*; older ones have no such map.</summary>
    [Fact]
    public void Check_LocalSendersUnrestricted_WarnedWherePostfixHasTheMap()
    {
        var copy = Copy();
        copy.Main("local_login_sender_maps", "static:*");

        var (_, findings) = Parse(copy.Check("--json"));

        var version = Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-h", "mail_version").EnsureSuccess("postconf mail_version").Output.Trim();
        var hasTheMap = Version.Parse(string.Join('.', version.Split('.').Take(2))) >= new Version(3, 6);
        var warned = findings.Any(f => f.Area == "submission" && f.Severity == "warning"
            && f.Text.Contains("local_login_sender_maps = static:* lets every local user send as anyone", StringComparison.Ordinal));
        Assert.True(warned == hasTheMap, $"Postfix {version}: warned = {warned}; got:\n{string.Join('\n', findings)}");
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Check_BrokenCopy_NamesTheProblem(string name)
    {
        var (breakIt, area, text) = BreakageCases[name];
        var copy = Copy();
        breakIt(copy);

        var result = copy.Check("--json");

        var (ok, findings) = Parse(result);
        Assert.False(ok);
        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.True(findings.Any(f => f.Area == area && f.Text.Contains(text, StringComparison.Ordinal)),
            $"no finding in {area} containing \"{text}\"; got:\n{string.Join('\n', findings)}");
    }

    [Fact]
    public void Check_NotRoot_ExitsNoPermission()
    {
        var result = Command.Run("runuser", "-u", PostfixTestBed.ServiceUser, "--", "env", "-i", bed.Binary, "--config", bed.ConfigFile, "check");

        Assert.Equal(ExitCodes.NoPermission, result.ExitCode);
        Assert.Equal("posttls check: must be run as root", result.Error.Trim());
    }

    [Fact]
    public void Check_PostfixCannotBeQueried_TempFails()
    {
        var copy = Copy();
        copy.PostTlsConfig += $"postfix_config_directory = {copy.Directory}/none\n";

        var result = copy.Check();

        Assert.Equal(ExitCodes.TempFail, result.ExitCode);
        Assert.StartsWith("posttls check: cannot query Postfix: postconf", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    private ConfigCopy Copy()
    {
        var copy = new ConfigCopy(bed);
        _copies.Add(copy);
        return copy;
    }

    private static string WorldReadableKey(ConfigCopy copy)
    {
        var key = Path.Combine(copy.Directory, "secret.key");
        File.Copy(copy.Bed.KeyFile, key);
        Command.Run("chown", "root:" + PostfixTestBed.ServiceUser, key).EnsureSuccess("chown key");
        File.SetUnixFileMode(key, (UnixFileMode)0b110_100_100);
        return key;
    }

    private sealed record JsonFinding(string Severity, string Area, string Text, string Fix)
    {
        public override string ToString() => $"{Severity} [{Area}] {Text}; {Fix}";
    }

    private static (bool Ok, List<JsonFinding> Findings) Parse(Command.Result result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.Output);
            var findings = document.RootElement.GetProperty("findings").EnumerateArray()
                .Select(f => new JsonFinding(f.GetProperty("severity").GetString()!, f.GetProperty("area").GetString()!,
                    f.GetProperty("text").GetString()!, f.GetProperty("fix").GetString()!))
                .ToList();
            return (document.RootElement.GetProperty("ok").GetBoolean(), findings);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"not one JSON document ({e.Message}): {Command.Describe(result)}", e);
        }
    }
}
