using PostTls.Check;
using PostTls.Postfix;

namespace PostTls.Tests.Check;

/// <summary>postconf -M and -P output as Postfix 3.7 prints it for the snippets.</summary>
public sealed class MasterCfOutputTests
{
    [Fact]
    public void ParseServices_PostconfM_ColumnsCommandAndArguments()
    {
        const string Output = """
            submission inet  n       -       y       -       -       smtpd -o syslog_name=postfix/submission -o content_filter=posttls-filter:dummy
            posttls-filter unix -    n       n       -       10      pipe flags=Rq user=posttls null_sender= argv=/usr/local/bin/posttls filter -f ${sender} -- ${recipient}
            brace      unix  -       -       n       -       -       smtpd -o {smtpd_milters=inet:a:1, inet:b:2} -o syslog_name=x

            """;

        var services = MasterCfOutput.ParseServices(Output);

        Assert.Equal(3, services.Count);
        var filter = services[1];
        Assert.Equal(("posttls-filter", "unix", "-", "n", "n", "-", "10", "pipe"),
            (filter.Name, filter.Type, filter.Private, filter.Unprivileged, filter.Chroot, filter.Wakeup, filter.ProcessLimit, filter.Command));
        Assert.Equal(["flags=Rq", "user=posttls", "null_sender=", "argv=/usr/local/bin/posttls", "filter", "-f", "${sender}", "--", "${recipient}"], filter.Arguments);
        Assert.Equal(["-o", "smtpd_milters=inet:a:1, inet:b:2", "-o", "syslog_name=x"], services[2].Arguments);
        Assert.False(services[0].IsPrivate);
        Assert.True(filter.IsPrivate);
    }

    [Fact]
    public void ParseParameters_PostconfP_SplitsServiceTypeAndName()
    {
        const string Output = """
            posttls-release/unix/cleanup_service_name = posttls-release-cleanup
            posttls-release/unix/content_filter =
            brace/unix/smtpd_milters = inet:a:1, inet:b:2
            private/relay/unix/syslog_name = postfix/relay
            """;

        var parameters = MasterCfOutput.ParseParameters(Output);

        Assert.Equal(
            [
                new ServiceParameter("posttls-release", "unix", "cleanup_service_name", "posttls-release-cleanup"),
                new ServiceParameter("posttls-release", "unix", "content_filter", ""),
                new ServiceParameter("brace", "unix", "smtpd_milters", "inet:a:1, inet:b:2"),
                new ServiceParameter("private/relay", "unix", "syslog_name", "postfix/relay"),
            ],
            parameters);
    }

    [Theory]
    [InlineData("flags=Rq user=posttls null_sender= argv=/usr/local/bin/posttls filter -f ${sender} -- ${recipient}", "Rq", "posttls", "", "filter", null)]
    [InlineData("flags=q user=posttls:posttls argv=/opt/bin/posttls -c /etc/b.conf decide -f ${sender} -- ${recipient}", "q", "posttls", null, "decide", "/etc/b.conf")]
    [InlineData("user=posttls argv=/opt/bin/posttls --config=/etc/c.conf decide", "", "posttls", null, "decide", "/etc/c.conf")]
    [InlineData("-o syslog_name=x user=posttls argv=/opt/bin/posttls --config /etc/d.conf filter", "", "posttls", null, "filter", "/etc/d.conf")]
    public void PipeCommand_Of_ReadsAttributesAndCommand(string arguments, string flags, string user, string? nullSender, string command, string? config)
    {
        var service = MasterCfOutput.ParseServices("x unix - n n - - pipe " + arguments).Single();

        var pipe = PipeCommand.Of(service)!;

        Assert.Equal((flags, user, nullSender, command, config, true), (pipe.Flags, pipe.UserName, pipe.NullSender, pipe.Subcommand, pipe.ConfigFile, pipe.RunsPosttls));
    }

    [Fact]
    public void PipeCommand_Of_NotAPipe_IsNull() =>
        Assert.Null(PipeCommand.Of(MasterCfOutput.ParseServices("smtp unix - - n - - smtp").Single()));

    [Theory]
    [InlineData("pcre:/etc/postfix/a.pcre, hash:/etc/postfix/transport", "pcre:/etc/postfix/a.pcre|hash:/etc/postfix/transport")]
    [InlineData("proxy:unix:passwd.byname $alias_maps", "proxy:unix:passwd.byname")]
    [InlineData("", "")]
    public void LookupTable_Parse_KeepsTypedItems(string value, string expected) =>
        Assert.Equal(expected, string.Join('|', LookupTable.Parse(value)));
}
