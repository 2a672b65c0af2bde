using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Unix;

namespace PostTls.Filter;

/// <summary>
/// <c>posttls filter</c> proper, shared by <see cref="Commands.FilterCommand"/> and
/// <see cref="FilterFastPath"/>. Kept apart from the command class on purpose: that class
/// derives from System.CommandLine's Command, and touching it would load System.CommandLine
/// on the fast path, which Postfix takes for every message.
/// </summary>
internal static class FilterProgram
{
    public static int Run(string? configFile, string sender, IReadOnlyList<string> recipients)
    {
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
        });
        using var input = Console.OpenStandardInput();
        return runner.Run(sender, recipients, input);
    }
}
