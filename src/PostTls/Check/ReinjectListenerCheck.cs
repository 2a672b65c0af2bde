using PostTls.Tagging;

namespace PostTls.Check;

/// <summary>
/// The reinjection listener (reinject_address) that posttls filter hands its copy to: an inet
/// smtpd on that loopback address, without a content filter (or every copy loops through the
/// filter), that admits only the secret HELO name of its table (or any local user injects mail
/// with forged or copied tags around the filter), whose table matches the key and only root
/// can read, and whose cleanup drops the Received line that shows the name.
/// </summary>
internal sealed class ReinjectListenerCheck : ICheck
{
    private const string Snippet = "postfix-snippets/master.cf, part 2";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        if (context.Settings.ReinjectAddress is not { } address)
        {
            yield break;
        }

        var postfix = context.Postfix;
        var name = ServiceName(address);
        var listener = postfix.Services.FirstOrDefault(s => s.Type == "inet" && s.Name == name);
        if (listener is null)
        {
            yield return Finding.Error(CheckArea.Filter,
                $"master.cf has no {name} inet service (reinject_address): the filter cannot hand mail back, and every message it gets stays deferred",
                $"add the reinjection listener and posttls-reinject-cleanup from {Snippet} (or set reinject_address to the listener you have)");
            yield break;
        }

        if (listener.Command != "smtpd")
        {
            yield return Finding.Error(CheckArea.Filter, $"{listener.Id} runs {listener.Command}, not smtpd", $"use the entry from {Snippet}");
            yield break;
        }

        if (postfix.Effective(listener, "content_filter") is { Length: > 0 } filter)
        {
            yield return Finding.Error(CheckArea.Filter,
                $"{listener.Id} runs with content_filter = {filter}: every reinjected copy goes through the filter again, without end",
                $"add -o content_filter= to {listener.Id}");
        }

        foreach (var finding in Gate(context, listener))
        {
            yield return finding;
        }

        foreach (var finding in VerboseLogging(context, listener))
        {
            yield return finding;
        }

        if (postfix.Effective(listener, "smtpd_milters") is { Length: > 0 } milters
            && !AddressMappingCheck.Options(context, listener).Contains("no_milters"))
        {
            yield return Finding.Warning(CheckArea.Filter,
                $"{listener.Id} runs the milters {milters} a second time on every message",
                $"add no_milters to the -o receive_override_options of {listener.Id}");
        }

        if (!AddressMappingCheck.Options(context, listener).Contains("no_address_mappings"))
        {
            yield return Finding.Warning(CheckArea.Filter,
                $"{listener.Id} runs with address mappings on: they ran before the filter already, so aliases expand twice and every always_bcc or sender_bcc recipient gets two copies",
                $"add -o receive_override_options=no_unknown_recipient_checks,no_milters,no_address_mappings to {listener.Id}");
        }

        var cleanup = postfix.Effective(listener, "cleanup_service_name");
        var cleanupService = postfix.Services.FirstOrDefault(s => s.Name == cleanup && s.Type == "unix" && s.Command == "cleanup");
        if (cleanupService is null || !postfix.Effective(cleanupService, "header_checks").Contains("posttls-reinject-received.pcre", StringComparison.Ordinal))
        {
            yield return Finding.Error(CheckArea.Filter,
                $"{listener.Id} uses the cleanup service \"{cleanup}\", which does not drop its Received line: every message carries the listener's secret HELO name out of this server",
                $"use -o cleanup_service_name=posttls-reinject-cleanup and that entry from {Snippet}");
        }
    }

    /// <summary>Whether <paramref name="service"/> is the reinjection listener (only the filter gets in).</summary>
    public static bool IsListener(CheckContext context, Postfix.MasterService service) =>
        context.Settings.ReinjectAddress is { } address && service.Type == "inet" && service.Name == ServiceName(address);

    private static string ServiceName(System.Net.IPEndPoint address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address.Address}]:{address.Port}" : address.ToString();

    /// <summary>
    /// smtpd -v, or a debug_peer_list that matches the filter's address, logs every command of
    /// the filter's sessions: the secret HELO name lands in the mail log for every message, where
    /// whoever reads the log can take it to the listener.
    /// </summary>
    private static IEnumerable<Finding> VerboseLogging(CheckContext context, Postfix.MasterService listener)
    {
        if (listener.Arguments.Any(a => a.Length > 1 && a[0] == '-' && a.AsSpan(1).TrimStart('v').IsEmpty))
        {
            yield return Finding.Warning(CheckArea.Filter,
                $"{listener.Id} runs smtpd -v: it logs every command of the filter's sessions, the secret HELO name with them, for every message",
                $"remove -v from {listener.Id} in master.cf (and run posttls init --force if the mail log has been read since)");
        }

        if (context.Postfix.Effective(listener, "debug_peer_list") is { Length: > 0 } peers)
        {
            yield return Finding.Warning(CheckArea.Filter,
                $"debug_peer_list = {peers} for {listener.Id}: where it matches 127.0.0.1, smtpd logs the filter's sessions in full, the secret HELO name with them",
                $"add -o debug_peer_list= to {listener.Id}, or empty debug_peer_list when the debugging is done");
        }
    }

    private static IEnumerable<Finding> Gate(CheckContext context, Postfix.MasterService listener)
    {
        var postfix = context.Postfix;
        var table = Path.Combine(context.Settings.PostfixConfigDirectory, ReinjectHelo.TableFileName);
        var restrictions = Configuration.ListValues.Split(postfix.Effective(listener, "smtpd_helo_restrictions"));
        var gated = postfix.Effective(listener, "smtpd_helo_required") == "yes"
            && restrictions.Length == 3 && restrictions[0] == "check_helo_access" && restrictions[1].StartsWith("texthash:/", StringComparison.Ordinal)
            && restrictions[2] == "reject";
        if (gated)
        {
            // The table the listener reads; posttls init writes it at postfix_config_directory.
            table = restrictions[1]["texthash:".Length..];
        }
        else
        {
            yield return Finding.Error(CheckArea.Filter,
                $"{listener.Id} does not admit only the secret HELO name: any local user can hand it mail that skips the filter, with forged or copied tags",
                $"give {listener.Id} -o smtpd_helo_required=yes and -o smtpd_helo_restrictions=check_helo_access,texthash:{table},reject");
            yield break;
        }

        var status = context.System.Status(table);
        var key = context.System.ReadBytes(context.Settings.SecretKeyFile);
        if (status is null || key is null || context.System.ReadText(table) != ReinjectHelo.Table(key))
        {
            yield return Finding.Error(CheckArea.Filter,
                $"{table} {(status is null ? "does not exist" : "does not match the secret key")}: the reinjection listener refuses the filter, and every message stays deferred",
                "run posttls init as root, then postfix reload");
        }
        else if (status.UserId != 0 || ((int)status.Mode & 0b000_111_111) != 0)
        {
            yield return Finding.Error(CheckArea.Filter,
                $"{table} can be read by others than root (owner {status.UserId}, mode {Convert.ToString((int)status.Mode & 0b111_111_111, 8)}): whoever reads it can hand mail to the listener around the filter",
                "run posttls init as root (it makes the table root:root 0600)");
        }
    }
}
