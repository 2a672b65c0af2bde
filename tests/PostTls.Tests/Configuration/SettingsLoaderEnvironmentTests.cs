using PostTls.Configuration;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Configuration;

/// <summary>POSTTLS_CONFIG, looked up through an environment of the test's own.</summary>
public sealed class SettingsLoaderEnvironmentTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_NoExplicitFile_ReadsFileNamedByEnvironment()
    {
        var path = _directory.WriteFile("env.conf", "data_directory = /srv/from-env\n");

        var settings = SettingsLoader.Load(null, Environment(path));

        Assert.Equal(path, settings.SourceFile);
        Assert.Equal("/srv/from-env", settings.DataDirectory);
    }

    [Fact]
    public void Load_ExplicitFile_WinsOverEnvironment()
    {
        var fromEnvironment = _directory.WriteFile("env.conf", "data_directory = /srv/from-env\n");
        var explicitFile = _directory.WriteFile("explicit.conf", "data_directory = /srv/explicit\n");

        var settings = SettingsLoader.Load(explicitFile, Environment(fromEnvironment));

        Assert.Equal("/srv/explicit", settings.DataDirectory);
    }

    [Fact]
    public void Load_EnvironmentNamesMissingFile_Throws()
    {
        var path = _directory.File("missing.conf");

        var error = Assert.Throws<ConfigException>(() => SettingsLoader.Load(null, Environment(path)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "/etc/posttls/posttls.conf", false)]
    [InlineData(null, "", "/etc/posttls/posttls.conf", false)]
    [InlineData("", null, "/etc/posttls/posttls.conf", false)]
    [InlineData(null, "/env.conf", "/env.conf", true)]
    [InlineData("/explicit.conf", "/env.conf", "/explicit.conf", true)]
    [InlineData("", "/env.conf", "/env.conf", true)]
    public void ResolvePath_ExplicitEnvironmentDefault_InThatOrder(string? explicitPath, string? environment, string expected, bool mustExist)
    {
        Assert.Equal(expected, SettingsLoader.ResolvePath(explicitPath, Environment(environment), out var actualMustExist));
        Assert.Equal(mustExist, actualMustExist);
    }

    /// <summary>An environment where POSTTLS_CONFIG is <paramref name="value"/> and nothing else is set.</summary>
    private static Func<string, string?> Environment(string? value) =>
        name => name == SettingsLoader.EnvironmentVariable ? value : null;
}
