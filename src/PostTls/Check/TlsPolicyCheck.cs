namespace PostTls.Check;

/// <summary>
/// Postfix enforces TLS, PostTLS does not: smtp_tls_security_level must be mandatory
/// (encrypt, fingerprint, verify, secure, dane-only), and the transports that deliver
/// ordinary mail must not lower it with <c>-o</c>. smtp_tls_policy_maps can lower it per
/// destination, which a check cannot see, so it is a warning. While trial_mode = yes, an
/// opportunistic main.cf level is a warning too.
/// </summary>
internal sealed class TlsPolicyCheck : ICheck
{
    private static readonly string[] Mandatory = ["encrypt", "fingerprint", "verify", "secure", "dane-only"];
    private static readonly string[] Opportunistic = ["may", "none", ""];

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var postfix = context.Postfix;
        var level = EffectiveLevel(postfix.Main("smtp_tls_security_level"), postfix.Main("smtp_enforce_tls"),
            postfix.Main("smtp_use_tls"), postfix.Main("smtp_tls_enforce_peername"));
        foreach (var finding in MainLevel(context, level))
        {
            yield return finding;
        }

        if (postfix.Main("smtp_tls_security_level").Length == 0 && Mandatory.Contains(level))
        {
            yield return Finding.Warning(CheckArea.Tls,
                $"TLS is enforced only through the obsolete smtp_enforce_tls (as {level})",
                $"set smtp_tls_security_level = {level} in main.cf instead");
        }

        if (postfix.Main("smtp_tls_policy_maps") is { Length: > 0 } maps)
        {
            yield return Finding.Warning(CheckArea.Tls,
                $"smtp_tls_policy_maps = {maps} can lower the TLS level for some destinations",
                "make sure no entry there says none or may unless you mean it, e.g. postmap -s TABLE | grep -Ew 'none|may'");
        }

        // Every smtp service but the release path's delivers ordinary mail: default_transport,
        // relay_transport, or whatever transport_maps names.
        var insecure = ReleaseRoute.InsecureTransports(context);
        var delivering = new[] { postfix.Main("default_transport"), postfix.Main("relay_transport") }
            .Select(t => t.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var service in postfix.Services.Where(s => s.Command == "smtp" && s.Type == "unix" && !insecure.Contains(s.Name)))
        {
            var severity = delivering.Contains(service.Name) ? Severity.Error : Severity.Warning;
            if (postfix.Override(service, "smtp_tls_security_level") is { } own && own != level)
            {
                foreach (var finding in Judge(own, $"{service.Id} -o smtp_tls_security_level", "in master.cf", severity))
                {
                    yield return severity == Severity.Error ? finding : finding with
                    {
                        Fix = $"intended if only destinations that may get mail without TLS are routed to {service.Name}; otherwise " + finding.Fix,
                    };
                }
            }

            if (postfix.Override(service, "smtp_tls_policy_maps") is { Length: > 0 } ownMaps && ownMaps != postfix.Main("smtp_tls_policy_maps"))
            {
                yield return Finding.Warning(CheckArea.Tls,
                    $"{service.Id} has its own smtp_tls_policy_maps = {ownMaps}, which can lower the TLS level for some destinations",
                    "make sure no entry there says none or may unless you mean it");
            }
        }
    }

    /// <summary>
    /// main.cf's level. During a trial (trial_mode = yes) opportunistic TLS is what the
    /// administrator runs on purpose, so it is a warning that reminds them, not a failure that
    /// no trial could ever pass; a level nobody knows stays an error.
    /// </summary>
    private static IEnumerable<Finding> MainLevel(CheckContext context, string level)
    {
        var trial = context.Settings.TrialMode;
        var config = context.Settings.SourceFile;
        if (trial && Mandatory.Contains(level))
        {
            yield return Finding.Warning(CheckArea.Tls,
                $"trial_mode = yes, but smtp_tls_security_level = {level} enforces TLS already",
                $"set trial_mode = no in {config}, so that posttls check fails again when TLS is not enforced");
            yield break;
        }

        var severity = trial && Opportunistic.Contains(level) ? Severity.Warning : Severity.Error;
        foreach (var finding in Judge(level, "smtp_tls_security_level", "in main.cf", severity))
        {
            yield return severity == Severity.Warning && trial ? finding with
            {
                Text = finding.Text + " (a trial: trial_mode = yes)",
                Fix = $"when the trial is over, {finding.Fix} and set trial_mode = no in {config}",
            } : finding;
        }
    }

    /// <summary>The level Postfix uses: smtp_tls_security_level, else the obsolete parameters (postconf(5)).</summary>
    public static string EffectiveLevel(string level, string enforceTls, string useTls, string enforcePeername)
    {
        if (level.Length > 0)
        {
            return level.ToLowerInvariant();
        }

        if (IsYes(enforceTls))
        {
            return IsYes(enforcePeername) ? "verify" : "encrypt";
        }

        return IsYes(useTls) ? "may" : "none";
    }

    private static bool IsYes(string value) => value.Equals("yes", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<Finding> Judge(string level, string what, string where, Severity severity)
    {
        if (Mandatory.Contains(level))
        {
            yield break;
        }

        if (level == "dane")
        {
            yield return Finding.Warning(CheckArea.Tls,
                $"{what} = dane enforces TLS only for destinations with DNSSEC-signed TLSA records; all others get opportunistic TLS (may)",
                $"for mandatory TLS everywhere set it to encrypt (or verify, secure, dane-only) {where}");
        }
        else if (Opportunistic.Contains(level))
        {
            yield return new Finding(severity, CheckArea.Tls,
                $"{what} = {(level.Length == 0 ? "none" : level)} does not enforce TLS",
                $"set it to encrypt (or verify, secure, dane-only) {where}");
        }
        else
        {
            yield return new Finding(severity, CheckArea.Tls,
                $"{what} = {level} is not a TLS security level Postfix knows",
                $"set it to encrypt (or verify, secure, dane-only) {where}");
        }
    }
}
