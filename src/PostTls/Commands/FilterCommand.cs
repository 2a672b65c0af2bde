// posttls filter - the content filter that tags internal mail (see man/posttls.8, FILTER).
//
// Run by Postfix's pipe(8) as user posttls for every message submitted through a service
// with -o content_filter=posttls-filter:dummy. Removes forged X-PostTLS-* fields, prepends
// X-PostTLS-ID: <tag>, reinjects with sendmail -G -i. Exits 0 only when sendmail accepted
// the copy, 75 (defer) on any failure; never runs as root.
using System.CommandLine;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Filter;
using PostTls.Logging;
using PostTls.Unix;

namespace PostTls.Commands;

internal sealed class FilterCommand : Command, IPipeCommand, IDetailedHelp
{
    private readonly Option<string> _sender = new("-f")
    {
        Description = "Envelope sender as given by pipe(8) ${sender}; empty for the null sender",
        HelpName = "SENDER",
        Required = true,
    };

    private readonly Argument<string[]> _recipients = new("RECIPIENT")
    {
        Description = "Envelope recipients as given by pipe(8) ${recipient}",
        Arity = ArgumentArity.OneOrMore,
    };

    public FilterCommand()
        : base("filter", "Tag a message and reinject it (run by Postfix's pipe(8) as user posttls)")
    {
        Options.Add(_sender);
        Arguments.Add(_recipients);
        SetAction(Execute);
    }

    public string Details => """

            Reads the message on standard input, removes X-PostTLS-* header fields, adds
            X-PostTLS-ID, and reinjects it with sendmail -G -i. Exit status 0 when sendmail
            accepted the copy, 75 otherwise (Postfix keeps the message and retries).

            Example (master.cf):
              posttls-filter unix - n n - 10 pipe flags=Rq user=posttls null_sender=
                argv=/usr/local/bin/posttls filter -f ${sender} -- ${recipient}
            """;

    public int FailureExitCode => ExitCodes.TempFail;

    private int Execute(ParseResult parseResult) =>
        Run(parseResult.GetValue(GlobalOptions.Config), parseResult.GetValue(_sender) ?? "", parseResult.GetValue(_recipients) ?? []);

    /// <summary>The filter proper, shared by the parser above and <see cref="FilterFastPath"/>.</summary>
    public static int Run(string? configFile, string sender, IReadOnlyList<string> recipients)
    {
        // Taken first, while pipe(8) is surely alive: it writes the input and must outlive its end.
        var writer = ParentProcess.Current();
        Privileges.RefuseRoot("filter");
        PostTlsSettings settings;
        try
        {
            settings = SettingsLoader.Load(configFile);
        }
        catch (ConfigException e)
        {
            throw new Problem($"posttls filter: {e.Message}; Postfix will retry", ExitCodes.TempFail);
        }

        var log = MailLog.For("filter", settings, TimeProvider.System, Console.Error);
        var runner = new FilterRunner(settings, log, () =>
        {
            Console.Error.WriteLine($"posttls filter: reinjection did not finish within {settings.ReinjectTimeLimit.TotalSeconds:0} s; Postfix will retry");
            Environment.Exit(ExitCodes.TempFail);
        }, writerDied: writer.HasDied, clock: TimeProvider.System);
        using var input = Console.OpenStandardInput();
        return runner.Run(sender, recipients, input);
    }
}
