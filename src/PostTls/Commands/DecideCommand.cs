// posttls decide - accept a sender's decision mailed to an action address (see man/posttls.8, DECIDE).
//
// Run by Postfix's pipe(8) as user posttls for mail to <action>@action_domain. Checks the
// token, that the envelope sender is the original sender and, when the mail was submitted
// with a SASL login (--login ${sasl_username}), that the login owns that sender; then drops a
// decision file into spool_directory. Invalid, forged, expired, replayed or foreign actions
// bounce with one line that says why; its own failures exit 75. Never opens the database,
// never runs postsuper.
using System.CommandLine;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Decide;
using PostTls.Logging;
using PostTls.Tagging;

namespace PostTls.Commands;

internal sealed class DecideCommand : Command, IPipeCommand, IDetailedHelp
{
    private readonly Option<string> _sender = new("-f")
    {
        Description = "Envelope sender as given by pipe(8) ${sender}",
        HelpName = "SENDER",
        Required = true,
    };

    private readonly Option<string> _login = new("--login")
    {
        Description = "SASL login the mail was submitted with, as given by pipe(8) ${sasl_username} (empty: none); it must own the sender",
        HelpName = "LOGIN",
    };

    private readonly Argument<string[]> _recipients = new("RECIPIENT")
    {
        Description = "The action address, as given by pipe(8) ${recipient}",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly CommandHost _host;

    public DecideCommand(CommandHost host)
        : base("decide", "Accept a sender's decision mailed to an action address (run by pipe(8) as user posttls)")
    {
        _host = host;
        Options.Add(_sender);
        Options.Add(_login);
        Arguments.Add(_recipients);
        SetAction(Execute);
    }

    public int FailureExitCode => ExitCodes.TempFail;

    /// <summary>
    /// pipe(8) hands over any login as it is, as the word after <c>--login</c>; one that looks
    /// like <c>--</c> would end the options instead. <c>--login=VALUE</c> keeps it a value
    /// (an empty login stays a word of its own: <c>--login=</c> would miss its value).
    /// </summary>
    public static string[] JoinLogin(string[] args)
    {
        for (var i = 0; i + 1 < args.Length && args[i] != "--"; i++)
        {
            if (args[i] == "--login" && args[i + 1].Length > 0)
            {
                return [.. args[..i], "--login=" + args[i + 1], .. args[(i + 2)..]];
            }
        }

        return args;
    }

    public string Details => """

        Checks the action address's token (HMAC, expiry) and that the mail comes from the
        original sender; with a login, that the login owns that sender (Postfix's
        smtpd_sender_login_maps, else the address or its local part in a local domain).
        Then drops a decision file into spool_directory for apply. A bad request bounces
        with one line saying why; exit status 0 when accepted, 77 when rejected, 75 for
        temporary failures (also when the owners cannot be looked up).

        Example (master.cf):
          posttls-decide unix - n n - - pipe flags=q user=posttls
            argv=/usr/local/bin/posttls decide -f ${sender} --login ${sasl_username} -- ${recipient}
        """;

    private int Execute(ParseResult parseResult)
    {
        _host.Privileges.RefuseRoot(Name);
        PostTlsSettings settings;
        byte[] key;
        try
        {
            settings = SettingsLoader.Load(parseResult.GetValue(GlobalOptions.Config), _host.Variable);
            key = SecretKey.Load(settings.SecretKeyFile);
        }
        catch (Exception e) when (e is ConfigException or SecretKeyException)
        {
            throw new Problem($"posttls decide: {e.Message}; Postfix will retry", ExitCodes.TempFail);
        }

        var log = MailLog.For(Name, settings, _host.Clock, Console.Error);
        using var input = Console.OpenStandardInput();
        return new DecideRunner(settings, key, _host.Clock, log)
            .Run(parseResult.GetValue(_sender) ?? "", parseResult.GetValue(_recipients) ?? [], input, parseResult.InvocationConfiguration.Output,
                parseResult.GetValue(_login));
    }
}
