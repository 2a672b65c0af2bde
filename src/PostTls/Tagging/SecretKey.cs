using PostTls.Unix;

namespace PostTls.Tagging;

/// <summary>The installation's secret key: exactly <see cref="Length"/> random bytes in a file.</summary>
internal static class SecretKey
{
    public const int Length = 32;

    /// <exception cref="SecretKeyException">The file is missing, unreadable or of the wrong size.</exception>
    public static byte[] Load(string path)
    {
        byte[] key;
        try
        {
            key = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretKeyException($"cannot read secret key {path}: {IoMessages.Describe(e)} (run posttls init as root)");
        }

        if (key.Length != Length)
        {
            throw new SecretKeyException($"secret key {path} holds {key.Length} bytes, expected {Length} (recreate it with posttls init --force)");
        }

        return key;
    }
}
