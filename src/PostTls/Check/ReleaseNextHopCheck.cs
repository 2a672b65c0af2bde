using PostTls.Apply;

namespace PostTls.Check;

/// <summary>
/// Every next hop a released copy may need can be written into the routing header, and the
/// release cleanup's header_checks turn each written form into FILTER smtp-insecure:NEXTHOP
/// with exactly that next hop, and reject any other routing header. A configured next hop
/// that cannot be written means "send without encryption" is refused for its recipients (the
/// sender is told why); a header_checks table that does not route a written form means such
/// copies are rejected by the release listener, or, with an old table, sent the encrypted way
/// again while the original is deleted.
/// </summary>
internal sealed class ReleaseNextHopCheck : ICheck
{
    /// <summary>One of each form posttls apply writes (NextHop): what the installed table must route.</summary>
    private static readonly string[] Forms =
    [
        "mx.example.com", "mx.example.com:2525", "[mail.example.com]:587", "[192.0.2.1]:25", "[ipv6:2001:db8::1]:25",
        "[relay_1.example.com]:submission", "xn--bcher-kva.example", "[mx1.example.com]:587,[mx2.example.com]:587",
    ];

    private const string Unroutable = "X-PostTLS-Release: not a next hop";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var idna2003 = context.Postfix.Main("enable_idna2003_compatibility") == "yes";
        var written = new List<string>(Forms);
        foreach (var (where, raw) in ConfiguredNextHops.Read(context))
        {
            if (NextHop.TryCanonical(raw, idna2003, out var hop, out var why))
            {
                written.Add(hop);
            }
            else
            {
                yield return Finding.Warning(CheckArea.Release,
                    $"{where} names the next hop \"{raw}\", which posttls apply cannot route a released copy to ({why}): \"send without encryption\" is refused for its recipients",
                    "write it in a form posttls(8) lists under NEXT HOPS (international names as A-labels), or accept that those senders can only delete");
            }
        }

        foreach (var finding in CheckTable(context, written.Distinct(StringComparer.Ordinal).ToList()))
        {
            yield return finding;
        }
    }

    private static IEnumerable<Finding> CheckTable(CheckContext context, IReadOnlyList<string> hops)
    {
        if (ReleaseRoute.Listener(context) is not { } listener
            || context.Postfix.Service(context.Postfix.Effective(listener, "cleanup_service_name"), "unix") is not { Command: "cleanup" } cleanup)
        {
            yield break; // ReleaseListenerCheck says what is missing
        }

        var headerChecks = context.Postfix.Effective(cleanup, "header_checks");
        var tables = LookupTable.Parse(headerChecks);
        if (tables.Count == 0 || LookupTable.Missing(context.System, headerChecks).Count > 0)
        {
            yield break; // ReleaseListenerCheck reports a missing table or rule
        }

        var keys = hops.Select(h => ReleaseRoute.RoutingHeader + ": " + h).Append(Unroutable).ToList();
        if (Answers(context, tables, keys) is not { } answers)
        {
            yield return Finding.Warning(CheckArea.Release,
                $"postmap cannot query {cleanup.Id} header_checks ({headerChecks}): whether it routes every next hop posttls apply writes is unknown",
                "run postmap -q \"X-PostTLS-Release: [mx.example.com]:25\" on each table and fix what it reports");
            yield break;
        }

        var transports = ReleaseRoute.InsecureTransports(context);
        var wrong = hops.FirstOrDefault(h => !(answers.GetValueOrDefault(ReleaseRoute.RoutingHeader + ": " + h) is { } a
            && transports.Any(t => a.Equals($"FILTER {t}:{h}", StringComparison.OrdinalIgnoreCase))));
        if (wrong is not null)
        {
            var answer = answers.GetValueOrDefault(ReleaseRoute.RoutingHeader + ": " + wrong);
            yield return Finding.Error(CheckArea.Release,
                $"{cleanup.Id} header_checks ({headerChecks}) does not turn \"{ReleaseRoute.RoutingHeader}: {wrong}\" into FILTER {ReleaseRoute.DefaultInsecureTransport}:{wrong} (it answers {(answer is null ? "nothing" : "\"" + answer + "\"")}): released copies to such next hops would not be sent without encryption",
                "install the current postfix-snippets/posttls-release.pcre in place of the table");
        }

        if (!(answers.GetValueOrDefault(Unroutable) is { } refusal && refusal.StartsWith("REJECT", StringComparison.OrdinalIgnoreCase)))
        {
            yield return Finding.Warning(CheckArea.Release,
                $"{cleanup.Id} header_checks ({headerChecks}) does not reject a routing header it cannot route: such a copy would take the encrypted path while its sender is told it was sent",
                "install the current postfix-snippets/posttls-release.pcre, whose last rule rejects them");
        }
    }

    /// <summary>What the tables answer for each key, as cleanup asks them: the first table with an answer wins; null when postmap fails.</summary>
    private static Dictionary<string, string>? Answers(CheckContext context, IReadOnlyList<LookupTable> tables, IReadOnlyList<string> keys)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var table in tables)
            {
                foreach (var (key, value) in context.Queue.Lookup(table.ToString(), keys.Where(k => !answers.ContainsKey(k)).ToList()))
                {
                    answers.TryAdd(key, value);
                }
            }
        }
        catch (Postfix.PostfixException)
        {
            return null;
        }

        return answers;
    }
}
