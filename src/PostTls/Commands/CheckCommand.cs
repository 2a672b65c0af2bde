// posttls check - verify the whole setup, like "postfix check" (see man/posttls.8, CHECK).
//
// Run by root after installing and after every change to Postfix's or PostTLS's configuration.
// Reads main.cf and master.cf of postfix_config_directory through postconf (-x, -M, -P -x),
// looks up the action addresses with postmap -q, and examines the key, the directories, the
// database (read-only) and the sweep's schedule. Changes nothing. Prints one line per problem
// with its fix; exit 0 only when nothing fails, 78 when something does, 75 when Postfix
// cannot be queried.
using System.CommandLine;
using PostTls.Check;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Postfix;

namespace PostTls.Commands;

internal sealed class CheckCommand : Command, IDetailedHelp
{
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON document" };

    private readonly Option<bool> _strict = new("--strict") { Description = "Warnings fail the check too" };

    private readonly CommandHost _host;

    public CheckCommand(CommandHost host)
        : base("check", "Verify the Postfix wiring, files and schedule; print each problem with its fix (root)")
    {
        _host = host;
        Options.Add(_json);
        Options.Add(_strict);
        SetAction(Execute);
    }

    public string Details => """

        Checks that Postfix enforces TLS (smtp_tls_security_level, and warns about
        smtp_tls_policy_maps); that master.cf has the filter, decide, release listener, its
        cleanup and smtp-insecure services with the right users and options, the listener on a
        private unix socket; that the action addresses reach posttls decide and only your users
        can send to them; that the key, data and spool directories and the database have safe
        owners and modes; that a running cron daemon or an active systemd timer runs the
        sweep; and that log lines reach syslog or log_file. With trial_mode = yes in
        posttls.conf, opportunistic TLS is a warning, not an error.

        Each problem is one line: "posttls check: error: WHAT; FIX". Warnings are things
        that may be intended; they fail the check only with --strict. Exit status 0 when
        clean ("posttls check: ok"), 78 when something fails, 75 when Postfix cannot be
        queried, 77 when not run as root.

        Examples:
          posttls check
          posttls check --strict
          posttls -c /etc/posttls/second.conf check
          posttls check --json | jq -r '.findings[] | select(.severity == "error") | .text'
        """;

    private int Execute(ParseResult parseResult)
    {
        _host.Privileges.RequireRoot(Name);
        var settings = SettingsLoader.LoadToInspect(parseResult.GetValue(GlobalOptions.Config), _host.Variable);
        IReadOnlyList<Finding> findings;
        try
        {
            var queue = new PostfixQueue(settings.PostfixConfigDirectory, settings.SendmailPath, settings.PostfixCommandTimeLimit);
            findings = CheckRunner.Run(settings, queue, new HostSystem(), CheckOptions.For(settings));
        }
        catch (PostfixException e)
        {
            throw new Problem($"posttls check: cannot query Postfix: {e.Message}", ExitCodes.TempFail);
        }

        return CheckReport.Write(findings, parseResult.GetValue(_strict), parseResult.GetValue(_json), parseResult.InvocationConfiguration.Output);
    }
}
