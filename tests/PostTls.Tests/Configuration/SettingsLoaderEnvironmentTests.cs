using PostTls.Configuration;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Configuration;

/// <summary>Tests that set POSTTLS_CONFIG; they run alone and restore it afterwards.</summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class SettingsLoaderEnvironmentTests : IDisposable
{
    private readonly string? _saved = Environment.GetEnvironmentVariable(SettingsLoader.EnvironmentVariable);
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(SettingsLoader.EnvironmentVariable, _saved);
        _directory.Dispose();
    }

    [Fact]
    public void Load_NoExplicitFile_ReadsFileNamedByEnvironment()
    {
        var path = _directory.WriteFile("env.conf", "data_directory = /srv/from-env\n");
        Environment.SetEnvironmentVariable(SettingsLoader.EnvironmentVariable, path);

        var settings = SettingsLoader.Load(null);

        Assert.Equal(path, settings.SourceFile);
        Assert.Equal("/srv/from-env", settings.DataDirectory);
    }

    [Fact]
    public void Load_ExplicitFile_WinsOverEnvironment()
    {
        var fromEnvironment = _directory.WriteFile("env.conf", "data_directory = /srv/from-env\n");
        var explicitFile = _directory.WriteFile("explicit.conf", "data_directory = /srv/explicit\n");
        Environment.SetEnvironmentVariable(SettingsLoader.EnvironmentVariable, fromEnvironment);

        var settings = SettingsLoader.Load(explicitFile);

        Assert.Equal("/srv/explicit", settings.DataDirectory);
    }

    [Fact]
    public void Load_EnvironmentNamesMissingFile_Throws()
    {
        var path = _directory.File("missing.conf");
        Environment.SetEnvironmentVariable(SettingsLoader.EnvironmentVariable, path);

        var error = Assert.Throws<ConfigException>(() => SettingsLoader.Load(null));

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
        Environment.SetEnvironmentVariable(SettingsLoader.EnvironmentVariable, environment);

        Assert.Equal(expected, SettingsLoader.ResolvePath(explicitPath, out var actualMustExist));
        Assert.Equal(mustExist, actualMustExist);
    }
}
