using PostTls.Configuration;

namespace PostTls.Check;

/// <summary>
/// The content filter: a pipe(8) service (posttls-filter) running <c>posttls filter</c> as
/// user posttls, with null_sender= (so bounces keep their null sender), all recipients of a
/// message in one run, and a time limit above reinject_time_limit (pipe bounces a message
/// whose filter runs too long; posttls defers on its own before that).
/// </summary>
internal sealed class FilterServiceCheck : ICheck
{
    public const string ServiceName = "posttls-filter";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var found = context.PosttlsService("filter", ServiceName);
        if (found is null)
        {
            yield return Finding.Error(CheckArea.Filter,
                $"master.cf has no pipe service running posttls filter: submitted mail is not tagged",
                $"add the {ServiceName} entry from postfix-snippets/master.cf");
            yield break;
        }

        var (service, pipe) = found.Value;
        foreach (var finding in PipeServiceRules.Check(context, CheckArea.Filter, service, pipe))
        {
            yield return finding;
        }

        if (pipe.NullSender is null or { Length: > 0 })
        {
            yield return Finding.Error(CheckArea.Filter,
                $"{service.Id} has {(pipe.NullSender is null ? "no null_sender=" : "null_sender=" + pipe.NullSender)}: bounces would be reinjected with sender {pipe.NullSender ?? "MAILER-DAEMON"} instead of the null sender",
                $"add null_sender= (empty) to {service.Id}");
        }

        if (!pipe.Flags.Contains('R', StringComparison.Ordinal))
        {
            yield return Finding.Warning(CheckArea.Filter,
                $"{service.Id} has no R in flags= ({(pipe.Flags.Length == 0 ? "none" : pipe.Flags)})",
                "use flags=Rq as in postfix-snippets/master.cf");
        }

        var postfix = context.Postfix;
        var limitName = service.Name + "_destination_recipient_limit";
        if (int.TryParse(postfix.Main(limitName), out var limit) && int.TryParse(postfix.Main("smtpd_recipient_limit"), out var smtpdLimit)
            && limit < smtpdLimit)
        {
            yield return Finding.Warning(CheckArea.Filter,
                $"{limitName} = {limit} is below smtpd_recipient_limit = {smtpdLimit}: a message with more recipients is filtered in parts and gets several tags",
                $"set {limitName} = {smtpdLimit} in main.cf");
        }

        var timeName = service.Name + "_time_limit";
        if (DurationParser.TryParse(postfix.Main(timeName), out var timeLimit) && timeLimit <= context.Settings.ReinjectTimeLimit)
        {
            yield return Finding.Error(CheckArea.Filter,
                $"{timeName} = {postfix.Main(timeName)} is not above reinject_time_limit ({context.Settings.ReinjectTimeLimit.TotalSeconds:0}s): pipe(8) would bounce a slow message that posttls would have deferred",
                $"set {timeName} = 1000s in main.cf (or lower reinject_time_limit in posttls.conf)");
        }
    }
}
