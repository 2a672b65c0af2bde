using System.Text.RegularExpressions;
using PostTls.Postfix;

namespace PostTls.Check;

/// <summary>
/// The pieces of the release path as master.cf wires them: the listener (release_service),
/// the cleanup it names, the FILTER rules in that cleanup's header_checks and the transports
/// those rules send released copies to.
/// </summary>
internal static partial class ReleaseRoute
{
    public const string DefaultInsecureTransport = "smtp-insecure";
    public const string RoutingHeader = "X-PostTLS-Release";

    /// <summary>The release_service listener, preferably its unix entry.</summary>
    public static MasterService? Listener(CheckContext context) =>
        context.Postfix.Service(context.Settings.ReleaseService, "unix") ?? context.Postfix.Service(context.Settings.ReleaseService);

    /// <summary>The transports the FILTER rules of the listener's cleanup name; smtp-insecure when there are none.</summary>
    public static IReadOnlySet<string> InsecureTransports(CheckContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (Listener(context) is { } listener
            && context.Postfix.Service(context.Postfix.Effective(listener, "cleanup_service_name"), "unix") is { } cleanup)
        {
            names.UnionWith(FilterRules(context, context.Postfix.Effective(cleanup, "header_checks")).Select(r => r.Transport));
        }

        if (names.Count == 0)
        {
            names.Add(DefaultInsecureTransport);
        }

        return names;
    }

    /// <summary>The rules in the readable tables of a header_checks value that turn the routing header into FILTER TRANSPORT:....</summary>
    public static IReadOnlyList<(LookupTable Table, string Transport)> FilterRules(CheckContext context, string headerChecks) =>
        LookupTable.Parse(headerChecks)
            .SelectMany(table => (table.Lines(context.System) ?? []).Select(line => (Table: table, Line: line)))
            .Where(r => r.Line.Contains(RoutingHeader, StringComparison.OrdinalIgnoreCase))
            .Select(r => (r.Table, Match: FilterAction().Match(r.Line)))
            .Where(r => r.Match.Success)
            .Select(r => (r.Table, r.Match.Groups["transport"].Value))
            .ToArray();

    /// <summary>A header_checks line that removes the routing header.</summary>
    public static bool IsStripRule(string line) =>
        line.Contains(RoutingHeader, StringComparison.OrdinalIgnoreCase) && IgnoreAction().IsMatch(line);

    [GeneratedRegex(@"\sIGNORE\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IgnoreAction();

    [GeneratedRegex(@"\sFILTER\s+(?<transport>[^:\s]+):", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FilterAction();
}
