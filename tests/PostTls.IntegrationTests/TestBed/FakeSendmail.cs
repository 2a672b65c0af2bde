namespace PostTls.IntegrationTests.TestBed;

/// <summary>Stand-ins for Postfix's sendmail, to inject faults into the filter's reinjection.</summary>
internal static class FakeSendmail
{
    /// <summary>Writes an executable shell script (tests only; the product never runs a shell).</summary>
    public static string Create(string directory, string name, string body)
    {
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        return ExecutableFile.Write(Path.Combine(directory, name), "#!/bin/sh\n" + body + "\n");
    }

    public static string Failing(string directory) =>
        Create(directory, "sendmail-fails", "cat > /dev/null\necho 'sendmail: fatal: simulated failure' >&2\nexit 1");

    public static string Killed(string directory) =>
        Create(directory, "sendmail-killed", "head -c 100 > /dev/null\nkill -9 $$");

    public static string Hanging(string directory) =>
        Create(directory, "sendmail-hangs", "exec sleep 60");

    /// <summary>Postfix's sendmail, started only after <paramref name="seconds"/>: a slow but working reinjection.</summary>
    public static string Slow(string directory, int seconds) =>
        Create(directory, $"sendmail-slow-{seconds}", $"sleep {seconds}\nexec {PostfixTestBed.Tool("sendmail")} \"$@\"");

    /// <summary>Stores stdin in <c>captured</c> and the arguments, one per line, in <c>arguments</c>, both beside the script.</summary>
    public static string Capturing(string directory) =>
        Create(directory, "sendmail-captures", $"printf '%s\\n' \"$@\" > {directory}/arguments\nexec cat > {directory}/captured");
}
