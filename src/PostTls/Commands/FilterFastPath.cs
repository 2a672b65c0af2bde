using System.Diagnostics.CodeAnalysis;
using PostTls.Smtp;

namespace PostTls.Commands;

/// <summary>
/// Recognises exactly the argument vector that the master.cf entry produces,
/// <c>[--config FILE | -c FILE] filter [--config FILE | -c FILE] -f SENDER [--client-NAME=VALUE...] -- RECIPIENT...</c>,
/// without building the System.CommandLine tree. Anything else — help, other spellings,
/// errors — returns false and goes through the full parser, which owns the messages.
/// </summary>
internal static class FilterFastPath
{
    /// <summary>The client options, in the <c>--name=VALUE</c> form master.cf gives them: a value
    /// (the client's HELO is the sender's to choose) can then never be taken for an option.</summary>
    public static readonly string[] ClientOptions =
        ["--client-name", "--client-address", "--client-port", "--client-protocol", "--client-helo", "--queue-id"];

    public static bool TryParse(string[] args, out string? configFile, [NotNullWhen(true)] out string? sender,
        [NotNullWhen(true)] out string[]? recipients, out SmtpForward client)
    {
        configFile = null;
        sender = null;
        recipients = null;
        client = SmtpForward.Unknown;
        var i = 0;
        if (args.Length > 2 && args[0] is "--config" or "-c")
        {
            configFile = args[1];
            i = 2;
        }

        if (args.Length < i + 5 || args[i] != "filter")
        {
            return false;
        }

        i++;
        if (configFile is null && args[i] is "--config" or "-c")
        {
            configFile = args[i + 1];
            i += 2;
        }

        if (i + 3 > args.Length || args[i] != "-f")
        {
            return false;
        }

        sender = args[i + 1];
        i += 2;
        var values = new string[ClientOptions.Length];
        Array.Fill(values, "");
        for (; i < args.Length && args[i] != "--"; i++)
        {
            var equals = args[i].IndexOf('=');
            var index = equals < 0 ? -1 : Array.IndexOf(ClientOptions, args[i][..equals]);
            if (index < 0)
            {
                return false;
            }

            values[index] = args[i][(equals + 1)..];
        }

        if (i >= args.Length)
        {
            return false;
        }

        client = new SmtpForward(values[0], values[1], values[2], values[3], values[4], values[5]);
        recipients = args[(i + 1)..];
        return recipients.Length > 0;
    }

    public static SmtpForward Unknown => SmtpForward.Unknown;
}
