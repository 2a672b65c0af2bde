using PostTls.Configuration;

namespace PostTls.Check;

/// <summary>
/// The decision transport: a pipe(8) service (posttls-decide) running <c>posttls decide</c>
/// as user posttls, one action address per run.
/// </summary>
internal sealed class DecideServiceCheck : ICheck
{
    public const string ServiceName = "posttls-decide";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var found = context.PosttlsService("decide", ServiceName);
        if (found is null)
        {
            yield return Finding.Error(CheckArea.Decide,
                $"master.cf has no pipe service running posttls decide: senders' decisions cannot be received",
                $"add the {ServiceName} entry from postfix-snippets/master.cf");
            yield break;
        }

        var (service, pipe) = found.Value;
        foreach (var finding in PipeServiceRules.Check(context, CheckArea.Decide, service, pipe))
        {
            yield return finding;
        }

        var limitName = service.Name + "_destination_recipient_limit";
        if (context.Postfix.Main(limitName) is var limit && limit != "1")
        {
            yield return Finding.Error(CheckArea.Decide,
                $"{limitName} = {(limit.Length == 0 ? "(unset)" : limit)}: posttls decide takes one action address per run and defers the others",
                $"set {limitName} = 1 in main.cf");
        }

        // decide asks postmap whether the login owns the sender address; a hung postmap is
        // killed at postfix_command_time_limit and the decision deferred, but only if pipe(8)'s
        // own limit, which bounces, has not run out first.
        var timeName = service.Name + "_time_limit";
        if (DurationParser.TryParse(context.Postfix.Main(timeName), out var timeLimit) && timeLimit <= context.Settings.PostfixCommandTimeLimit)
        {
            yield return Finding.Error(CheckArea.Decide,
                $"{timeName} = {context.Postfix.Main(timeName)} is not above {SettingNames.PostfixCommandTimeLimit} ({context.Settings.PostfixCommandTimeLimit.TotalSeconds:0}s): pipe(8) would bounce the sender's decision when a Postfix lookup hangs, where posttls would have deferred it",
                $"set {timeName} = 1000s in main.cf (or lower {SettingNames.PostfixCommandTimeLimit} in posttls.conf)");
        }
    }
}
