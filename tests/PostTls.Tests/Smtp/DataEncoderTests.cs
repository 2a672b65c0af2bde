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

    /// <summary>For BDAT the same line ends, but no dots added and no "." at the end: the chunk lengths frame the message.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_ForBdat_GivesTheLinesWithoutDotTransparency(string input, string expected)
    {
        var lines = expected[..^3].Split("\r\n");
        var unstuffed = string.Join("\r\n", lines.Select(line => line.StartsWith('.') ? line[1..] : line));
        var bytes = Encoding.Latin1.GetBytes(input);
        for (var split = -1; split <= bytes.Length; split++)
        {
            ByteAssert.Equal(Encoding.Latin1.GetBytes(unstuffed), EncodeSplit(bytes, split, dotTransparency: false));
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
    private static byte[] EncodeSplit(byte[] input, int split, bool dotTransparency = true)
    {
        var encoder = new DataEncoder(dotTransparency);
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

    /// <summary>
    /// The span-copying encoder against the rules written out byte by byte, on random messages
    /// of CR, LF, dots and letters cut into random chunks: the same stream every time.
    /// </summary>
    [Fact]
    public void Encode_RandomMessagesInRandomChunks_SameAsByteByByte()
    {
        var random = new Random(20261203);
        var alphabet = "\r\n.ab"u8.ToArray();
        for (var round = 0; round < 2000; round++)
        {
            var message = new byte[random.Next(0, 200)];
            for (var i = 0; i < message.Length; i++)
            {
                message[i] = alphabet[random.Next(alphabet.Length)];
            }

            var encoder = new DataEncoder();
            var output = new List<byte>();
            var buffer = new byte[DataEncoder.MaxEncodedLength(message.Length) + DataEncoder.MaxFinishLength];
            for (var at = 0; at < message.Length;)
            {
                var chunk = Math.Min(random.Next(1, 20), message.Length - at);
                output.AddRange(buffer.AsSpan(0, encoder.Encode(message.AsSpan(at, chunk), buffer)).ToArray());
                at += chunk;
            }

            output.AddRange(buffer.AsSpan(0, encoder.Finish(buffer)).ToArray());
            ByteAssert.Equal(ByteByByte(message), output.ToArray());
        }
    }

    private static byte[] ByteByByte(byte[] message)
    {
        var output = new List<byte>();
        var atLineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            var b = message[i];
            if (b == '\n' || (b == '\r' && i + 1 < message.Length && message[i + 1] == '\n'))
            {
                i += b == '\r' ? 1 : 0;
                output.AddRange("\r\n"u8.ToArray());
                atLineStart = true;
                continue;
            }

            if (b == '\r' && i + 1 == message.Length)
            {
                break; // a CR at the very end ends the last line
            }

            if (atLineStart && b == '.')
            {
                output.Add((byte)'.');
            }

            output.Add(b);
            atLineStart = false;
        }

        if (!atLineStart || (message.Length > 0 && message[^1] == '\r'))
        {
            output.AddRange("\r\n"u8.ToArray());
        }

        output.AddRange(".\r\n"u8.ToArray());
        return output.ToArray();
    }
}
