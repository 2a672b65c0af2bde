namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// The install artefact under test: the native (NativeAOT) posttls from
/// <c>dotnet publish -c Release</c>, one file with SQLite linked in. The test command publishes it once and names it in
/// POSTTLS_TEST_BINARY; without that the tests publish it themselves (slower).
/// </summary>
internal static class PublishedBinary
{
    public const string EnvironmentVariable = "POSTTLS_TEST_BINARY";
    private static readonly Lazy<string> Published = new(Publish);

    /// <summary>Copies the binary into <paramref name="directory"/>, which user posttls can traverse; returns its path.</summary>
    public static string CopyTo(string directory)
    {
        return ExecutableFile.Copy(Published.Value, Path.Combine(directory, "posttls"));
    }

    private static string Publish()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(given) ? given : throw new InvalidOperationException($"{EnvironmentVariable}={given} does not exist");
        }

        var output = Directory.CreateTempSubdirectory("posttls-publish-").FullName;
        Command.Run("dotnet", ["publish", RepositoryFiles.Path("src", "PostTls"), "-c", "Release", "-o", output, "--nologo"],
            timeout: TimeSpan.FromMinutes(10)).EnsureSuccess("dotnet publish");
        return Path.Combine(output, "posttls");
    }
}
