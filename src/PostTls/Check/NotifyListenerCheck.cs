namespace PostTls.Check;

/// <summary>
/// The notify listener (notify_service) that takes PostTLS's own mail: an smtpd on a private unix
/// socket, without a content filter. Without it no notice, confirmation or alert is sent.
/// </summary>
internal sealed class NotifyListenerCheck : ICheck
{
    public IEnumerable<Finding> Run(CheckContext context)
    {
        var name = context.Settings.NotifyService;
        if (name.Length == 0)
        {
            yield break;
        }

        var postfix = context.Postfix;
        var listener = postfix.Services.FirstOrDefault(s => s.Name == name && s.Type == "unix");
        if (listener is null || listener.Command != "smtpd")
        {
            yield return Finding.Error(CheckArea.Alerts,
                $"master.cf has no {name} unix smtpd service (notify_service): no notice, confirmation or alert can be sent",
                "add the posttls-notify entry from postfix-snippets/master.cf, part 2");
            yield break;
        }

        if (!listener.IsPrivate)
        {
            yield return Finding.Error(CheckArea.Alerts,
                $"{listener.Id} has private = {listener.Private}: its socket is in public/, where any local user can send mail without the filter",
                "set the private column to - (or y) in master.cf");
        }

        if (postfix.Effective(listener, "content_filter") is { Length: > 0 } filter)
        {
            yield return Finding.Warning(CheckArea.Alerts,
                $"{listener.Id} runs with content_filter = {filter}: PostTLS's own mail goes through a filter for nothing",
                $"add -o content_filter= to {listener.Id}");
        }
    }
}
