using PostTls.Configuration;
using PostTls.Decide;
using PostTls.Setup;

namespace PostTls.Check;

/// <summary>
/// A decision belongs to the person who sent the message. On the submission services each
/// login may send only as its own addresses (smtpd_sender_login_maps with a login-mismatch
/// restriction); posttls decide gets the login (<c>--login ${sasl_username}</c>) and checks it
/// against the same map, main.cf's, which user posttls must be able to read.
/// </summary>
internal sealed class SenderLoginCheck : ICheck
{
    private static readonly string[] MismatchRestrictions =
        ["reject_sender_login_mismatch", "reject_authenticated_sender_login_mismatch", "reject_known_sender_login_mismatch"];

    private static readonly string[] RestrictionLists = ["smtpd_sender_restrictions", "smtpd_recipient_restrictions", "smtpd_relay_restrictions"];

    public IEnumerable<Finding> Run(CheckContext context) =>
        DecideGetsTheLogin(context).Concat(Submission(context)).Concat(MapsReadable(context));

    private static IEnumerable<Finding> DecideGetsTheLogin(CheckContext context)
    {
        if (context.PosttlsService("decide", DecideServiceCheck.ServiceName) is var (service, pipe) && !pipe.Argv.Contains("${sasl_username}"))
        {
            yield return Finding.Warning(CheckArea.Decide,
                $"{service.Id} does not pass the login to posttls decide: a decision mailed with another user's login is not compared with the sender",
                $"add --login ${{sasl_username}} before -- in its argv (postfix-snippets/master.cf)");
        }
    }

    private static IEnumerable<Finding> Submission(CheckContext context)
    {
        var postfix = context.Postfix;
        var filter = context.PosttlsService("filter", FilterServiceCheck.ServiceName)?.Service.Name ?? FilterServiceCheck.ServiceName;
        var mainMaps = postfix.Main(LoginOwnership.LoginMapsParameter);
        foreach (var service in postfix.Services.Where(s => s.Command == "smtpd" && postfix.Effective(s, "content_filter").StartsWith(filter + ":", StringComparison.Ordinal)))
        {
            var maps = postfix.Effective(service, LoginOwnership.LoginMapsParameter);
            var compares = RestrictionLists.SelectMany(list => ListValues.Split(postfix.Effective(service, list))).Any(r => MismatchRestrictions.Contains(r));
            if (!compares || maps.Length == 0)
            {
                yield return Finding.Warning(CheckArea.Submission,
                    $"{service.Id} lets a logged-in user send as any address ({(compares ? "smtpd_sender_login_maps is empty" : "no login-mismatch restriction")}): whoever holds a forwarded notice can decide in its sender's name",
                    $"add -o smtpd_sender_restrictions=reject_authenticated_sender_login_mismatch to {service.Id} and set smtpd_sender_login_maps in main.cf (postfix-snippets)");
            }
            else if (maps != mainMaps)
            {
                yield return Finding.Warning(CheckArea.Submission,
                    $"{service.Id} has its own smtpd_sender_login_maps ({maps}), but posttls decide checks logins against main.cf's ({(mainMaps.Length == 0 ? "none" : mainMaps)})",
                    $"set smtpd_sender_login_maps = {maps} in main.cf and drop the -o from {service.Id}");
            }
        }
    }

    /// <summary>decide looks the map up as user posttls, proxy: tables directly.</summary>
    private static IEnumerable<Finding> MapsReadable(CheckContext context)
    {
        if (context.Account is not { } account)
        {
            yield break;
        }

        foreach (var table in LookupTable.Parse(context.Postfix.Main(LoginOwnership.LoginMapsParameter)))
        {
            var direct = table.Type == "proxy" ? LookupTable.Parse(table.Name).FirstOrDefault() : table;
            if (direct?.ReadFile is not { } file)
            {
                continue;
            }

            var status = context.System.Status(file);
            var blocked = Access.BlockingDirectory(context.System, file, account.User, account.Group);
            if (status is null || blocked is not null || !Access.CanRead(status, account.User, account.Group))
            {
                yield return Finding.Warning(CheckArea.Decide,
                    $"user {ServiceAccount.Name} cannot read {file} ({(status is null ? "it does not exist" : blocked is not null ? $"{blocked} is closed to it" : $"mode {status.OctalMode}")}), which smtpd_sender_login_maps needs: posttls decide defers every decision mailed with a login",
                    $"make {file} readable for user {ServiceAccount.Name}, e.g. chgrp {ServiceAccount.Name} {file} && chmod g+r {file}");
            }
        }
    }
}
