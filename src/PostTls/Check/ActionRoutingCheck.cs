using PostTls.Configuration;
using PostTls.Postfix;
using PostTls.Tagging;

namespace PostTls.Check;

/// <summary>
/// Mail to the action addresses (posttls-send-...@action_domain, posttls-delete-...) must reach
/// posttls decide: transport_maps route them to the decide service, smtpd accepts them (an
/// action_domain in mydestination needs them in local_recipient_maps), and
/// smtpd_recipient_restrictions start with a check_recipient_access table whose entry for them
/// ends in a refusal, so that the internet on port 25 cannot send to them (which clients the
/// entry lets through: <see cref="ActionAccessCheck"/>). A posttls-transport.pcre written
/// for another host name (install.sh run before myhostname was set) is named as such.
/// </summary>
internal sealed class ActionRoutingCheck : ICheck
{
    private const string SampleMessageKey = "aaaaaaaaaaaaaaaa";
    private const string SampleSender = "check@example.com";
    private static readonly string[] HarmlessBefore = ["permit_mynetworks", "permit_sasl_authenticated"];

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var domain = context.ActionDomain;
        var samples = new[] { SenderAction.Release, SenderAction.Delete }.Select(action => Sample(action, domain)).ToArray();
        return Routing(context, domain, samples)
            .Concat(LocalRecipients(context, domain, samples[0]))
            .Concat(PortTwentyFive(context));
    }

    /// <summary>An action address as notifications carry it, under a throw-away key.</summary>
    public static string Sample(SenderAction action, string domain) =>
        ActionTokens.CreateLocalPart(new byte[SecretKey.Length], action, SampleMessageKey, SampleSender, DateTimeOffset.UtcNow.AddDays(1)) + "@" + domain;

    private static IEnumerable<Finding> Routing(CheckContext context, string domain, string[] samples)
    {
        var decide = context.PosttlsService("decide", DecideServiceCheck.ServiceName)?.Service.Name ?? DecideServiceCheck.ServiceName;
        var maps = ListValues.Split(context.Postfix.Main("transport_maps"));
        var fix = $"add \"{domain} {decide}:\" to your transport map (action_domain = {domain}), or pcre:/etc/postfix/posttls-transport.pcre first in transport_maps";
        foreach (var sample in samples)
        {
            var found = new TransportMapSearch(context.Queue, maps).Find(sample);
            if (found is null && ActionTransportTable.OtherDomains(context.System, maps, domain).FirstOrDefault() is ({ } table, var written))
            {
                yield return Finding.Error(CheckArea.Routing,
                    $"mail to the action addresses (posttls-...@{domain}) is not routed to {decide}: {table} routes posttls-...@{written}, but the action domain is {domain} ({(context.Settings.ActionDomain.Length > 0 ? "action_domain" : "Postfix's myhostname")}); was install.sh run before myhostname was set?",
                    $"run install.sh again (it rewrites its own table while unchanged), or edit the line in {table.Name} to end in @{ActionTransportTable.Escaped(domain)}$/, then postfix reload");
                yield break;
            }

            if (found is null)
            {
                yield return Finding.Error(CheckArea.Routing,
                    $"mail to the action addresses (posttls-...@{domain}) is not routed to {decide}: transport_maps ({(maps.Length == 0 ? "none" : string.Join(", ", maps))}) has no entry for {sample}",
                    fix);
                yield break;
            }

            var transport = found.Value.Entry.Split(':')[0];
            if (transport != decide)
            {
                yield return Finding.Error(CheckArea.Routing,
                    $"mail to the action addresses (posttls-...@{domain}) goes to {(transport.Length == 0 ? "the default transport" : transport)}, not {decide}: {found.Value.Map} answers \"{found.Value.Entry}\" for {sample}",
                    fix);
                yield break;
            }
        }
    }

    /// <summary>smtpd rejects unknown users of a local domain, whatever transport_maps say.</summary>
    private static IEnumerable<Finding> LocalRecipients(CheckContext context, string domain, string sample)
    {
        var postfix = context.Postfix;
        if (!ListValues.Split(postfix.Main("mydestination")).Any(d => d.Equals(domain, StringComparison.OrdinalIgnoreCase)))
        {
            yield break;
        }

        var maps = ListValues.Split(postfix.Main("local_recipient_maps"));
        if (maps.Length == 0)
        {
            yield break;
        }

        var localPart = sample[..sample.LastIndexOf('@')];
        var accepted = maps.Where(m => !m.StartsWith("unix:", StringComparison.Ordinal) && !m.StartsWith("proxy:unix:", StringComparison.Ordinal))
            .Any(m => Accepts(context, m, [sample, localPart]));
        if (!accepted)
        {
            yield return Finding.Error(CheckArea.Routing,
                $"{domain} is in mydestination, so smtpd rejects the action addresses as unknown local users: local_recipient_maps ({string.Join(", ", maps)}) does not know {sample}",
                "add pcre:/etc/postfix/posttls-transport.pcre to local_recipient_maps, or use a dedicated action_domain that is not in mydestination");
        }
    }

    private static bool Accepts(CheckContext context, string map, string[] keys)
    {
        try
        {
            return context.Queue.Lookup(map, keys).Count > 0;
        }
        catch (Exception e) when (e is PostfixException or ArgumentException)
        {
            return true; // cannot tell: say nothing rather than something false
        }
    }

    private static IEnumerable<Finding> PortTwentyFive(CheckContext context)
    {
        var postfix = context.Postfix;
        var restrictions = postfix.Main("smtpd_recipient_restrictions");
        var (position, problems) = Protection(context, restrictions);
        foreach (var problem in problems)
        {
            yield return problem;
        }

        const string Fix = "put check_recipient_access pcre:/etc/postfix/posttls-actions.pcre first in smtpd_recipient_restrictions in main.cf";
        if (position < 0)
        {
            yield return Finding.Error(CheckArea.Routing,
                "smtpd_recipient_restrictions has no check_recipient_access table for the posttls- action addresses: anyone on the internet can send decisions in a sender's name",
                Fix);
        }
        else if (ListValues.Split(restrictions).Take(position).Any(r => !HarmlessBefore.Contains(r) && !r.StartsWith("reject", StringComparison.Ordinal)))
        {
            yield return Finding.Warning(CheckArea.Routing,
                "the check_recipient_access table for the action addresses is not first in smtpd_recipient_restrictions: an earlier rule can accept decisions from the internet",
                Fix);
        }

        // The reinjection listener admits only the filter, which got the mail through a protected service.
        foreach (var service in postfix.Services.Where(s => s.Command == "smtpd" && s.Type == "inet" && !ReinjectListenerCheck.IsListener(context, s)))
        {
            if (postfix.Override(service, "smtpd_recipient_restrictions") is { } own && Protection(context, own).Position < 0
                && !postfix.Effective(service, "content_filter").Contains("posttls", StringComparison.Ordinal))
            {
                yield return Finding.Warning(CheckArea.Routing,
                    $"{service.Id} has its own smtpd_recipient_restrictions without the check_recipient_access table for the action addresses",
                    $"add check_recipient_access pcre:/etc/postfix/posttls-actions.pcre first in its -o smtpd_recipient_restrictions");
            }
        }
    }

    /// <summary>Where in the list the check_recipient_access table that guards the action addresses is (-1: nowhere), and missing tables.</summary>
    private static (int Position, List<Finding> Problems) Protection(CheckContext context, string restrictions)
    {
        var (found, problems) = ActionAccess.Find(context, restrictions, Sample(SenderAction.Release, context.ActionDomain));
        return (found is { Guards: true } ? found.Position : -1, problems);
    }
}
