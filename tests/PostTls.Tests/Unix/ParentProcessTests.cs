using PostTls.Unix;

namespace PostTls.Tests.Unix;

public sealed class ParentProcessTests
{
    [Theory]
    [InlineData("1234 (pipe) S 1 1234 1234 0 -1 4194560 100 0 0 0", false)] // PF_EXITING clear
    [InlineData("1234 (pipe) R 1 1234 1234 0 -1 4194564 100 0 0 0", true)] // PF_EXITING (0x4) set
    [InlineData("1234 (pipe) Z 1 1234 1234 0 -1 4194560 100 0 0 0", true)] // zombie
    [InlineData("1234 (a) b) c) S 1 1234 1234 0 -1 4194564 100 0 0 0", true)] // name with ") ": counted from the last
    [InlineData("1234 (a) b) c) S 1 1234 1234 0 -1 4194560 100 0 0 0", false)]
    [InlineData("", false)] // unreadable: never stop good mail on a guess
    [InlineData("1234 (pipe) S 1 2", false)]
    public void IsExiting_StatLine_ReadsStateAndFlags(string stat, bool exiting) =>
        Assert.Equal(exiting, ParentProcess.IsExiting(stat));

    [Fact]
    public void HasDied_InitFromTheStart_True() => Assert.True(new ParentProcess(1).HasDied());

    [Fact]
    public void HasDied_OwnLiveParent_False() => Assert.False(ParentProcess.Current().HasDied());
}
