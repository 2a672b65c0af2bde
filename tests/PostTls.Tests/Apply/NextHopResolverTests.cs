using PostTls.Apply;
using PostTls.Postfix;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Apply;

public sealed class NextHopResolverTests
{
    private const string Hash = "hash:/etc/postfix/transport";
    private const string Second = "lmdb:/etc/postfix/transport2";
    private const string Pcre = "pcre:/etc/postfix/transport.pcre";
    private const string Regexp = "regexp:/etc/postfix/transport.regexp";
    private const string Recipient = "user@mx.sub.example.test";

    private static FakePostfixQueue Queue(string transportMaps = Hash, string relayhost = "", string defaultTransport = "smtp")
    {
        var queue = new FakePostfixQueue();
        queue.ParameterValues["transport_maps"] = transportMaps;
        queue.ParameterValues["relayhost"] = relayhost;
        queue.ParameterValues["default_transport"] = defaultTransport;
        return queue;
    }

    /// <summary>Entries in one table → the next hop for <see cref="Recipient"/>: transport(5)'s search order.</summary>
    public static TheoryData<string, string[], string> SearchOrder => new()
    {
        { "full address first", [Recipient, "mx.sub.example.test", ".sub.example.test", ".example.test", ".test", "*"], "[by-address]" },
        { "then the domain", ["mx.sub.example.test", ".sub.example.test", ".example.test", ".test", "*"], "[by-domain]" },
        { "then the nearest parent", [".sub.example.test", ".example.test", ".test", "*"], "[by-.sub.example.test]" },
        { "then a farther parent", [".example.test", ".test", "*"], "[by-.example.test]" },
        { "then the top level", [".test", "*"], "[by-.test]" },
        { "then the wildcard", ["*"], "[by-wildcard]" },
        { "a parent without its dot is not a parent match", ["sub.example.test", "example.test"], "mx.sub.example.test" },
    };

    private static string HopFor(string key) => key switch
    {
        Recipient => "[by-address]",
        "mx.sub.example.test" => "[by-domain]",
        "*" => "[by-wildcard]",
        _ => $"[by-{key}]",
    };

    [Theory]
    [MemberData(nameof(SearchOrder))]
    public void Resolve_OneTable_Transport5SearchOrder(string why, string[] keys, string expected)
    {
        var queue = Queue();
        queue.Maps[Hash] = FakePostfixQueue.Table(keys.Select(k => (k, "smtp:" + HopFor(k))).ToArray());

        Assert.True(expected == new NextHopResolver(queue).Resolve(Recipient), why);
    }

    [Fact]
    public void Resolve_DomainInOtherCase_FoundLowerCase()
    {
        var queue = Queue();
        queue.Maps[Hash] = FakePostfixQueue.Table(("example.test", "smtp:[relay.example.test]"));

        Assert.Equal("[relay.example.test]", new NextHopResolver(queue).Resolve("User@Example.TEST"));
        Assert.Contains("example.test", queue.Lookups.Single().Keys);
    }

    [Fact]
    public void Resolve_SameKeyInTwoTables_FirstTableWins()
    {
        var queue = Queue(transportMaps: $"{Hash}, {Second}");
        queue.Maps[Hash] = FakePostfixQueue.Table(("mx.sub.example.test", "smtp:[first]"));
        queue.Maps[Second] = FakePostfixQueue.Table(("mx.sub.example.test", "smtp:[second]"));

        Assert.Equal("[first]", new NextHopResolver(queue).Resolve(Recipient));
    }

    [Fact]
    public void Resolve_AddressInLaterTableDomainInEarlierTable_AddressWins()
    {
        // Postfix asks every table for the full address before it tries the domain in any
        // (trivial-rewrite's transport_lookup: one maps_find per key, over all tables).
        var queue = Queue(transportMaps: $"{Hash} {Second}");
        queue.Maps[Hash] = FakePostfixQueue.Table(("mx.sub.example.test", "smtp:[domain-in-first]"));
        queue.Maps[Second] = FakePostfixQueue.Table((Recipient, "smtp:[address-in-second]"));

        Assert.Equal("[address-in-second]", new NextHopResolver(queue).Resolve(Recipient));
    }

