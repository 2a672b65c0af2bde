namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Faulty stand-ins for Postfix's commands, for the published posttls run as a separate
/// process: posttls finds postqueue, postcat, postsuper, postconf and postmap through PATH
/// first, so a directory of wrapper scripts put in front of PATH replaces them. sendmail is
/// named by sendmail_path instead (see <see cref="SendmailPath"/>). Everything lives in the
/// bed's Root; <see cref="Dispose"/> removes it.
/// </summary>
internal sealed class ToolFaults : IDisposable
{
    /// <summary>The commands posttls finds through PATH.</summary>
    public static readonly string[] PathTools = ["postqueue", "postcat", "postsuper", "postconf", "postmap"];

    private readonly string _counter;

    public ToolFaults(PostfixTestBed bed)
    {
        Directory = Path.Combine(bed.Root, "faults-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        _counter = Path.Combine(Directory, "calls");
    }

    public string Directory { get; }

    /// <summary>The wrapper for sendmail, once one was written; for posttls.conf's sendmail_path.</summary>
    public string SendmailPath => Path.Combine(Directory, "sendmail");

    /// <summary>PATH for the posttls process: the wrappers first.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["PATH"] = Directory + ":" + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"),
    };

    /// <summary>Commands the wrappers of <see cref="KillParentAfter"/> ran so far.</summary>
    public int Calls => File.Exists(_counter) ? File.ReadAllLines(_counter).Length : 0;

    /// <summary>Starts counting <see cref="KillParentAfter"/>'s calls afresh, for the next run.</summary>
    public void ResetCalls() => File.Delete(_counter);

    /// <summary>
    /// <paramref name="tool"/> fails (exit 1, one line on stderr, nothing on stdout) whenever one
    /// of its arguments is <paramref name="whenArgument"/> (always when null); otherwise it is the real one.
    /// </summary>
    public void Fail(string tool, string? whenArgument = null) =>
        Write(tool, $$"""
            {{Matches(whenArgument)}}
            if [ "$hit" = 1 ]; then echo "{{tool}}: fatal: simulated failure" >&2; exit 1; fi
            exec {{Real(tool)}} "$@"
            """);

    /// <summary>
    /// postcat stops at a queue file it cannot read: the messages before <paramref name="queueId"/>
    /// are printed (the real ones, all but that one), then it exits 1, as postcat does.
    /// </summary>
    public void PostcatFailsFor(string queueId) =>
        Write("postcat", $$"""
            args=(); hit=0
            for a in "$@"; do if [ "$a" = "{{queueId}}" ]; then hit=1; else args+=("$a"); fi; done
            if [ "$hit" = 0 ]; then exec {{Real("postcat")}} "$@"; fi
            {{Real("postcat")}} "${args[@]}"
            echo "postcat: fatal: open queue file {{queueId}}: simulated failure" >&2
            exit 1
            """);

    /// <summary><paramref name="tool"/> hangs: it never answers and never exits on its own.</summary>
    public void Hang(string tool) =>
        Write(tool, """
            exec sleep 3600
            """);

    /// <summary><paramref name="tool"/> succeeds but prints lines that are not what it should print.</summary>
    public void Garbage(string tool) =>
        Write(tool, """
            printf '%s\n' '{"queue_name": "deferred", "queue_id": ' 'garbage garbage' '<html>502 Bad Gateway</html>'
            exit 0
            """);

    /// <summary>
    /// Every Postfix command (and sendmail) is the real one, counted; the <paramref name="call"/>-th
    /// one, once it has done its work, SIGKILLs its parent, the posttls process: a real crash right
    /// after that step, before posttls could record it.
    /// </summary>
    public void KillParentAfter(int call)
    {
        foreach (var tool in PathTools.Append("sendmail"))
        {
            Write(tool, $$"""
                {{Real(tool)}} "$@"; status=$?
                n=$(flock {{_counter}}.lock sh -c 'echo {{tool}} >> {{_counter}}; wc -l < {{_counter}}')
                if [ "$n" -eq {{call}} ]; then kill -9 $PPID; fi
                exit $status
                """);
        }
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static string Matches(string? argument) => argument is null
        ? "hit=1"
        : $$"""hit=0; for a in "$@"; do if [ "$a" = "{{argument}}" ]; then hit=1; fi; done""";

    private static string Real(string tool) => PostfixTestBed.Tool(tool);

    private void Write(string tool, string body)
    {
        ExecutableFile.Write(Path.Combine(Directory, tool), "#!/bin/bash\n# A fault injected by the reliability tests.\n" + body + "\n");
    }
}
