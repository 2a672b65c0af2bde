namespace PostTls.Check;

/// <summary>
/// The release listener (release_service, default posttls-release) through which posttls apply
/// sends a copy without TLS: an smtpd on a private unix socket, so only root and Postfix can
/// connect; no content filter and no milters; and a cleanup of its own whose header_checks
/// turn X-PostTLS-Release into FILTER smtp-insecure:NEXTHOP. That FILTER rule must be
/// reachable from this listener only: anywhere else, anyone who can send mail could route it
/// around the TLS policy.
/// </summary>
internal sealed class ReleaseListenerCheck : ICheck
{
    private const string Snippet = "the posttls-release entry from postfix-snippets/master.cf";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var postfix = context.Postfix;
        var name = context.Settings.ReleaseService;
        var listener = ReleaseRoute.Listener(context);
        if (listener is null)
        {
            yield return Finding.Error(CheckArea.Release,
                $"master.cf has no {name} service (release_service): \"send without encryption\" cannot be carried out",
                $"add {Snippet}");
            yield break;
        }

        if (listener.Type != "unix")
        {
            yield return Finding.Error(CheckArea.Release,
                $"{listener.Id} is of type {listener.Type}, not a unix socket: posttls apply connects to $queue_directory/private/{name}, and a TCP port would let any local user send mail around the TLS policy",
                $"make it \"{name} unix - - n - - smtpd\" as in {Snippet}");
        }
        else if (!listener.IsPrivate)
        {
            yield return Finding.Error(CheckArea.Release,
                $"{listener.Id} has private = {listener.Private}: its socket is in public/, where any local user can send mail around the TLS policy",
                $"set the private column to - (or y) in master.cf");
        }

        if (listener.Command != "smtpd")
        {
            yield return Finding.Error(CheckArea.Release,
                $"{listener.Id} runs {listener.Command}, not smtpd",
                $"use {Snippet}");
            yield break;
        }

        if (postfix.Effective(listener, "content_filter") is { Length: > 0 } filter)
        {
            yield return Finding.Error(CheckArea.Release,
                $"{listener.Id} runs with content_filter = {filter}: released copies would be filtered again instead of sent",
                $"add -o content_filter= to {listener.Id} in master.cf");
        }

        if (postfix.Effective(listener, "smtpd_milters") is { Length: > 0 } milters)
        {
            yield return Finding.Error(CheckArea.Release,
                $"{listener.Id} runs with smtpd_milters = {milters}: a milter could change, hold or reject released copies",
                $"add -o smtpd_milters= to {listener.Id} in master.cf");
        }

        foreach (var finding in CheckCleanup(context, listener))
        {
            yield return finding;
        }
    }

    private static IEnumerable<Finding> CheckCleanup(CheckContext context, Postfix.MasterService listener)
    {
        var postfix = context.Postfix;
        var cleanupName = postfix.Effective(listener, "cleanup_service_name");
        if (cleanupName is "" or "cleanup")
        {
            yield return Finding.Error(CheckArea.Release,
                $"{listener.Id} uses the shared cleanup service \"{(cleanupName.Length == 0 ? "cleanup" : cleanupName)}\": the X-PostTLS-Release rule belongs in a cleanup of its own",
                "add -o cleanup_service_name=posttls-release-cleanup and the posttls-release-cleanup entry from postfix-snippets/master.cf");
            yield break;
        }

        var cleanup = postfix.Service(cleanupName, "unix");
        if (cleanup is null || cleanup.Command != "cleanup")
        {
            yield return Finding.Error(CheckArea.Release,
                $"{listener.Id} names cleanup_service_name = {cleanupName}, but master.cf has no such cleanup service",
                "add the posttls-release-cleanup entry from postfix-snippets/master.cf");
            yield break;
        }

        foreach (var other in postfix.Services.Where(s => s != listener && s.Command is "smtpd" or "pickup" or "qmqpd"
            && postfix.Effective(s, "cleanup_service_name") == cleanupName))
        {
            yield return Finding.Error(CheckArea.Release,
                $"{other.Id} also uses {cleanupName}: mail it accepts with an X-PostTLS-Release header would be sent without TLS",
                $"remove -o cleanup_service_name={cleanupName} from {other.Id}");
        }

        var headerChecks = postfix.Effective(cleanup, "header_checks");
        var missing = LookupTable.Missing(context.System, headerChecks);
        foreach (var table in missing)
        {
            yield return Finding.Error(CheckArea.Release,
                $"{cleanup.Id} header_checks names {table}, which does not exist: released copies would take the encrypted path and stay deferred",
                "install postfix-snippets/posttls-release.pcre there");
        }

        if (missing.Count == 0 && ReleaseRoute.FilterRules(context, headerChecks).Count == 0)
        {
            yield return Finding.Error(CheckArea.Release,
                $"{cleanup.Id} header_checks ({(headerChecks.Length == 0 ? "none" : headerChecks)}) has no rule turning {ReleaseRoute.RoutingHeader} into FILTER {ReleaseRoute.DefaultInsecureTransport}:...: released copies would take the encrypted path and stay deferred",
                "add -o header_checks=pcre:/etc/postfix/posttls-release.pcre to it and install postfix-snippets/posttls-release.pcre");
        }

        if (postfix.Effective(cleanup, "non_smtpd_milters") is { Length: > 0 } milters)
        {
            yield return Finding.Warning(CheckArea.Release,
                $"{cleanup.Id} runs with non_smtpd_milters = {milters}",
                $"add -o non_smtpd_milters= to {cleanup.Id} unless the milter must see released copies");
        }

        if (ReleaseRoute.FilterRules(context, postfix.Main("header_checks")).Count > 0)
        {
            yield return Finding.Error(CheckArea.Release,
                $"main.cf header_checks ({postfix.Main("header_checks")}) routes {ReleaseRoute.RoutingHeader} to the insecure transport for every message: anyone who can send you mail could route it around the TLS policy",
                $"remove that table from main.cf header_checks; only {cleanup.Id} may use it");
        }
    }
}
