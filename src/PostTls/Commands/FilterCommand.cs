// posttls filter - the content filter that tags internal mail (see man/posttls.8, FILTER).
//
// Run by Postfix's pipe(8) as user posttls for every message submitted through a service
// with -o content_filter=posttls-filter:dummy. Removes forged X-PostTLS-* fields, prepends
// X-PostTLS-ID: <tag>, reinjects over SMTP into the reinjection listener (or, the old way,
// with sendmail -G -i). Exits 0 only when Postfix accepted the copy, 75 (defer) on any
// failure, 69 with the listener's text when it refused the copy for good; never runs as root.
using System.CommandLine;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Filter;
using PostTls.Logging;
using PostTls.Smtp;
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

    private readonly Option<string>[] _client = FilterFastPath.ClientOptions.Select(name => new Option<string>(name)
    {
        Description = $"{What(name)} as pipe(8) gives it (${{{PipeMacro(name)}}}), for the reinjection listener's log (XFORWARD)",
        HelpName = "VALUE",
        // pipe(8) gives an empty value for what it does not know (a local submission has no client).
        Arity = ArgumentArity.ZeroOrOne,
    }).ToArray();

    private readonly CommandHost _host;

    public FilterCommand(CommandHost host)
        : base("filter", "Tag a message and reinject it (run by Postfix's pipe(8) as user posttls)")
    {
        _host = host;
        Options.Add(_sender);
        foreach (var option in _client)
        {
            Options.Add(option);
        }

        Arguments.Add(_recipients);
        SetAction(Execute);
    }

    public string Details => """

            Reads the message on standard input, removes X-PostTLS-* header fields, adds
            X-PostTLS-ID, and reinjects it over SMTP into the listener at reinject_address
            (with sendmail -G -i when that is empty). Exit status 0 when Postfix accepted the
            copy; 69 and the listener's reply when it refused the copy for good (the sender
            gets it in a bounce); 75 otherwise (Postfix keeps the message and retries).

            Example (master.cf):
              posttls-filter unix - n n - 10 pipe flags=Rq user=posttls null_sender=
                argv=/usr/local/bin/posttls filter -f ${sender}
                --client-name=${client_hostname} --client-address=${client_address}
                --client-port=${client_port} --client-protocol=${client_protocol}
                --client-helo=${client_helo} --queue-id=${queue_id} -- ${recipient}
            """;

    public int FailureExitCode => ExitCodes.TempFail;

    private int Execute(ParseResult parseResult)
    {
        var client = _client.Select(option => parseResult.GetValue(option) ?? "").ToArray();
        return Run(_host, parseResult.GetValue(GlobalOptions.Config), parseResult.GetValue(_sender) ?? "", parseResult.GetValue(_recipients) ?? [],
            new SmtpForward(client[0], client[1], client[2], client[3], client[4], client[5]));
    }

    private static string What(string option) => option switch
    {
        "--client-name" => "The submitting client's host name,",
        "--client-address" => "Its IP address,",
        "--client-port" => "Its port,",
        "--client-protocol" => "Its protocol (SMTP, ESMTP, ...),",
        "--client-helo" => "Its HELO name,",
        _ => "The message's queue ID",
    };

    private static string PipeMacro(string option) => option switch
    {
        "--client-name" => "client_hostname",
        "--queue-id" => "queue_id",
        _ => option["--".Length..].Replace('-', '_'),
    };

    /// <summary>The filter proper, shared by the parser above and <see cref="FilterFastPath"/>.</summary>
    public static int Run(CommandHost host, string? configFile, string sender, IReadOnlyList<string> recipients, SmtpForward client)
    {
        // Taken first, while pipe(8) is surely alive: it writes the input and must outlive its end.
        var writer = ParentProcess.Current();
        host.Privileges.RefuseRoot("filter");
        PostTlsSettings settings;
        try
        {
            settings = SettingsLoader.Load(configFile, host.Variable);
        }
        catch (ConfigException e)
        {
            throw new Problem($"posttls filter: {e.Message}; Postfix will retry", ExitCodes.TempFail);
        }

        var log = MailLog.For("filter", settings, host.Clock, Console.Error);
        var runner = new FilterRunner(settings, log, () =>
        {
            Console.Error.WriteLine($"posttls filter: reinjection did not finish within {settings.ReinjectTimeLimit.TotalSeconds:0} s; Postfix will retry");
            Environment.Exit(ExitCodes.TempFail);
        }, writerDied: writer.HasDied, clock: host.Clock);
        using var input = Console.OpenStandardInput();
        return runner.Run(sender, recipients, input, client);
    }
}
