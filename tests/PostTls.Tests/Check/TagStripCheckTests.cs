using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class TagStripCheckTests
{
    private const string Strip = "/etc/postfix/posttls-strip.pcre";

    private static readonly CheckCase[] Cases =
    [
        new("no smtp_header_checks in main.cf", s => s.Postfix.Main["smtp_header_checks"] = "",
            Error, "smtp/unix smtp_header_checks (none) does not remove X-PostTLS-ID: every message it delivers carries its X-PostTLS-ID tag out of this server", Only: false),
        new("no lmtp_header_checks in main.cf", s => s.Postfix.Main["lmtp_header_checks"] = "",
            Error, "lmtp/unix lmtp_header_checks (none) does not remove X-PostTLS-ID"),
        new("a table of the administrator's first, which does not strip", s =>
            {
                s.System.AddFile("/etc/postfix/mine.pcre", 0, 0, 0b110_100_100, "/^Received:/ IGNORE\n");
                s.Postfix.Main["lmtp_header_checks"] = "pcre:/etc/postfix/mine.pcre";
            },
            Error, "lmtp/unix lmtp_header_checks (pcre:/etc/postfix/mine.pcre) does not remove X-PostTLS-ID"),
        new("the administrator's table first, ours second", s =>
            {
                s.System.AddFile("/etc/postfix/mine.pcre", 0, 0, 0b110_100_100, "/^Received:/ IGNORE\n");
                s.Postfix.Main["lmtp_header_checks"] = "pcre:/etc/postfix/mine.pcre, pcre:" + Strip;
            }),
        new("an earlier table answers otherwise", s =>
            {
                s.System.AddFile("/etc/postfix/mine.pcre", 0, 0, 0b110_100_100, "/^X-/ WARN\n");
                s.Postfix.Main["lmtp_header_checks"] = "pcre:/etc/postfix/mine.pcre, pcre:" + Strip;
            },
            Error, "answers \"WARN\" for X-PostTLS-ID in pcre:/etc/postfix/mine.pcre, not IGNORE"),
        new("one broad rule of the administrator's", s =>
            {
                s.System.AddFile("/etc/postfix/mine.pcre", 0, 0, 0b110_100_100, "/^X-PostTLS-/ IGNORE\n");
                s.Postfix.Main["lmtp_header_checks"] = "pcre:/etc/postfix/mine.pcre";
            }),
        new("the strip table of an older release, without the tag", s =>
            s.System.Texts[Strip] = "/^X-PostTLS-Release:/ IGNORE\n",
            Error, "does not remove X-PostTLS-ID", Only: false),
        new("strip table missing", s => s.System.Remove(Strip),
            Error, $"names pcre:{Strip}, which does not exist", Only: false),
        new("a transport of its own overrides main.cf", s =>
            s.ReplaceService("partner unix - - n - - smtp -o smtp_header_checks=regexp:/etc/postfix/other.regexp"),
            Error, "partner/unix smtp_header_checks (regexp:/etc/postfix/other.regexp) names regexp:/etc/postfix/other.regexp, which does not exist"),
        new("a transport of its own that strips", s =>
            s.ReplaceService($"partner unix - - n - - smtp -o smtp_header_checks=pcre:{Strip}")),
        new("a transport of its own without any header checks", s =>
            s.ReplaceService("partner unix - - n - - smtp -o smtp_header_checks="),
            Error, "partner/unix smtp_header_checks (none) does not remove X-PostTLS-ID"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new TagStripCheck(), CheckArea.Filter);

    [Fact]
    public void Run_OverriddenService_FixNamesTheService()
    {
        var setup = new CheckSetup();
        setup.ReplaceService("partner unix - - n - - smtp -o smtp_header_checks=");

        var finding = Assert.Single(setup.Run(new TagStripCheck()));

        Assert.Equal($"put pcre:{Strip} first in the -o smtp_header_checks= of partner/unix and install postfix-snippets/posttls-strip.pcre", finding.Fix);
    }
}
