using PostTls.Headers;

namespace PostTls.Tests.Headers;

public sealed class AutoSubmittedTests
{
    [Theory]
    [InlineData("no", true)]
    [InlineData("No", true)]
    [InlineData("no; owner-email=\"a@example.org\"", true)]
    [InlineData("no (a person)", true)]
    [InlineData("no\tcomment", true)]
    [InlineData("auto-generated", false)]
    [InlineData("auto-replied", false)]
    [InlineData("nothing", false)]
    [InlineData("", false)]
    public void IsNo_Value_TellsAPersonFromAProgram(string value, bool person) =>
        Assert.Equal(person, AutoSubmitted.IsNo(value));
}
