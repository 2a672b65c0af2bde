namespace PostTls.Check;

/// <summary>
/// Mail reaches the filter through <c>content_filter=posttls-filter:...</c> on the smtpd
/// services your users submit to (submission, submissions). Not on pickup: the filter
/// reinjects through pickup, so that would loop.
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

        foreach (var pickup in postfix.Services.Where(s => s.Command == "pickup" && Filters(s)))
        {
            yield return Finding.Error(CheckArea.Submission,
                $"{pickup.Id} runs with content_filter = {postfix.Effective(pickup, "content_filter")}: the filter reinjects through pickup, so every message would loop through it",
                postfix.Override(pickup, "content_filter") is null
                    ? $"remove content_filter from main.cf and set it on the submission services only (or add -o content_filter= to {pickup.Id})"
                    : $"remove -o content_filter from {pickup.Id}");
        }
    }
}
