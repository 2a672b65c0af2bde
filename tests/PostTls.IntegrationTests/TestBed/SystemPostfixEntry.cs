namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// The changes the test bed makes to the machine, both through tests/testbed/system.sh, which
/// demo.sh and bench/ use too: the system user posttls, and the one change to the system's
/// Postfix — <c>postfix -c DIR</c> refuses a directory that the default main.cf does not list in
/// alternate_config_directories. The entry is added on set-up and removed on tear-down, each
/// under the lock every test bed takes, so that beds in other processes (a second test run,
/// a benchmark, the demo) keep their entries. With a root (<see cref="PostfixRoot"/>) the script
/// does the same inside it: its Postfix commands are on PATH, and it reads the root's variable.
/// </summary>
internal sealed class SystemPostfixEntry : IDisposable
{
    private readonly string _directory;

    private SystemPostfixEntry(string directory) => _directory = directory;

    /// <summary>Creates the system user posttls (and the root's) unless it exists.</summary>
    public static void EnsureServiceUser() => Run("user").EnsureSuccess("tests/testbed/system.sh user");

    public static SystemPostfixEntry Add(string directory)
    {
        Run("alternate", "add", directory).EnsureSuccess("tests/testbed/system.sh alternate add " + directory);
        return new SystemPostfixEntry(directory);
    }

    public void Dispose() => Run("alternate", "remove", _directory).EnsureSuccess("tests/testbed/system.sh alternate remove " + _directory);

    private static Command.Result Run(params string[] arguments) =>
        Command.Run(RepositoryFiles.Path("tests", "testbed", "system.sh"), arguments, timeout: TimeSpan.FromSeconds(90));
}