    [Fact]
    public void Resolve_NoMatchInFirstTable_SecondTableUsed()
    {
        var queue = Queue(transportMaps: $"{Hash},{Second}");
        queue.Maps[Hash] = FakePostfixQueue.Table(("other.test", "smtp:[other]"));
        queue.Maps[Second] = FakePostfixQueue.Table((".example.test", "relay:[second]:587"));

        Assert.Equal("[second]:587", new NextHopResolver(queue).Resolve(Recipient));
    }

    [Theory]
    [InlineData(Pcre)]
    [InlineData(Regexp)]
    public void Resolve_PatternTable_AskedForTheFullAddressOnly(string patternMap)
    {
        var queue = Queue(transportMaps: $"{patternMap} {Hash}");
        // A pattern that would also match the bare domain or "*" if it were asked for them.
        queue.Maps[patternMap] = key => key.Contains('@', StringComparison.Ordinal) ? null : "smtp:[wrongly-matched]";
        queue.Maps[Hash] = FakePostfixQueue.Table(("mx.sub.example.test", "smtp:[by-domain]"));

        Assert.Equal("[by-domain]", new NextHopResolver(queue).Resolve(Recipient));
        Assert.Equal([Recipient], queue.Lookups.Single(l => l.Map == patternMap).Keys);
    }

    [Fact]
    public void Resolve_PatternTableMatchesAddress_BeatsDomainInEarlierFixedTable()
    {
        var queue = Queue(transportMaps: $"{Hash} {Pcre}");
        queue.Maps[Hash] = FakePostfixQueue.Table(("mx.sub.example.test", "smtp:[by-domain]"));
        queue.Maps[Pcre] = key => key == Recipient ? "smtp:[by-pattern]" : null;

        Assert.Equal("[by-pattern]", new NextHopResolver(queue).Resolve(Recipient));
    }

    [Fact]
    public void Resolve_FixedTable_AskedForEveryKeyInOneRun()
    {
        var queue = Queue();
        queue.Maps[Hash] = FakePostfixQueue.Table();

        new NextHopResolver(queue).Resolve(Recipient);

        var lookup = Assert.Single(queue.Lookups);
        Assert.Equal([Recipient, "mx.sub.example.test", ".sub.example.test", ".example.test", ".test", "*"], lookup.Keys);
    }

