using System.Diagnostics;
using PostTls.Unix;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Makes the odd files a hostile user could leave where root looks: FIFOs, device nodes, hard
/// links, files of another owner. The tests run as root, as the suite does (./test.sh).
/// </summary>
internal static class HostileFiles
{
    /// <summary>The uid of nobody on Debian: neither root nor the test's own user.</summary>
    public const uint Nobody = 65534;

    public static void Fifo(string path) => Run("mkfifo", path);

    /// <summary>A character device node, 1:5 (the same as /dev/zero): endless zeros when read.</summary>
    public static void ZeroDevice(string path) => Run("mknod", path, "c", "1", "5");

    public static void HardLink(string target, string path) => Run("ln", target, path);

    public static void Owner(string path, uint user) => UnixAccounts.ChangeOwner(path, user, user);

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
