// posttls apply - carry out the decisions in spool_directory now (see man/posttls.8, APPLY).
//
// Run by root from the posttls-apply.path systemd unit whenever decide drops a file, so a
// sender's decision takes effect in seconds; sweep does the same every minute anyway.
using System.CommandLine;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Apply;

namespace PostTls.Commands;

internal sealed class ApplyCommand : Command, IDetailedHelp
{
    private readonly Option<bool> _dryRun = new("--dry-run", "-n")
    {
        Description = "Print what would be done; change nothing",
    };

    private readonly CommandHost _host;

    public ApplyCommand(CommandHost host)
        : base("apply", "Carry out senders' decisions now (root; systemd path unit)")
    {
        _host = host;
        Options.Add(_dryRun);
        SetAction(Execute);
    }

    public string Details => """

        Takes the decision files that decide dropped into spool_directory and carries them
        out: "send without encryption" holds the message, submits a copy per next hop to the
        release listener (routed through smtp-insecure), resubmits recipients that may not be
        released unchanged, then deletes the original; "delete" deletes it. Each step is
        recorded first, so a run that is killed is finished by the next. The sender gets a
        short confirmation. If a sweep is running, apply leaves the work to it.

        Examples:
          posttls apply
          posttls apply --dry-run
        """;

    /// <summary>apply, as the parsed command and <see cref="RunFastPath"/> run it.</summary>
    public static int Run(CommandHost host, string? configFile, bool dryRun, TextWriter output)
    {
        host.Privileges.RequireRoot("apply");
        var settings = SettingsLoader.Load(configFile, host.Variable);
        var log = MailLog.For("apply", settings, host.Clock, Console.Error);
        return ApplySession.Run(settings, host.Clock, log, dryRun, output);
    }

    private int Execute(ParseResult parseResult) =>
        Run(_host, parseResult.GetValue(GlobalOptions.Config), parseResult.GetValue(_dryRun), parseResult.InvocationConfiguration.Output);
}
