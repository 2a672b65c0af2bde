namespace PostTls.Check;

/// <summary>
/// With pickup filtered, mail from the local sendmail is tagged for the envelope sender it
/// names. Postfix (3.6 and later) lets every local user name any sender while
/// local_login_sender_maps is its default, static:*; a local user could then send mail in
/// another user's name, and that user would be asked about it. Postfix before 3.6 has no such
/// map (the parameter is unknown there), so nothing is reported.
/// </summary>
internal sealed class LocalSenderCheck : ICheck
{
    public IEnumerable<Finding> Run(CheckContext context)
    {
        var postfix = context.Postfix;
        var filter = context.PosttlsService("filter", FilterServiceCheck.ServiceName)?.Service.Name ?? FilterServiceCheck.ServiceName;
        var pickup = postfix.Services.FirstOrDefault(s => s.Command == "pickup"
            && postfix.Effective(s, "content_filter").StartsWith(filter + ":", StringComparison.Ordinal));
        if (context.Settings.ReinjectAddress is null || pickup is null || postfix.Main("local_login_sender_maps") != "static:*")
        {
            yield break;
        }

        yield return Finding.Warning(CheckArea.Submission,
            $"{pickup.Id} passes local mail to {filter}, and local_login_sender_maps = static:* lets every local user send as anyone: such mail is tagged for the sender it names, so a local user can have another user asked about his message",
            "restrict local_login_sender_maps in main.cf, e.g. inline:{ root=*, postfix=*, posttls=* }, pcre:/etc/postfix/local-senders.pcre (each login to its own addresses); or leave it if no one but administrators has a shell here");
    }
}
