using System.Text;
using PostTls.Headers;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Headers;

public sealed class HeaderBlockReaderTests
{
    public static TheoryData<string> Corpus => FilterCorpus.Names;

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Read_OneByteChunks_SameHeaderBlockAsWholeReads(string name)
    {
        var input = FilterCorpus.Input(name);

        var whole = HeaderBlockReader.Read(new MemoryStream(input));
        var trickled = HeaderBlockReader.Read(new OneByteStream(input));

        Assert.Equal(whole.Complete, trickled.Complete);
        Assert.Equal(whole.HeaderEnd, trickled.HeaderEnd);
        Assert.Equal(whole.UsesCrLf, trickled.UsesCrLf);
        ByteAssert.Equal(whole.Bytes[..whole.HeaderEnd], trickled.Bytes[..trickled.HeaderEnd]);
        Assert.True(trickled.Length <= whole.Length);
    }

    [Theory]
    [InlineData("From: a\nTo: b\n\nbody\n", 14)]
    [InlineData("From: a\r\nTo: b\r\n\r\nbody\r\n", 16)]
    [InlineData("From: a\nTo: b\n", 14)]
    [InlineData("From: a\nTo: b", 13)]
    [InlineData("From: a\nnot a field\nTo: b\n\n", 8)]
    [InlineData("From: a\nbody line: with a colon after a space\n", 8)]
    [InlineData("From: a\n\tfolded\n more\n\nbody\n", 22)]
    [InlineData("\nbody\n", 0)]
    [InlineData("\r\nbody\r\n", 0)]
    [InlineData("", 0)]
    [InlineData("From a@example.org Mon Mar  2 10:00:00 2026\nFrom: a\n\n", 52)]
    [InlineData("Subject : x\nX-Tab\t: y\n\n", 22)]
    [InlineData(": no name\n\n", 0)]
    public void Read_Message_FindsEndOfHeaderBlock(string message, int headerEnd)
    {
        var block = HeaderBlockReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(message)));

        Assert.True(block.Complete);
        Assert.Equal(headerEnd, block.HeaderEnd);
    }

    [Fact]
    public void Read_HeaderOverLimit_IsNotComplete()
    {
        var message = Encoding.ASCII.GetBytes("Subject: " + new string('x', 200) + "\n\nbody\n");

        var block = HeaderBlockReader.Read(new MemoryStream(message), limit: 64);

        Assert.False(block.Complete);
        Assert.Equal(0, block.HeaderEnd);
        ByteAssert.Equal(message[..block.Length], block.Bytes[..block.Length]);
    }

    [Fact]
    public void Read_ManyShortFieldsOverLimit_IsNotComplete()
    {
        var header = string.Concat(Enumerable.Range(0, 100).Select(i => $"X-F{i:D3}: v\n"));

        var block = HeaderBlockReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(header + "\nbody\n")), limit: 500);

        Assert.False(block.Complete);
    }

    [Fact]
    public void Read_HeaderLargerThanFirstBuffer_GrowsAndCompletes()
    {
        var header = "Subject:" + string.Concat(Enumerable.Repeat(" word", 10_000)) + "\nTo: b\n";

        var block = HeaderBlockReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(header + "\nbody\n")));

        Assert.True(block.Complete);
        Assert.Equal(header.Length, block.HeaderEnd);
    }

    /// <summary>
    /// Header blocks of exactly the limit are accepted and one byte more is not, whatever the
    /// line ending and whatever follows the header block.
    /// </summary>
    [Theory]
    [InlineData("\n", "\n\nbody\n")]
    [InlineData("\r\n", "\r\n\r\nbody\r\n")]
    [InlineData("\n", "\nThe body starts without an empty line and its first line is long")]
    public void Read_HeaderOfExactlyTheLimit_IsComplete(string newline, string rest)
    {
        const int limit = 256;
        var header = HeaderOfLength(limit, newline);
        var message = Encoding.ASCII.GetBytes(header + rest[newline.Length..] + new string('.', 500) + newline);

        var block = HeaderBlockReader.Read(new MemoryStream(message), limit);

        Assert.True(block.Complete, $"a {limit}-byte header block with limit {limit} was judged too large");
        Assert.Equal(limit, block.HeaderEnd);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Read_HeaderOneByteOverTheLimit_IsNotComplete(string newline)
    {
        const int limit = 256;
        var message = Encoding.ASCII.GetBytes(HeaderOfLength(limit + 1, newline) + newline + "body" + newline);

        var block = HeaderBlockReader.Read(new MemoryStream(message), limit);

        Assert.False(block.Complete);
    }

    /// <summary>A header block whose lines end with <paramref name="newline"/>, exactly <paramref name="length"/> bytes long.</summary>
    private static string HeaderOfLength(int length, string newline)
    {
        var first = "From: a@example.org" + newline;
        var subjectValue = length - first.Length - "Subject: ".Length - newline.Length;
        var header = first + "Subject: " + new string('s', subjectValue) + newline;
        Assert.Equal(length, header.Length);
        return header;
    }

    [Theory]
    [InlineData("Subject: x\n", true)]
    [InlineData("Subject:x\n", true)]
    [InlineData("Subject :x\n", true)]
    [InlineData("Subject\t:x\n", true)]
    [InlineData("X-PostTLS-ID: x", true)]
    [InlineData(" continued\n", true)]
    [InlineData("\tcontinued\r\n", true)]
    // Postfix's cleanup continues a field with any line that starts with a blank, even an empty one.
    [InlineData(" \t\n", true)]
    [InlineData("\t\r\n", true)]
    [InlineData("\n", false)]
    [InlineData("\r\n", false)]
    [InlineData("", false)]
    [InlineData("no colon here\n", false)]
    [InlineData("Sub ject: x\n", false)]
    [InlineData(": empty name\n", false)]
    [InlineData("From a@example.org Mon Mar  2 10:00:00 2026\n", false)]
    public void IsHeaderLine_Line_ClassifiesAsFieldOrContinuation(string line, bool expected)
    {
        Assert.Equal(expected, HeaderBlockReader.IsHeaderLine(Encoding.ASCII.GetBytes(line)));
    }
}
