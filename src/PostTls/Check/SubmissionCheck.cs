namespace PostTls.Check;

/// <summary>
/// Mail reaches the filter through <c>content_filter=posttls-filter:...</c> on the smtpd
/// services your users submit to (submission, submissions) and on pickup, for local sendmail.
/// Not on pickup when the filter reinjects with sendmail (reinject_address empty): that goes
/// through pickup, so it would loop.
/// </summary>
internal sealed class SubmissionCheck : ICheck
{
    public IEnumerable<Finding> Run(CheckContext context)
    {
        var postfix = context.Postfix;
        var filter = context.PosttlsService("filter", FilterServiceCheck.ServiceName)?.Service.Name ?? FilterServiceCheck.ServiceName;
        bool Filters(Postfix.MasterService service) =>
            postfix.Effective(service, "content_filter").StartsWith(filter + ":", StringComparison.Ordinal);

        var filtered = postfix.Services.Where(s => s.Command == "smtpd" && s.Name != context.Settings.ReleaseService && Filters(s)).ToList();
        if (filtered.Count == 0)
        {
            yield return Finding.Warning(CheckArea.Submission,
                $"no smtpd service passes mail to {filter}: submitted mail is not tagged, and its senders are never asked",
                $"add -o content_filter={filter}:dummy to your submission and submissions services in master.cf");
        }

        if (context.Settings.ReinjectAddress is not null)
        {
            foreach (var pickup in postfix.Services.Where(s => s.Command == "pickup" && !Filters(s)))
            {
                yield return Finding.Warning(CheckArea.Submission,
                    $"{pickup.Id} does not pass mail to {filter}: mail submitted with the local sendmail is not tagged, and its senders are never asked",
                    $"add -o content_filter={filter}:dummy to {pickup.Id} in master.cf");
            }

            yield break;
        }

        foreach (var pickup in postfix.Services.Where(s => s.Command == "pickup" && Filters(s)))
        {
            yield return Finding.Error(CheckArea.Submission,
                $"{pickup.Id} runs with content_filter = {postfix.Effective(pickup, "content_filter")}: with reinject_address empty the filter reinjects through pickup, so every message would loop through it",
                postfix.Override(pickup, "content_filter") is null
                    ? $"set reinject_address and add the reinjection listener (postfix-snippets/master.cf, part 2), or remove content_filter from main.cf and set it on the submission services only"
                    : $"set reinject_address and add the reinjection listener (postfix-snippets/master.cf, part 2), or remove -o content_filter from {pickup.Id}");
        }
    }
}
