using System.Text;
using PostTls.Queue;

namespace PostTls.Tests.Queue;

public sealed class TextPoolTests
{
    private const string Reason = "TLS is required, but was not offered by host mx.example.test[192.0.2.1]";

    [Fact]
    public void Get_SameTextTwice_OneString()
    {
        var pool = new TextPool();

        var first = pool.Get(Encoding.UTF8.GetBytes(Reason));
        var second = pool.Get(Encoding.UTF8.GetBytes(Reason));

        Assert.Equal(Reason, first);
        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u00e9l\u00e8ve@posttls.test")]
    [InlineData("said: 550 \u4e2d\u6587 \U0001F600")]
    public void Get_AnyValidUtf8_TheDecodedText(string text) =>
        Assert.Equal(text, new TextPool().Get(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Get_TextLongerThanPooled_DecodedEachTime()
    {
        var pool = new TextPool();
        var text = new string('x', 4000) + "\u00e9";

        var first = pool.Get(Encoding.UTF8.GetBytes(text));
        var second = pool.Get(Encoding.UTF8.GetBytes(text));

        Assert.Equal(text, first);
        Assert.Equal(text, second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Get_MoreDifferentTextsThanItKeeps_EachStillRight()
    {
        var pool = new TextPool();
        var texts = Enumerable.Range(0, 10_000).Select(i => $"reason {i}").ToList();

        var got = texts.Select(t => pool.Get(Encoding.UTF8.GetBytes(t))).ToList();
        var again = texts.Select(t => pool.Get(Encoding.UTF8.GetBytes(t))).ToList();

        Assert.Equal(texts, got);
        Assert.Equal(texts, again);
        Assert.Same(got[0], again[0]);
        Assert.NotSame(got[^1], again[^1]); // past the bound: made anew, not kept
    }
}
