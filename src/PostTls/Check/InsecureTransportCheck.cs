namespace PostTls.Check;

/// <summary>
/// The transport released copies leave through (smtp-insecure, or whatever the FILTER rule
/// names): an smtp client with opportunistic TLS that strips X-PostTLS-Release before the
/// message leaves.
/// </summary>
internal sealed class InsecureTransportCheck : ICheck
{
    public IEnumerable<Finding> Run(CheckContext context)
    {
        var postfix = context.Postfix;
        foreach (var name in ReleaseRoute.InsecureTransports(context))
        {
            var service = postfix.Service(name, "unix");
            if (service is null || service.Command != "smtp")
            {
                yield return Finding.Error(CheckArea.Release,
                    $"master.cf has no {name} smtp service: released copies cannot be delivered",
                    "add the smtp-insecure entry from postfix-snippets/master.cf");
                continue;
            }

            var level = postfix.Effective(service, "smtp_tls_security_level");
            if (level is not ("may" or "none" or ""))
            {
                yield return Finding.Error(CheckArea.Release,
                    $"{service.Id} runs with smtp_tls_security_level = {level}: released copies would still need TLS and stay deferred",
                    $"add -o smtp_tls_security_level=may to {service.Id}");
            }
            else if (level != "may")
            {
                yield return Finding.Warning(CheckArea.Release,
                    $"{service.Id} runs with smtp_tls_security_level = {(level.Length == 0 ? "none" : level)}: released copies never use TLS, not even when the server offers it",
                    $"add -o smtp_tls_security_level=may to {service.Id}");
            }

            if (postfix.Effective(service, "smtp_tls_policy_maps") is { Length: > 0 } maps)
            {
                yield return Finding.Warning(CheckArea.Release,
                    $"{service.Id} runs with smtp_tls_policy_maps = {maps}: an entry there can demand TLS for a released copy, which then stays deferred",
                    $"add -o smtp_tls_policy_maps= to {service.Id}");
            }

            var headerChecks = postfix.Effective(service, "smtp_header_checks");
            var missing = LookupTable.Missing(context.System, headerChecks);
            foreach (var table in missing)
            {
                yield return Finding.Error(CheckArea.Release,
                    $"{service.Id} smtp_header_checks names {table}, which does not exist: Postfix defers released copies",
                    "install postfix-snippets/posttls-strip.pcre there");
            }

            var strips = LookupTable.Parse(headerChecks)
                .SelectMany(t => t.Lines(context.System) ?? [])
                .Any(ReleaseRoute.IsStripRule);
            if (missing.Count == 0 && !strips)
            {
                yield return Finding.Error(CheckArea.Release,
                    $"{service.Id} smtp_header_checks ({(headerChecks.Length == 0 ? "none" : headerChecks)}) does not remove {ReleaseRoute.RoutingHeader}: the routing header would reach the recipient",
                    $"add -o smtp_header_checks=pcre:/etc/postfix/posttls-strip.pcre to {service.Id} and install postfix-snippets/posttls-strip.pcre");
            }
        }
    }
}
