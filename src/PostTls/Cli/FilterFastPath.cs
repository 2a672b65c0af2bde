using System.Diagnostics.CodeAnalysis;

namespace PostTls.Cli;

/// <summary>
/// Recognises exactly the argument vector that the master.cf entry produces,
/// <c>filter [--config FILE | -c FILE] -f SENDER -- RECIPIENT...</c>, without building the
/// System.CommandLine tree. Anything else — help, other spellings, errors — returns false
/// and goes through the full parser, which owns the messages.
/// </summary>
internal static class FilterFastPath
{
    public static bool TryParse(string[] args, out string? configFile, [NotNullWhen(true)] out string? sender,
        [NotNullWhen(true)] out string[]? recipients)
    {
        configFile = null;
        sender = null;
        recipients = null;
        if (args.Length < 5 || args[0] != "filter")
        {
            return false;
        }

        var i = 1;
        if (args[i] is "--config" or "-c")
        {
            configFile = args[i + 1];
            i += 2;
        }

        if (i + 3 > args.Length || args[i] != "-f" || args[i + 2] != "--")
        {
            return false;
        }

        sender = args[i + 1];
        recipients = args[(i + 3)..];
        return recipients.Length > 0;
    }
}
