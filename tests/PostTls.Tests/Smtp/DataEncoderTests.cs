using System.Text;
using PostTls.Smtp;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Smtp;

public sealed class DataEncoderTests
{
    // Input and expected DATA stream, with \r and \n written out.
    public static TheoryData<string, string> Cases => new()
    {
        { "", ".\r\n" },
        { "a", "a\r\n.\r\n" },
        { "a\n", "a\r\n.\r\n" },
        { "a\r\n", "a\r\n.\r\n" },
        { "a\n\n", "a\r\n\r\n.\r\n" },
        { "a\r\n\r\n", "a\r\n\r\n.\r\n" },
        { "a\rb\n", "a\rb\r\n.\r\n" },          // a lone CR inside a line is content
        { "a\r", "a\r\n.\r\n" },                // a CR at the very end ends the last line
        { "a\r\r\n", "a\r\r\n.\r\n" },
        { "\r.\n", "\r.\r\n.\r\n" },            // the line starts with CR, not with a dot
        { ".", "..\r\n.\r\n" },
        { ".\n", "..\r\n.\r\n" },
        { "..x\r\n", "...x\r\n.\r\n" },
        { "a\n.\nb", "a\r\n..\r\nb\r\n.\r\n" },
        { "a\r\n.\r\n", "a\r\n..\r\n.\r\n" },   // a message cannot end the transfer early
        { "a.b\n.", "a.b\r\n..\r\n.\r\n" },
        { "\n", "\r\n.\r\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_InOneChunk_GivesExpectedBytes(string input, string expected)
    {
        ByteAssert.Equal(Encoding.Latin1.GetBytes(expected), EncodeSplit(Encoding.Latin1.GetBytes(input), -1));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_SplitAtEveryPosition_GivesTheSameBytes(string input, string expected)
    {
        var bytes = Encoding.Latin1.GetBytes(input);
        for (var split = 0; split <= bytes.Length; split++)
        {
            ByteAssert.Equal(Encoding.Latin1.GetBytes(expected), EncodeSplit(bytes, split));
        }
    }

    [Fact]
    public void Encode_EightBitBytes_PassUntouched()
    {
        byte[] input = [0x00, 0x7f, 0x80, 0xe4, 0xff, (byte)'\n'];

        ByteAssert.Equal([0x00, 0x7f, 0x80, 0xe4, 0xff, .. "\r\n.\r\n"u8], EncodeSplit(input, -1));
    }

    [Fact]
    public void MaxEncodedLength_WorstCaseInput_IsEnough()
    {
        var encoder = new DataEncoder();
        encoder.Encode("a\r"u8, new byte[DataEncoder.MaxEncodedLength(2)]);
        byte[] worst = [.. Enumerable.Repeat("\n."u8.ToArray(), 100).SelectMany(x => x)];

        var written = encoder.Encode(worst, new byte[DataEncoder.MaxEncodedLength(worst.Length)]);

        Assert.True(written <= DataEncoder.MaxEncodedLength(worst.Length));
    }

    /// <summary>Encodes in two chunks split at <paramref name="split"/> (or one chunk when negative), then finishes.</summary>
    private static byte[] EncodeSplit(byte[] input, int split)
    {
        var encoder = new DataEncoder();
        var output = new List<byte>();
        var chunks = split < 0 ? [input] : new[] { input[..split], input[split..] };
        foreach (var chunk in chunks)
        {
            var buffer = new byte[DataEncoder.MaxEncodedLength(chunk.Length)];
            output.AddRange(buffer.AsSpan(0, encoder.Encode(chunk, buffer)));
        }

        var end = new byte[DataEncoder.MaxFinishLength];
        output.AddRange(end.AsSpan(0, encoder.Finish(end)));
        return [.. output];
    }
}
