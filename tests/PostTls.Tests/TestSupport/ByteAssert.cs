using System.Text;

namespace PostTls.Tests.TestSupport;

/// <summary>Byte-exact comparisons that print a readable difference (CR, NUL and 8-bit bytes made visible).</summary>
internal static class ByteAssert
{
    public static void Equal(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        // Assert.Equal on strings reports the first differing position with context.
        Assert.Equal(Show(expected), Show(actual));
        Assert.Fail("byte arrays differ although their renderings are equal");
    }

    /// <summary>Latin-1 rendering with \r, \0 and bytes above 0x7e escaped; \n kept as a line break.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length + 64);
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'\n' => text.Append("\\n\n"),
                (byte)'\r' => text.Append("\\r"),
                (byte)'\t' => text.Append("\\t"),
                (byte)'\\' => text.Append("\\\\"),
                < 0x20 or > 0x7e => text.Append($"\\x{b:x2}"),
                _ => text.Append((char)b),
            };
        }

        return text.ToString();
    }

    public static int IndexOf(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle));
}
