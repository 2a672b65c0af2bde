namespace PostTls.Commands;

/// <summary>
/// Recognises exactly the argument vectors the timer, the path unit and cron give:
/// <c>[--config FILE | -c FILE] sweep|apply [--config FILE | -c FILE]</c>, without building
/// the System.CommandLine tree (the sweep runs every minute, apply at every decision, and the
/// tree is a tenth of a steady sweep of 100 messages beyond postqueue's own time). Anything
/// else — --dry-run, help, other spellings, errors — returns false and goes through the full
/// parser, which owns the messages.
/// </summary>
internal static class RunFastPath
{
    /// <param name="command">"sweep" or "apply".</param>
    public static bool TryParse(string[] args, out string? command, out string? configFile)
    {
        command = null;
        configFile = null;
        var i = 0;
        if (args.Length >= 2 && args[0] is "--config" or "-c")
        {
            configFile = args[1];
            i = 2;
        }

        if (i >= args.Length || args[i] is not ("sweep" or "apply"))
        {
            return false;
        }

        var name = args[i++];
        if (configFile is null && args.Length == i + 2 && args[i] is "--config" or "-c")
        {
            configFile = args[i + 1];
            i += 2;
        }

        if (i != args.Length || configFile is { Length: 0 } || configFile?.StartsWith('-') == true)
        {
            return false; // anything more, or a value the parser would read otherwise: its messages
        }

        command = name;
        return true;
    }
}
