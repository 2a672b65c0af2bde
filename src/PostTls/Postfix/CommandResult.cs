namespace PostTls.Postfix;

/// <summary>The exit status and output of an external command; <see cref="ExitCode"/> is negative when it could not run or timed out.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>It ran out of time and was killed; <see cref="Error"/> says after how long.</summary>
    public bool TimedOut => ExitCode == ExternalCommand.TimedOutCode;

    /// <summary>The first non-empty line of stderr, for one-line error messages.</summary>
    public string FirstErrorLine =>
        Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}
