using System.Diagnostics;

namespace PostTls.Tests.Shared;

/// <summary>
/// Creates programs that the tests then run. The file is always written by a child process
/// (install(1)), never by the test process: a file open for writing in the test process is
/// inherited by any child that another test thread forks at that moment, and until that child
/// execs, running the file fails with ETXTBSY ("Text file busy"). That race failed a whole CI
/// run once (the test bed's copy of the posttls binary).
/// </summary>
internal static class ExecutableFile
{
    private const string Install = "/usr/bin/install";

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> with <paramref name="mode"/> (octal, as install -m takes it).</summary>
    public static string Copy(string source, string target, string mode = "0755")
    {
        var install = Process.Start(new ProcessStartInfo(Install, ["-m", mode, "--", source, target])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("cannot start " + Install);
        var error = install.StandardError.ReadToEnd();
        install.WaitForExit();
        return install.ExitCode == 0 ? target : throw new InvalidOperationException($"install {source} {target}: {error.Trim()}");
    }

    /// <summary>Writes <paramref name="text"/> as the program <paramref name="target"/>; the test process only writes a draft beside it, which is never run.</summary>
    public static string Write(string target, string text, string mode = "0755")
    {
        var draft = target + ".draft";
        File.WriteAllText(draft, text);
        try
        {
            return Copy(draft, target, mode);
        }
        finally
        {
            File.Delete(draft);
        }
    }
}
