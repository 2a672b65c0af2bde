namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Plays pipe(8) and dies mid-message: a small Python parent forks posttls as user posttls with an
/// empty environment, writes only the first bytes of a message to its standard input, waits until
/// the child has read them all, and then kills itself with SIGKILL — as pipe(8) dies when it is
/// killed or Postfix is stopped hard. The child sees its input end early and its parent go.
/// (Python, not this process: the test runner must survive, and the child's parent must die.)
/// </summary>
internal static class DyingPipe
{
    private const string Script = """
        import fcntl, os, pwd, signal, struct, sys, termios, time
        user, cut, *argv = sys.argv[1:]
        message = sys.stdin.buffer.read()[:int(cut)]
        account = pwd.getpwnam(user)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.dup2(r, 0)
            os.close(r)
            os.close(w)
            os.setgroups([])
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
            os.execve(argv[0], argv, {})
        os.close(r)
        os.write(w, message)
        print(pid, flush=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            unread = struct.unpack("i", fcntl.ioctl(w, termios.FIONREAD, b"\0\0\0\0"))[0]
            if unread == 0:
                break
            time.sleep(0.05)
        time.sleep(0.3)
        os.kill(os.getpid(), signal.SIGKILL)
        """;

    /// <summary>Runs <paramref name="command"/> with the first <paramref name="cut"/> bytes of <paramref name="message"/>; returns the child's pid.</summary>
    public static int Run(byte[] message, int cut, params string[] command)
    {
        var result = Command.Run("python3", ["-c", Script, PostfixTestBed.ServiceUser, cut.ToString(System.Globalization.CultureInfo.InvariantCulture), .. command], message);
        Assert.True(result.ExitCode == 137, "the writer did not die as planned: " + Command.Describe(result));
        return int.Parse(result.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the orphaned child has ended (its new parent reaps it).</summary>
    public static void WaitForExit(int pid) =>
        Poll.Until(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => $"posttls (pid {pid}) did not end after its input was cut short");
}
