using PostTls.Queue;

namespace PostTls.Postfix;

/// <summary>The real Postfix commands, run without a shell on the instance in postfix_config_directory.</summary>
internal sealed class PostfixQueue(string configDirectory, string sendmailPath) : IPostfixQueue
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ListTimeout = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> ListQueue()
    {
        var result = ExternalCommand.Run(Tool("postqueue"), ["-c", configDirectory, "-j"], ListTimeout);
        if (!result.Succeeded)
        {
            throw new PostfixException($"postqueue -c {configDirectory} -j failed: {result.FirstErrorLine}");
        }

        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public CommandResult Postcat(IReadOnlyList<string> queueIds)
    {
        RequireValid(queueIds);
        return ExternalCommand.Run(Tool("postcat"), ["-c", configDirectory, "-q", "-e", "-h", .. queueIds], ListTimeout);
    }

    public CommandResult Postsuper(string option, string queueId)
    {
        if (option is not ("-h" or "-H" or "-d" or "-f" or "-r"))
        {
            throw new ArgumentException("unexpected postsuper option " + option, nameof(option));
        }

        RequireValid([queueId]);
        return ExternalCommand.Run(Tool("postsuper"), ["-c", configDirectory, option, queueId], ShortTimeout);
    }

    public CommandResult DeliverNow(string queueId)
    {
        RequireValid([queueId]);
        return ExternalCommand.Run(Tool("postqueue"), ["-c", configDirectory, "-i", queueId], ShortTimeout);
    }

    public CommandResult Sendmail(string envelopeSender, string recipient, byte[] message) =>
        ExternalCommand.Run(sendmailPath, ["-C", configDirectory, "-i", "-f", envelopeSender, "--", recipient], ShortTimeout, message);

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
