using System.Text.RegularExpressions;

namespace PostTls.Check;

/// <summary>
/// The domain written into a posttls-transport.pcre line. install.sh fills in the host name
/// Postfix has when it runs; run before myhostname is set, it writes the short host name,
/// and the action addresses of the real name then match nothing.
/// </summary>
internal static partial class ActionTransportTable
{
    /// <summary>The line of postfix-snippets/posttls-transport.pcre: /^posttls-(send|delete)-...@DOMAIN$/ TRANSPORT:</summary>
    [GeneratedRegex(@"^/\^posttls-\S*@(?<domain>(?:[A-Za-z0-9_-]|\\\.)+)\$/\s+(?<transport>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex ActionLine();

    /// <summary>The (table, domain) of every regular expression table in <paramref name="maps"/> that routes posttls- addresses of another domain than <paramref name="domain"/>.</summary>
    public static IEnumerable<(LookupTable Table, string Domain)> OtherDomains(ISystemProbe system, IEnumerable<string> maps, string domain)
    {
        foreach (var table in maps.SelectMany(LookupTable.Parse).Where(t => t.Type is "pcre" or "regexp"))
        {
            var domains = (table.Lines(system) ?? [])
                .Select(line => ActionLine().Match(line))
                .Where(m => m.Success)
                .Select(m => m.Groups["domain"].Value.Replace(@"\.", ".", StringComparison.Ordinal).ToLowerInvariant())
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (domains.Count > 0 && !domains.Contains(domain, StringComparer.OrdinalIgnoreCase))
            {
                yield return (table, domains[0]);
            }
        }
    }

    /// <summary>The domain as the table's pattern writes it: dots escaped.</summary>
    public static string Escaped(string domain) => domain.Replace(".", @"\.", StringComparison.Ordinal);
}
