using PostTls.Addresses;
using PostTls.Queue;
using PostTls.Smtp;

namespace PostTls.Postfix;

/// <summary>The real Postfix commands, run without a shell on the instance in postfix_config_directory.</summary>
/// <param name="timeLimit">How long each command may run before it is killed (postfix_command_time_limit).</param>
/// <param name="sendmailPath">The sendmail command, found when first needed.</param>
/// <param name="ownMail">Where PostTLS's own mail goes over SMTP (the notify listener), found when first needed; null: sendmail.</param>
internal sealed class PostfixQueue(string configDirectory, Func<string> sendmailPath, TimeSpan timeLimit, Func<SmtpEndpoint>? ownMail) : IPostfixQueue
{
    private string? _sendmail;
    private OwnMail? _ownMail;
    private RunningCommand? _listing;
    private Thread? _starting;

    public PostfixQueue(string configDirectory, string sendmailPath, TimeSpan timeLimit, SmtpEndpoint? ownMail = null)
        : this(configDirectory, () => sendmailPath, timeLimit, ownMail is null ? null : () => ownMail)
    {
    }

    /// <summary>
    /// The queue of the configured instance; PostTLS's own mail goes to the notify listener
    /// (notify_service) or, when that is empty, to sendmail (sendmail_path, or Postfix's own).
    /// </summary>
    /// <remarks>
    /// Both are looked up with postconf only when the first mail goes out: a steady sweep sends
    /// none, and one postconf run costs it a third of what postqueue -j costs at 100 messages.
    /// Sending then throws <see cref="PostfixException"/> when postconf cannot be run.
    /// </remarks>
    public static PostfixQueue For(Configuration.PostTlsSettings settings)
    {
        var directory = settings.PostfixConfigDirectory;
        if (settings.NotifyService.Length > 0)
        {
            return new PostfixQueue(directory, () => "", settings.PostfixCommandTimeLimit,
                () => SmtpEndpoint.Unix(Path.Combine(Postconf.Get(directory, "queue_directory"), "private", settings.NotifyService)));
        }

        return new PostfixQueue(directory, () => settings.SendmailPath.Length > 0 ? settings.SendmailPath : Postconf.Get(directory, "sendmail_path"),
            settings.PostfixCommandTimeLimit, null);
    }

    public void StartListing()
    {
        TakeListing()?.Dispose();

        // Started on a thread of its own: Process.Start holds its caller until the child has
        // called exec (vfork), and its first use in a process sets up signal handling; the
        // caller opens the database meanwhile. Whatever fails here (no postqueue, say) is not
        // kept: ListQueue starts it again on the sweep's thread, which then meets the failure
        // where it expects it; a thread's unhandled exception would end the process instead.
        var starting = new Thread(() =>
        {
            try
            {
                _listing = StartPostqueue();
            }
            catch (Exception)
            {
                _listing = null;
            }
        })
        { IsBackground = true, Name = "postqueue" };
        starting.Start();
        _starting = starting;
    }

    public void ListQueue(Action<ReadOnlySpan<byte>> output)
    {
        using var listing = TakeListing() ?? StartPostqueue(); // a second listing runs postqueue again
        var (exitCode, error) = listing.Finish(output);
        var result = NameTimeLimit(new CommandResult(exitCode, "", error));
        if (!result.Succeeded)
        {
            throw new PostfixException($"postqueue -c {configDirectory} -j failed: {result.FirstErrorLine}")
            {
                TimedOut = result.TimedOut,
            };
        }
    }

    public CommandResult Postcat(IReadOnlyList<string> queueIds)
    {
        RequireValid(queueIds);
        return Run(Tool("postcat"), ["-c", configDirectory, "-q", "-e", "-h", .. queueIds]);
    }

    public CommandResult Postsuper(string option, string queueId) => Postsuper(option, [queueId]);

    public CommandResult Postsuper(string option, IReadOnlyList<string> queueIds)
    {
        if (option is not ("-h" or "-H" or "-d" or "-f" or "-r"))
        {
            throw new ArgumentException("unexpected postsuper option " + option, nameof(option));
        }

        RequireValid(queueIds);
        return Run(Tool("postsuper"), ["-c", configDirectory, .. queueIds.SelectMany(id => new[] { option, id })]);
    }

    public CommandResult DeliverNow(string queueId)
    {
        RequireValid([queueId]);
        return Run(Tool("postqueue"), ["-c", configDirectory, "-i", queueId]);
    }

    public byte[]? Content(string queueId)
    {
        RequireValid([queueId]);
        var (status, output, _) = ExternalCommand.RunBinary(Tool("postcat"), ["-c", configDirectory, "-q", "-bh", queueId], timeLimit);
        return status == 0 ? output : null;
    }

    public IReadOnlyDictionary<string, string> Parameters(params string[] names)
    {
        // -x: values with $name expanded, as Postfix itself uses them.
        var result = Run(Tool("postconf"), ["-c", configDirectory, "-x", .. names]);
        if (!result.Succeeded)
        {
            throw new PostfixException($"postconf {string.Join(' ', names)} failed: {result.FirstErrorLine}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf(" = ", StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 3)..].Trim();
            }
            else if (line.EndsWith(" =", StringComparison.Ordinal))
            {
                values[line[..^2]] = "";
            }
        }

        return values;
    }

