namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// The Postfix the test bed runs: the machine's, or that of a Debian root made by
/// tests/matrix/root.sh when <c>POSTTLS_TEST_POSTFIX_ROOT</c> names one (the version matrix,
/// ./test.sh --postfix). Then tests/matrix/bin goes first on PATH: each Postfix command there (and
/// runuser, which starts posttls as pipe(8) would) runs inside the root through in-root.sh. The
/// tests, and the posttls processes they start, find the root's commands as they would find the
/// machine's (posttls searches PATH first), and Postfix's pipe services inside the root run posttls there.
/// </summary>
internal static class PostfixRoot
{
    public const string Variable = "POSTTLS_TEST_POSTFIX_ROOT";

    /// <summary>The root's directory on this machine, or null for the machine's own Postfix.</summary>
    public static string? Directory { get; } = Activate();

    /// <summary>The wrappers' directory, or null: posttls.conf's sendmail_path points into it so notices go through the root's sendmail.</summary>
    public static string? CommandDirectory => Directory is null ? null : RepositoryFiles.Path("tests", "matrix", "bin");

    private static string? Activate()
    {
        var root = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(root))
        {
            return null;
        }

        if (!File.Exists(System.IO.Path.Join(root, ".posttls-root-ok")))
        {
            throw new InvalidOperationException($"{Variable}={root} is not a root made by tests/matrix/root.sh (run: tests/matrix/root.sh SUITE)");
        }

        // Once per test process, before any test runs a command; child processes inherit it.
        var commands = RepositoryFiles.Path("tests", "matrix", "bin");
        Environment.SetEnvironmentVariable("PATH", commands + ":" + Environment.GetEnvironmentVariable("PATH"));
        return root;
    }
}
