using System.CommandLine;

namespace PostTls.Commands;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "Configuration file (default: $POSTTLS_CONFIG, else /etc/posttls/posttls.conf)",
        HelpName = "FILE",
        Recursive = true,
    };
}
