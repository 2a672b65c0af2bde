namespace PostTls.Postfix;

/// <summary>Reads Postfix parameters of the configured instance with <c>postconf -c DIR -h NAME</c>.</summary>
internal static class Postconf
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <exception cref="PostfixException">postconf is missing or fails.</exception>
    public static string Get(string configDirectory, string parameter)
    {
        var postconf = PostfixCommands.Find("postconf")
            ?? throw new PostfixException("cannot find Postfix's postconf command (is Postfix installed?)");
        var result = ExternalCommand.Run(postconf, ["-c", configDirectory, "-h", parameter], Timeout);
        if (!result.Succeeded)
        {
            throw new PostfixException($"postconf -c {configDirectory} -h {parameter} failed: {result.FirstErrorLine}");
        }

        return result.Output.Trim();
    }
}