    /// <summary>A table entry → the next hop (relayhost is set, so "the domain" and "the default" differ).</summary>
    public static TheoryData<string, string?> Entries => new()
    {
        { "smtp:", "mx.sub.example.test" },
        { "smtp", "mx.sub.example.test" },
        { "relay:", "mx.sub.example.test" },
        { "smtp:[mx.relay.test]", "[mx.relay.test]" },
        { "smtp:[mx.relay.test]:2525", "[mx.relay.test]:2525" },
        { ":[relay.example.test]:25", "[relay.example.test]:25" },
        { "smtp:[2001:db8::1]:25", "[2001:db8::1]:25" },
        // transport(5): a null transport and null next hop "do not change" anything.
        { ":", "[relayhost.test]" },
        { "error:5.1.1 no such user", null },
        { "error", null },
        { "local", null },
        { "local:host", null },
        { "virtual:", null },
        { "discard:", null },
        { "retry:4.0.0 later", null },
        { "hold", null },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void Resolve_TableEntry_NextHopOrNull(string entry, string? expected)
    {
        var queue = Queue(relayhost: "[relayhost.test]");
        queue.Maps[Hash] = FakePostfixQueue.Table(("mx.sub.example.test", entry));

        Assert.Equal(expected, new NextHopResolver(queue).Resolve(Recipient));
    }

    /// <summary>No table matches: default_transport's next hop, else relayhost, else the domain.</summary>
    public static TheoryData<string, string, string, string> Defaults => new()
    {
        { "", "", "smtp", "mx.sub.example.test" },
        { "", "[relayhost.test]", "smtp", "[relayhost.test]" },
        { "", "[relayhost.test]:587", "smtp:", "[relayhost.test]:587" },
        { "", "[relayhost.test]", "smtp:[default-hop.test]", "[default-hop.test]" },
        { "", "", "relay:[default-hop.test]:2525", "[default-hop.test]:2525" },
        { Hash, "[relayhost.test]", "smtp", "[relayhost.test]" },
        { Hash, "", "smtp", "mx.sub.example.test" },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public void Resolve_NoTableMatches_DefaultNextHop(string transportMaps, string relayhost, string defaultTransport, string expected)
    {
        var queue = Queue(transportMaps, relayhost, defaultTransport);
        queue.Maps[Hash] = FakePostfixQueue.Table(("other.test", "smtp:[other]"));

        Assert.Equal(expected, new NextHopResolver(queue).Resolve(Recipient));
    }

    [Fact]
    public void Constructor_AsksPostconfOnce_ResolveAsksNoMore()
    {
        var queue = Queue();
        queue.Maps[Hash] = FakePostfixQueue.Table();
        var resolver = new NextHopResolver(queue);

        resolver.Resolve("a@one.test");
        resolver.Resolve("b@two.test");

        Assert.Equal(1, queue.CallCount("postconf"));
        Assert.Equal(2, queue.CallCount("postmap"));
    }

    [Fact]
    public void Resolve_PostmapFails_PostfixExceptionPropagates()
    {
        var queue = Queue(transportMaps: "hash:/etc/postfix/missing");

        Assert.Throws<PostfixException>(() => new NextHopResolver(queue).Resolve(Recipient));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("no", false)]
    [InlineData("yes", true)]
    public void Idna2003_FromPostfixsEnableIdna2003Compatibility(string? value, bool expected)
    {
        var queue = Queue();
        if (value is not null)
        {
            queue.ParameterValues["enable_idna2003_compatibility"] = value;
        }

        Assert.Equal(expected, new NextHopResolver(queue).Idna2003);
    }

    /// <summary>One postmap run per table for the recipients of a whole run; each answer as if asked alone, and nothing asked twice.</summary>
    [Fact]
    public void Prefetch_ManyRecipients_OneLookupPerTable_SameAnswers()
    {
        var queue = Queue(transportMaps: $"{Hash}, {Pcre}");
        queue.Maps[Hash] = FakePostfixQueue.Table(("mx.sub.example.test", "smtp:[by-domain]"), ("other.test", "smtp:[other]"));
        queue.Maps[Pcre] = FakePostfixQueue.Table(("first@mx.sub.example.test", "smtp:[first-by-pattern]"));
        var resolver = new NextHopResolver(queue);

        resolver.Prefetch(["first@mx.sub.example.test", "second@mx.sub.example.test", "x@other.test"]);
        var lookups = queue.Lookups.Count;

        Assert.Equal(2, lookups);
        Assert.Equal("[first-by-pattern]", resolver.Resolve("first@mx.sub.example.test"));
        Assert.Equal("[by-domain]", resolver.Resolve("second@mx.sub.example.test"));
        Assert.Equal("[other]", resolver.Resolve("x@other.test"));
        Assert.Equal(lookups, queue.Lookups.Count);
        Assert.Equal("[by-domain]", resolver.Resolve("third@mx.sub.example.test")); // asked now: its own keys only
        Assert.Equal(lookups + 2, queue.Lookups.Count);
    }

    /// <summary>A table that cannot be queried while prefetching is not taken for one without entries.</summary>
    [Fact]
    public void Prefetch_TableFails_ResolveFailsToo()
    {
        var queue = Queue(transportMaps: "hash:/etc/postfix/missing");
        var resolver = new NextHopResolver(queue);

        Assert.Throws<PostfixException>(() => resolver.Prefetch([Recipient]));
        Assert.Throws<PostfixException>(() => resolver.Resolve(Recipient));
    }
}
