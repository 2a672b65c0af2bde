using PostTls.Configuration;

namespace PostTls.Check;

/// <summary>
/// Who can send to the action addresses without a login: only this machine itself (webmail
/// on the server, where the envelope sender alone binds a decision). A host of mynetworks
/// that is not this machine, such as an inbound filtering gateway, passes on anyone's mail
/// from the internet, and with it anyone's decision: warned about wherever smtpd would let
/// such a host through, before the action-address table or in its entry.
/// </summary>
internal sealed class ActionAccessCheck : ICheck
{
    private const string Fix =
        "let only logged-in clients and this machine send to them: the posttls-actions.pcre, posttls-loopback.cidr and posttls_decision_clients of postfix-snippets (no permit_mynetworks before the table)";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var postfix = context.Postfix;
        var lists = new List<(string Where, string Restrictions)> { ("smtpd_recipient_restrictions", postfix.Main("smtpd_recipient_restrictions")) };
        lists.AddRange(postfix.Services.Where(s => s.Command == "smtpd" && s.Type == "inet" && s.Name != context.Settings.ReleaseService)
            .Select(s => (s.Id, Restrictions: postfix.Override(s, "smtpd_recipient_restrictions")))
            .Where(l => l.Restrictions is not null)
            .Select(l => ($"{l.Id}'s smtpd_recipient_restrictions", l.Restrictions!)));
        return lists.SelectMany(l => Open(context, l.Where, l.Restrictions)).Distinct();
    }

    private static IEnumerable<Finding> Open(CheckContext context, string where, string restrictions)
    {
        var sample = ActionRoutingCheck.Sample(Tagging.SenderAction.Release, context.ActionDomain);
        if (ActionAccess.Find(context, restrictions, sample).Found is not { Guards: true } answer)
        {
            yield break; // ActionRoutingCheck reports a list without protection
        }

        var before = ListValues.Split(restrictions).Take(answer.Position);
        foreach (var why in before.Select(r => Opens(context, r, null)).OfType<string>())
        {
            yield return Finding.Warning(CheckArea.Routing,
                $"{where} lets {why} reach the action addresses before {answer.Table} is asked, without a login: a filtering gateway there passes on anyone's decisions",
                Fix);
        }

        var entry = answer.Restrictions;
        var refusal = entry.ToList().FindIndex(r => ActionAccess.IsRefusal(r));
        for (var i = 0; i < refusal; i++)
        {
            if (Opens(context, entry[i], i + 1 < entry.Count ? entry[i + 1] : null) is { } why)
            {
                yield return Finding.Warning(CheckArea.Routing,
                    $"{answer.Table} lets {why} send to the action addresses without a login ({string.Join(", ", entry)}): a filtering gateway there passes on anyone's decisions",
                    Fix);
            }
        }
    }

    /// <summary>Which clients other than this machine a restriction permits without a login; null when none.</summary>
    private static string? Opens(CheckContext context, string restriction, string? argument)
    {
        switch (restriction.ToLowerInvariant())
        {
            case "permit_mynetworks":
                var mynetworks = ListValues.Split(context.Postfix.Main("mynetworks"));
                var others = mynetworks.Where(n => !ClientNetworks.IsThisMachine(n, context.System.OwnAddresses())).ToList();
                return others.Count == 0 ? null : $"mynetworks ({string.Join(", ", others)})";
            case "check_client_access":
                return argument is null ? null : OpensTable(context, argument);
            case "permit" or "ok" or "permit_auth_destination" or "permit_tls_all_clientcerts" or "permit_tls_clientcerts" or "permit_rhswl_client":
                return $"every client ({restriction})";
            default:
                return null; // permit_sasl_authenticated, permit_inet_interfaces (this machine), reject_* and checks that only refuse
        }
    }

    /// <summary>The networks a cidr table permits that are not this machine; other table types cannot be judged.</summary>
    private static string? OpensTable(CheckContext context, string table)
    {
        var parsed = LookupTable.Parse(table).FirstOrDefault();
        if (parsed is not { Type: "cidr" } || parsed.Lines(context.System) is not { } lines)
        {
            return $"the clients {table} permits (only cidr tables can be checked)";
        }

        var others = lines.Select(l => l.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2 && IsPermit(parts[1].Trim()) && !ClientNetworks.IsThisMachine(parts[0], context.System.OwnAddresses()))
            .Select(parts => parts[0])
            .ToList();
        return others.Count == 0 ? null : $"{string.Join(", ", others)} ({table})";
    }

    private static bool IsPermit(string action) =>
        action.Equals("OK", StringComparison.OrdinalIgnoreCase) || action.StartsWith("permit", StringComparison.OrdinalIgnoreCase)
        || action.Equals("RELAY", StringComparison.OrdinalIgnoreCase) || action.All(char.IsAsciiDigit);
}
