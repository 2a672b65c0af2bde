namespace PostTls.Check;

/// <summary>
/// The attributes of a pipe(8) service: <c>flags=</c>, <c>user=</c>, <c>null_sender=</c> and
/// <c>argv=</c> with everything after it, and which posttls command that argv runs.
/// </summary>
internal sealed record PipeCommand(string Flags, string? User, string? NullSender, IReadOnlyList<string> Argv)
{
    /// <summary>The pipe attributes of a service; null when its command is not pipe.</summary>
    public static PipeCommand? Of(Postfix.MasterService service)
    {
        if (service.Command != "pipe")
        {
            return null;
        }

        string flags = "";
        string? user = null;
        string? nullSender = null;
        var argv = new List<string>();
        for (var i = 0; i < service.Arguments.Count; i++)
        {
            var argument = service.Arguments[i];
            if (argument == "-o")
            {
                i++;
                continue;
            }

            if (argument.StartsWith("argv=", StringComparison.Ordinal))
            {
                argv.Add(argument[5..]);
                argv.AddRange(service.Arguments.Skip(i + 1));
                break;
            }

            var equals = argument.IndexOf('=');
            var (name, value) = equals > 0 ? (argument[..equals], argument[(equals + 1)..]) : (argument, "");
            switch (name)
            {
                case "flags":
                    flags = value;
                    break;
                case "user":
                    user = value;
                    break;
                case "null_sender":
                    nullSender = value;
                    break;
            }
        }

        return new PipeCommand(flags, user, nullSender, argv);
    }

    /// <summary>The user part of <c>user=name[:group]</c>.</summary>
    public string? UserName => User?.Split(':')[0];

    public string? Program => Argv.Count > 0 ? Argv[0] : null;

    /// <summary>True when the program is a posttls binary.</summary>
    public bool RunsPosttls => Program is not null && Path.GetFileName(Program) == "posttls";

    /// <summary>The posttls command run ("filter", "decide"), after any <c>-c FILE</c> / <c>--config FILE</c>.</summary>
    public string? Subcommand => Words().Command;

    /// <summary>The <c>-c FILE</c> / <c>--config FILE</c> given before the command; null when none.</summary>
    public string? ConfigFile => Words().Config;

    private (string? Config, string? Command) Words()
    {
        string? config = null;
        for (var i = 1; i < Argv.Count; i++)
        {
            if (Argv[i] is "-c" or "--config" && i + 1 < Argv.Count)
            {
                config = Argv[++i];
                continue;
            }

            if (Argv[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                config = Argv[i][9..];
                continue;
            }

            return (config, Argv[i]);
        }

        return (config, null);
    }
}
