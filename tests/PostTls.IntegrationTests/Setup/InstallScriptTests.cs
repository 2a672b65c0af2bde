using PostTls.Check;
using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Setup;

/// <summary>
/// install.sh and uninstall.sh in a scratch root, in the order a new administrator takes on a
/// stock Debian (issue 14, section 2): install before myhostname is set, set it, install again;
/// a table edited by hand; the printed next steps for Debian's master.cf and a Postfix that is
/// not running yet.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class InstallScriptTests(PostfixTestBed bed) : IDisposable
{
    private const string HostName = "mail.stumble.test";
    private const string EscapedHostName = @"mail\.stumble\.test";
    private readonly ScratchInstall _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Install_BeforeMyhostnameIsSet_WarnsAndTheNextRunRepairsTheTable()
    {
        var defaultName = _scratch.Parameter("myhostname");

        var first = _scratch.Install(bed.Binary);

        Assert.True(first.ExitCode == 0, Command.Describe(first));
        Assert.Contains($"warning: myhostname is not set in {_scratch.Etc}/main.cf, or not a name the internet knows: Postfix calls itself {defaultName}", first.Output, StringComparison.Ordinal);
        Assert.Contains("@" + defaultName.Replace(".", @"\.", StringComparison.Ordinal) + "$/ posttls-decide:", File.ReadAllText(_scratch.Table("posttls-transport.pcre")), StringComparison.Ordinal);
        Assert.NotEqual("posttls-decide:", Route(HostName));

        _scratch.Main("myhostname", HostName);
        var second = _scratch.Install(bed.Binary);

        Assert.True(second.ExitCode == 0, Command.Describe(second));
        Assert.Contains($"updated {_scratch.Table("posttls-transport.pcre")}", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning: myhostname", second.Output, StringComparison.Ordinal);
        Assert.Equal("posttls-decide:", Route(HostName));
    }

    [Fact]
    public void Install_TableEditedByHand_SaysWhatItLacksAndPurgeRemovesIt()
    {
        _scratch.Main("myhostname", "debian");
        var first = _scratch.Install(bed.Binary);
        Assert.Contains("Postfix calls itself debian", first.Output, StringComparison.Ordinal);
        var table = _scratch.Table("posttls-transport.pcre");
        _scratch.Main("myhostname", HostName);

        // The administrator adds a comment, but the host name is still the old one.
        File.AppendAllText(table, "# edited\n");
        var stale = _scratch.Install(bed.Binary);
        Assert.Contains($"kept {table} (it exists, and not as install.sh wrote it)", stale.Output, StringComparison.Ordinal);
        Assert.Contains($"it does not route the action addresses of {HostName}: edit its line to end in @{EscapedHostName}$/", stale.Output, StringComparison.Ordinal);

        File.WriteAllText(table, File.ReadAllText(table).Replace("@debian$/", $"@{EscapedHostName}$/", StringComparison.Ordinal));
        var edited = _scratch.Install(bed.Binary);
        Assert.Contains($"kept {table} (it exists, and not as install.sh wrote it)", edited.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("does not route", edited.Output, StringComparison.Ordinal);
        Assert.Equal("posttls-decide:", Route(HostName));

        var uninstall = _scratch.Uninstall();
        Assert.True(uninstall.ExitCode == 0, Command.Describe(uninstall));
        Assert.Contains($"kept {table}: changed since install.sh created it (--purge removes it)", uninstall.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(table));
        Assert.False(File.Exists(_scratch.Table("posttls-actions.pcre")), "an unchanged table stays after uninstall.sh");

        var purge = _scratch.Uninstall("--purge");

        Assert.True(purge.ExitCode == 0, Command.Describe(purge));
        Assert.Contains($"removed {table}", purge.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(table), "the table install.sh created stays after --purge");
        Assert.False(Directory.Exists(_scratch.DataDirectory));
        Assert.False(File.Exists(_scratch.ConfigFile));
    }

    [Fact]
    public void Uninstall_OwnSweepCronFileStillThere_RefusesAndNamesIt()
    {
        _scratch.Main("myhostname", HostName);
        var install = _scratch.Install(bed.Binary);
        Assert.True(install.ExitCode == 0, Command.Describe(install));
        var cronFile = Path.Combine(_scratch.Root, "cron.d-second-instance");
        File.WriteAllText(cronFile, "* * * * * root /usr/local/bin/posttls sweep --config /etc/posttls/second.conf\n");
        File.AppendAllText(_scratch.ConfigFile, $"sweep_cron_file = {cronFile}\n");

        var refused = _scratch.Uninstall();

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{cronFile} runs the sweep: rm {cronFile}", refused.Error, StringComparison.Ordinal);
        File.Delete(cronFile);
        var uninstall = _scratch.Uninstall();
        Assert.True(uninstall.ExitCode == 0, Command.Describe(uninstall));
    }

    [Fact]
    public void Install_StockDebian_NextStepsFitIt()
    {
        _scratch.Main("myhostname", HostName);

        var result = _scratch.Install(bed.Binary);

        Assert.True(result.ExitCode == 0, Command.Describe(result));
        var output = result.Output;
        // myhostname is in Postfix's default mydestination: smtpd must know the action addresses.
        Assert.Contains("postconf -e 'local_recipient_maps = pcre:/etc/postfix/posttls-transport.pcre, proxy:unix:passwd.byname $alias_maps'", output, StringComparison.Ordinal);
        // Debian's submission services are commented out: postconf -P would only warn.
        Assert.Contains("master.cf has no submission service (Debian ships it commented out)", output, StringComparison.Ordinal);
        Assert.Contains("master.cf has no submissions service", output, StringComparison.Ordinal);
        Assert.Contains("     submission inet n       -       y       -       -       smtpd\n       -o syslog_name=postfix/submission\n", output, StringComparison.Ordinal);
        Assert.Contains("       -o content_filter=posttls-filter:dummy\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("postconf -P 'submission", output, StringComparison.Ordinal);
        Assert.Contains("postfix check && postfix start", output, StringComparison.Ordinal);
        Assert.DoesNotContain("postfix check && postfix reload", output, StringComparison.Ordinal);

        _scratch.Master(t => t.Replace("#submission inet", "submission inet", StringComparison.Ordinal));
        _scratch.Main("local_recipient_maps", "pcre:/etc/postfix/posttls-transport.pcre, proxy:unix:passwd.byname, $alias_maps");
        var again = _scratch.Install(bed.Binary).Output;

        Assert.Contains("postconf -P 'submission/inet/content_filter=posttls-filter:dummy'\n", again, StringComparison.Ordinal);
        Assert.Contains("postconf -P 'pickup/unix/content_filter=posttls-filter:dummy'", again, StringComparison.Ordinal);
        Assert.DoesNotContain("receive_override_options=no_address_mappings", again, StringComparison.Ordinal);
        Assert.DoesNotContain("master.cf has no submission service", again, StringComparison.Ordinal);
        Assert.Contains("master.cf has no submissions service", again, StringComparison.Ordinal);
        Assert.Contains("(done) postconf -e 'local_recipient_maps = ", again, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_ActionDomainNotLocal_NoLocalRecipientStep()
    {
        _scratch.Main("myhostname", HostName);
        _scratch.Main("mydestination", "localhost");

        var result = _scratch.Install(bed.Binary);

        Assert.True(result.ExitCode == 0, Command.Describe(result));
        Assert.Contains("postconf -e 'transport_maps = pcre:/etc/postfix/posttls-transport.pcre'", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("local_recipient_maps", result.Output, StringComparison.Ordinal);
    }

    /// <summary>What the scratch transport table answers for an action address of that domain.</summary>
    private string Route(string domain) =>
        Command.Run("postmap", "-q", ActionRoutingCheck.Sample(SenderAction.Release, domain), "pcre:" + _scratch.Table("posttls-transport.pcre")).Output.Trim();
}