    public IReadOnlyList<MasterService> MasterServices()
    {
        // Without -x: pipe(8) argv holds ${sender} and ${recipient}, which must stay as written.
        var result = Run(Tool("postconf"), ["-c", configDirectory, "-M"]);
        if (!result.Succeeded)
        {
            throw new PostfixException($"postconf -c {configDirectory} -M failed: {result.FirstErrorLine}");
        }

        return MasterCfOutput.ParseServices(result.Output);
    }

    public IReadOnlyList<ServiceParameter> ServiceParameters()
    {
        var result = Run(Tool("postconf"), ["-c", configDirectory, "-P", "-x"]);
        if (!result.Succeeded)
        {
            throw new PostfixException($"postconf -c {configDirectory} -P -x failed: {result.FirstErrorLine}");
        }

        return MasterCfOutput.ParseParameters(result.Output);
    }

    public IReadOnlyDictionary<string, string> Lookup(string map, IReadOnlyList<string> keys)
    {
        if (map.Length == 0 || map.Any(char.IsWhiteSpace) || map.StartsWith('-') || keys.Any(k => k.Any(char.IsControl)))
        {
            throw new ArgumentException("unusable lookup: " + map, nameof(map));
        }

        var input = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", keys) + "\n");
        var result = Run(Tool("postmap"), ["-c", configDirectory, "-q", "-", map], input);
        // postmap -q exits 1 when nothing was found, but a fatal error exits 1 too: only stderr
        // tells them apart. Taken for "not found", a broken table would route around transport_maps.
        if (result.ExitCode is < 0 or > 1 || (result.ExitCode == 1 && result.Error.Contains("fatal:", StringComparison.Ordinal)))
        {
            throw new PostfixException($"postmap -q - {map} failed: {result.FirstErrorLine}");
        }

        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t');
            if (tab > 0)
            {
                found[line[..tab]] = line[(tab + 1)..].Trim();
            }
        }

        return found;
    }

    /// <remarks>
    /// sendmail parses its address arguments as RFC 5322 addresses, so a local part that needs
    /// quotes (a space, say) gets them here; the callers pass internal forms. No -SMTPUTF8:
    /// Postfix 3.7's sendmail has no such option (checked on 3.7.11: sendmail(1) does not list
    /// it and its option string has no S, so it would fail with a usage error). A UTF-8 address
    /// flags the message for SMTPUTF8 through smtputf8_autodetect_classes, whose default
    /// includes sendmail.
    /// </remarks>
    public CommandResult Sendmail(string envelopeSender, string recipient, byte[] message)
    {
        try
        {
            return ownMail is null
                ? RunSendmail(_sendmail ??= sendmailPath(), envelopeSender, recipient, message)
                : (_ownMail ??= OpenOwnMail(ownMail())).Submit(envelopeSender, recipient, message);
        }
        catch (PostfixException e)
        {
            // postconf failed: this mail is not sent, and its caller takes back what it recorded.
            return new CommandResult(-1, "", e.Message);
        }
    }

    /// <summary>Closes the run's connection to the notify listener with QUIT; the next mail would open another.</summary>
    public void Dispose()
    {
        _ownMail?.Dispose();
        _ownMail = null;
        TakeListing()?.Dispose(); // started, never read: the run stopped before its sweep
    }

    /// <summary>The listing StartListing started, once it has started; null when none was.</summary>
    private RunningCommand? TakeListing()
    {
        _starting?.Join();
        _starting = null;
        var listing = _listing;
        _listing = null;
        return listing;
    }

    private RunningCommand StartPostqueue() => RunningCommand.Start(Tool("postqueue"), ["-c", configDirectory, "-j"], timeLimit);

    /// <summary>
    /// The run's one connection to the notify listener, closed with QUIT when the run ends
    /// (<see cref="Dispose"/>), or at the latest when the process ends.
    /// </summary>
    private static OwnMail OpenOwnMail(SmtpEndpoint endpoint)
    {
        var mail = new OwnMail(endpoint);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => mail.Dispose();
        return mail;
    }

    private CommandResult RunSendmail(string sendmail, string envelopeSender, string recipient, byte[] message) =>
        Run(sendmail,
            ["-C", configDirectory, "-i", "-f", EnvelopeAddress.ToExternal(envelopeSender), "--", EnvelopeAddress.ToExternal(recipient)],
            message);

    /// <summary>Every command of the instance, bounded by postfix_command_time_limit, which a timeout names.</summary>
    private CommandResult Run(string program, IReadOnlyList<string> arguments, byte[]? input = null) =>
        NameTimeLimit(ExternalCommand.Run(program, arguments, timeLimit, input));

    private static CommandResult NameTimeLimit(CommandResult result) =>
        result.TimedOut ? result with { Error = $"{result.FirstErrorLine} ({Configuration.SettingNames.PostfixCommandTimeLimit})" } : result;

    private static string Tool(string program) =>
        PostfixCommands.Find(program) ?? throw new PostfixException($"cannot find Postfix's {program} command (is Postfix installed?)");

    /// <summary>Nothing but a strictly valid queue ID ever reaches a Postfix command line.</summary>
    private static void RequireValid(IReadOnlyList<string> queueIds)
    {
        foreach (var id in queueIds)
        {
            if (!QueueIds.IsValid(id))
            {
                throw new ArgumentException($"not a queue ID: \"{id}\"", nameof(queueIds));
            }
        }
    }
}
