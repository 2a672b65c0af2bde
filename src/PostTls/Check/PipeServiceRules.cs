using PostTls.Postfix;
using PostTls.Setup;

namespace PostTls.Check;

/// <summary>
/// What the two pipe(8) services running posttls (filter and decide) have in common: type
/// unix, no chroot, user=posttls (never root), a posttls binary that user can run, the
/// envelope passed as <c>-f ${sender} -- ${recipient}</c>, and the configuration file this
/// check read.
/// </summary>
internal static class PipeServiceRules
{
    public static IEnumerable<Finding> Check(CheckContext context, string area, MasterService service, PipeCommand pipe)
    {
        if (service.Type != "unix")
        {
            yield return Finding.Error(area, $"{service.Id} is of type {service.Type}; Postfix delivers to transports of type unix only",
                "make it a unix service as in postfix-snippets/master.cf");
        }

        if (service.Chroot == "y")
        {
            yield return Finding.Error(area, $"{service.Id} runs chrooted: {pipe.Program} cannot be found inside the queue directory",
                $"set the chroot column of {service.Id} to n");
        }

        var user = pipe.UserName;
        if (user is null)
        {
            yield return Finding.Error(area, $"{service.Id} has no user= attribute", $"add user={ServiceAccount.Name}");
        }
        else if (user == "root" || context.System.UserId(user) == 0)
        {
            yield return Finding.Error(area, $"{service.Id} runs as {user}: posttls refuses to handle mail as root",
                $"set user={ServiceAccount.Name}");
        }
        else if (user != ServiceAccount.Name)
        {
            yield return Finding.Error(area, $"{service.Id} runs as {user}, which cannot read the secret key (group {ServiceAccount.Name})",
                $"set user={ServiceAccount.Name}");
        }

        foreach (var finding in CheckProgram(context, area, service, pipe))
        {
            yield return finding;
        }

        var argv = string.Join(' ', pipe.Argv);
        if (!pipe.Argv.Contains("${recipient}") || !argv.Contains("-f ${sender}", StringComparison.Ordinal))
        {
            yield return Finding.Error(area, $"{service.Id} argv does not pass the envelope as -f ${{sender}} -- ${{recipient}}: {argv}",
                $"use argv={pipe.Program} {pipe.Subcommand} -f ${{sender}} -- ${{recipient}}");
        }
        else if (!argv.Contains("-- ${recipient}", StringComparison.Ordinal))
        {
            yield return Finding.Warning(area, $"{service.Id} argv has no -- before ${{recipient}}",
                $"use argv={pipe.Program} {pipe.Subcommand} -f ${{sender}} -- ${{recipient}}");
        }

        if (!pipe.Flags.Contains('q', StringComparison.Ordinal))
        {
            yield return Finding.Warning(area, $"{service.Id} has no q in flags= ({(pipe.Flags.Length == 0 ? "none" : pipe.Flags)}): addresses with special characters reach posttls unquoted",
                "add q to flags=");
        }

        if (!context.UsesThisConfig(pipe.ConfigFile))
        {
            yield return Finding.Warning(area,
                $"{service.Id} runs posttls with {pipe.ConfigFile ?? Configuration.SettingDefinitions.DefaultConfigFile}, but this check read {context.Settings.SourceFile}",
                $"check that file (posttls -c FILE check), or put -c {context.Settings.SourceFile} after {pipe.Program} in argv");
        }
    }

    private static IEnumerable<Finding> CheckProgram(CheckContext context, string area, MasterService service, PipeCommand pipe)
    {
        var program = pipe.Program!;
        var status = context.System.Status(program);
        if (!program.StartsWith('/') || status is null || !status.IsRegularFile)
        {
            yield return Finding.Error(area, $"{service.Id} runs {program}, which does not exist",
                "install posttls there, or correct the path in argv=");
            yield break;
        }

        if (context.Account is not { } account)
        {
            yield break; // reported by FilesCheck
        }

        if (Access.BlockingDirectory(context.System, program, account.User, account.Group) is { } blocking)
        {
            yield return Finding.Error(area, $"user {ServiceAccount.Name} cannot reach {program}: {blocking} is closed to it",
                $"install posttls in a directory everyone can enter, e.g. /usr/local/bin, or chmod o+x {blocking}");
        }
        else if (!Access.CanExecute(status, account.User, account.Group))
        {
            yield return Finding.Error(area, $"user {ServiceAccount.Name} cannot run {program} (mode {status.OctalMode})",
                $"chmod 0755 {program}");
        }
    }
}
