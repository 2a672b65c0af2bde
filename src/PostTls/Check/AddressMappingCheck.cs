namespace PostTls.Check;

/// <summary>
/// Address mappings and BCC (canonical and virtual alias maps, masquerading, always_bcc,
/// sender_bcc_maps, recipient_bcc_maps) happen once per message, as FILTER_README prescribes
/// for every reinjection path. With SMTP reinjection they happen where mail first enters,
/// before the filter: the services that pass mail to the filter keep them, and the
/// reinjection listener turns them off (<see cref="ReinjectListenerCheck"/>). With sendmail
/// reinjection (reinject_address empty) they happen at pickup, after the filter: the smtpd
/// services that pass mail to the filter turn them off (receive_override_options =
/// no_address_mappings) and pickup keeps them. Either way the release listener turns them off,
/// because they ran when the message was first queued; its header checks stay on: they do the routing.
/// </summary>
internal sealed class AddressMappingCheck : ICheck
{
    private const string NoMappings = "no_address_mappings";
    private const string ReleaseOptions = "no_address_mappings,no_unknown_recipient_checks,no_milters";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var postfix = context.Postfix;
        var filter = context.PosttlsService("filter", FilterServiceCheck.ServiceName)?.Service.Name ?? FilterServiceCheck.ServiceName;
        var submission = postfix.Services
            .Where(s => s.Command == "smtpd" && s.Name != context.Settings.ReleaseService
                && postfix.Effective(s, "content_filter").StartsWith(filter + ":", StringComparison.Ordinal))
            .ToList();
        if (context.Settings.ReinjectAddress is not null)
        {
            foreach (var service in submission.Where(s => Options(context, s).Contains(NoMappings)))
            {
                yield return Finding.Error(CheckArea.Submission,
                    $"{service.Id} passes mail to {filter} with {NoMappings}: the reinjection listener turns mappings off too, so this mail is never mapped (no aliases, canonical maps or BCC)",
                    postfix.Override(service, "receive_override_options") is null
                        ? $"remove {NoMappings} from receive_override_options in main.cf"
                        : $"remove -o receive_override_options={NoMappings} from {service.Id} (that was for reinjection with sendmail)");
            }
        }

        foreach (var service in submission.Where(s => context.Settings.ReinjectAddress is null && !Options(context, s).Contains(NoMappings)))
        {
            yield return Finding.Warning(CheckArea.Submission,
                $"{service.Id} passes mail to {filter} with address mappings on: they run again at pickup when the filter reinjects, so every always_bcc or sender_bcc recipient gets two copies and aliases expand twice",
                $"add -o receive_override_options={NoMappings} to {service.Id} in master.cf");
        }

        if (context.Settings.ReinjectAddress is null && submission.Any(s => Options(context, s).Contains(NoMappings)))
        {
            foreach (var pickup in postfix.Services.Where(s => s.Command == "pickup" && Options(context, s).Contains(NoMappings)))
            {
                yield return Finding.Error(CheckArea.Submission,
                    $"{pickup.Id} runs with receive_override_options = {postfix.Effective(pickup, "receive_override_options")}: mail your users submit reaches the filter unmapped and is never mapped after it (no aliases, canonical maps or BCC)",
                    postfix.Override(pickup, "receive_override_options") is null
                        ? $"remove {NoMappings} from receive_override_options in main.cf; the submission services set it for themselves"
                        : $"remove {NoMappings} from the -o receive_override_options of {pickup.Id}");
            }
        }

        if (ReleaseRoute.Listener(context) is { Command: "smtpd" } listener)
        {
            var options = Options(context, listener);
            if (!options.Contains(NoMappings))
            {
                yield return Finding.Error(CheckArea.Release,
                    $"{listener.Id} runs with address mappings on: always_bcc and sender_bcc recipients are added to every released copy again and go out with it, without TLS, to the copy's next hop",
                    $"add -o receive_override_options={ReleaseOptions} to {listener.Id}, as in postfix-snippets/master.cf");
            }

            if (options.Contains("no_header_body_checks"))
            {
                yield return Finding.Error(CheckArea.Release,
                    $"{listener.Id} runs with no_header_body_checks: its cleanup never turns {ReleaseRoute.RoutingHeader} into a FILTER, so every released copy takes the encrypted path",
                    $"use -o receive_override_options={ReleaseOptions} on {listener.Id}");
            }
        }
    }

    /// <summary>The receive_override_options in effect for <paramref name="service"/>.</summary>
    public static HashSet<string> Options(CheckContext context, Postfix.MasterService service) =>
        Configuration.ListValues.Split(context.Postfix.Effective(service, "receive_override_options")).ToHashSet(StringComparer.Ordinal);
}
