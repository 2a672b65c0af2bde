namespace PostTls.Tests.Shared;

/// <summary>
/// Locates files of the repository (sources, snippets, scripts) from the test output directory.
/// One file, compiled into both test projects (see their .csproj).
/// </summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "PostTls.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (PostTls.sln) above " + AppContext.BaseDirectory);
    }
}
