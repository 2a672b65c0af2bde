using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Tagging;

public sealed class SecretKeyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_ThirtyTwoBytes_ReturnsThem()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
        var path = _directory.WriteFile("secret.key", key);

        Assert.Equal(key, SecretKey.Load(path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Load_WrongLength_ThrowsNamingFileAndSize(int length)
    {
        var path = _directory.WriteFile("secret.key", new byte[length]);

        var error = Assert.Throws<SecretKeyException>(() => SecretKey.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"holds {length} bytes, expected 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        var path = _directory.File("missing.key");

        var error = Assert.Throws<SecretKeyException>(() => SecretKey.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
        Assert.Contains("posttls init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsNamingIt()
    {
        var path = _directory.File("no-such-dir/secret.key");

        var error = Assert.Throws<SecretKeyException>(() => SecretKey.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Directory_ThrowsSecretKeyException()
    {
        var error = Assert.Throws<SecretKeyException>(() => SecretKey.Load(_directory.Path));

        Assert.Contains(_directory.Path, error.Message, StringComparison.Ordinal);
    }
}
