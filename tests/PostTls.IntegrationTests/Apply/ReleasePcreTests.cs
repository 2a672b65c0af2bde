using PostTls.Apply;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// postmap -q against postfix-snippets/posttls-release.pcre, as the release cleanup evaluates it:
/// every routing header posttls apply can write becomes FILTER smtp-insecure:NEXTHOP with exactly
/// that next hop, and any other routing header is rejected.
/// </summary>
public sealed class ReleasePcreTests : IDisposable
{
    private static readonly string Table = "pcre:" + RepositoryFiles.Path("postfix-snippets", "posttls-release.pcre");

    /// <summary>
    /// postmap reads a main.cf: an empty one of its own. /etc/postfix/main.cf may be missing on a
    /// fresh machine, or come and go while the test beds beside this test add and remove their
    /// alternate_config_directories entries (tests/testbed/system.sh).
    /// </summary>
    private readonly string _configDirectory = Directory.CreateTempSubdirectory("posttls-pcre-").FullName;

    public ReleasePcreTests() => File.WriteAllText(Path.Combine(_configDirectory, "main.cf"), "");

    public void Dispose() => Directory.Delete(_configDirectory, recursive: true);

    /// <summary>Next hops of every form relayhost and transport_maps take.</summary>
    private static readonly string[] NextHops =
    [
        "example.com", "example.com:2525", "[mail.example.com]", "[mail.example.com]:587", "[mail.example.com]:submission",
        "[192.0.2.1]:25", "192.0.2.1:25", "[ipv6:2001:db8::1]:25", "[2001:db8::1]", "[relay_1.example.com]:2525", "_x.example",
        "mail1.example:587, mail2.example:587", "[a.example]:25 [b.example]:25", "bücher.example", "[mx.пример.рф]:25",
        "Mixed.Case.Example", "example.com.",
    ];

    [Fact]
    public void Postmap_EveryWrittenRoutingHeader_FilterToExactlyThatNextHop()
    {
        var written = NextHops.Select(raw => NextHop.TryCanonical(raw, idna2003: false, out var hop, out var why) ? hop : throw new InvalidOperationException(why)).ToList();

        var answers = Query(written.Select(hop => "X-PostTLS-Release: " + hop));

        Assert.Equal(written.Select(hop => $"FILTER smtp-insecure:{hop}"), answers);
    }

    [Fact]
    public void Postmap_AnyOtherRoutingHeader_Rejected()
    {
        string[] values = ["mail1.example:587, mail2.example:587", "b?cher.example", "", "$mydomain", "a b", "[mail/x]"];

        var answers = Query(values.Select(v => "X-PostTLS-Release: " + v));

        Assert.All(answers, a => Assert.StartsWith("REJECT 5.7.1 ", a, StringComparison.Ordinal));
    }

    /// <summary>One postmap -q run per key (postmap -q - prints only found keys, and keys may repeat).</summary>
    private List<string> Query(IEnumerable<string> keys) =>
        keys.Select(key => Command.Run(PostfixTestBed.Tool("postmap"), "-c", _configDirectory, "-q", key, Table))
            .Select(result => result.ExitCode == 0 ? result.Output.TrimEnd('\n') : $"(postmap exit {result.ExitCode}: {result.Error.Trim()})")
            .ToList();
}
