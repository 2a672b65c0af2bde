using PostTls.Unix;

namespace PostTls.Tests.Unix;

public sealed class SystemRandomTests
{
    [Fact]
    public void GetBytes_GivesTheLengthAskedForAndNewBytesEachTime()
    {
        var first = SystemRandom.GetBytes(32);
        var second = SystemRandom.GetBytes(32);

        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, second);
        Assert.Contains(first, b => b != 0);
    }

    [Fact]
    public void Fill_LargeBuffer_IsFilledToTheEnd()
    {
        // Larger than one getrandom call returns at once (33,554,431 bytes at most; 256 without blocking from urandom on old kernels).
        var bytes = new byte[1 << 20];

        SystemRandom.Fill(bytes);

        Assert.Contains(bytes.AsSpan(bytes.Length - 64).ToArray(), b => b != 0);
    }
}
