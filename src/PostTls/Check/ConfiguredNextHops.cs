namespace PostTls.Check;

/// <summary>
/// The next hops the configuration names, as far as they can be read without mail: relayhost,
/// the next hops of default_transport and relay_transport, and the entries of transport_maps
/// tables whose source file is readable (texthash, hash, lmdb, btree, cdb, dbm: "key value";
/// pcre, regexp: "/pattern/flags value"). Entries for transports that do not deliver over
/// SMTP, entries without a next hop (the recipient's domain), and pattern results with $n
/// substitutions are left out: they cannot be judged here.
/// </summary>
internal static class ConfiguredNextHops
{
    private static readonly string[] NotSmtp = ["local", "virtual", "error", "discard", "retry", "hold", "lmtp"];

    /// <returns>Where each was found (for the finding) and the next hop as Postfix has it.</returns>
    public static IReadOnlyList<(string Where, string NextHop)> Read(CheckContext context)
    {
        var found = new List<(string, string)>();
        if (context.Postfix.Main("relayhost") is { Length: > 0 } relayhost)
        {
            found.Add(("relayhost", relayhost));
        }

        foreach (var parameter in new[] { "default_transport", "relay_transport" })
        {
            if (NextHopOf(context.Postfix.Main(parameter)) is { } hop)
            {
                found.Add(($"{parameter} = {context.Postfix.Main(parameter)}", hop));
            }
        }

        foreach (var table in LookupTable.Parse(context.Postfix.Main("transport_maps")))
        {
            if (table.SourceFile is { } file && context.System.ReadText(file) is { } text)
            {
                found.AddRange(Entries(table, text)
                    .Select(e => (Where: $"transport_maps {table} entry \"{e.Key} {e.Value}\"", NextHop: NextHopOf(e.Value)))
                    .Where(e => e.NextHop is not null)
                    .Select(e => (e.Where, e.NextHop!)));
            }
        }

        return found;
    }

    /// <summary>The next hop of "transport:nexthop"; null without one, for non-SMTP transports, or with $n substitutions.</summary>
    private static string? NextHopOf(string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 0 || value.Contains('$') || NotSmtp.Contains(value[..colon].Trim()))
        {
            return null;
        }

        var hop = value[(colon + 1)..].Trim();
        return hop.Length > 0 ? hop : null;
    }

    private static IEnumerable<(string Key, string Value)> Entries(LookupTable table, string text)
    {
        var pattern = table.Type is "pcre" or "regexp";
        var logical = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            // A line that starts with white space continues the previous one (postmap(1), pcre_table(5)).
            if (char.IsWhiteSpace(line[0]) && logical.Count > 0)
            {
                logical[^1] += " " + line.Trim();
            }
            else
            {
                logical.Add(line.Trim());
            }
        }

        foreach (var line in logical)
        {
            if ((pattern ? PatternEntry(line) : FixedEntry(line)) is { } entry)
            {
                yield return entry;
            }
        }
    }

    private static (string, string)? FixedEntry(string line)
    {
        var space = line.IndexOfAny([' ', '\t']);
        return space > 0 ? (line[..space], line[(space + 1)..].Trim()) : null;
    }

    /// <summary>"/pattern/flags result" with any delimiter; "if" and "endif" lines are not entries.</summary>
    private static (string, string)? PatternEntry(string line)
    {
        if (line.StartsWith("if", StringComparison.OrdinalIgnoreCase) && line.Length > 2 && char.IsWhiteSpace(line[2])
            || line.Equals("endif", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var delimiter = line[0];
        var end = 1;
        while (end < line.Length && (line[end] != delimiter || line[end - 1] == '\\'))
        {
            end++;
        }

        var space = end < line.Length ? line.IndexOfAny([' ', '\t'], end) : -1;
        return space > 0 ? (line[..space], line[(space + 1)..].Trim()) : null;
    }
}
