namespace PostTls.Smtp;

/// <summary>
/// Turns message bytes into the SMTP DATA stream, chunk by chunk, so that a message of any
/// size is never held whole (RFC 5321 section 4.5.2), or into BDAT chunks (RFC 3030), which
/// count their bytes instead and so need neither the added dots nor the final ".":
/// <list type="bullet">
/// <item>LF and CRLF become CRLF. A CR not followed by LF, inside a line, is kept as it is:
/// it is message content, and Postfix stores it unchanged. A CR at the very end of the
/// message ends the last line.</item>
/// <item>For DATA, a line that starts with "." gets another "." in front, so that no line of
/// the message can end the transfer early.</item>
/// <item><see cref="Finish"/> ends an unterminated last line with CRLF (as DATA must, and as
/// Postfix stores a BDAT message too), then, for DATA, writes ".\r\n".</item>
/// </list>
/// 8-bit bytes pass untouched.
/// </summary>
/// <param name="dotTransparency">True for DATA (dots added, "." at the end); false for BDAT.</param>
internal sealed class DataEncoder(bool dotTransparency = true)
{
    private bool _atLineStart = true;
    private bool _pendingCr;

    /// <summary>The output space <see cref="Encode"/> needs at most for <paramref name="inputLength"/> bytes.</summary>
    public static int MaxEncodedLength(int inputLength) => (2 * inputLength) + 2;

    /// <summary>The output space <see cref="Finish"/> needs at most.</summary>
    public const int MaxFinishLength = 5;

    /// <returns>The number of bytes written to <paramref name="output"/>.</returns>
    /// <remarks>
    /// The bytes between line ends are copied as whole spans (found with a vectorised search),
    /// not byte by byte: the filter streams every message of every user through here.
    /// </remarks>
    public int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var n = 0;
        var i = 0;
        while (i < input.Length)
        {
            var b = input[i];
            if (_pendingCr)
            {
                _pendingCr = false;
                output[n++] = (byte)'\r';
                if (b == '\n')
                {
                    output[n++] = (byte)'\n';
                    _atLineStart = true;
                    i++;
                    continue;
                }

                // A lone CR: content. The line goes on with this byte.
                _atLineStart = false;
            }

            if (b == '\n')
            {
                output[n++] = (byte)'\r';
                output[n++] = (byte)'\n';
                _atLineStart = true;
                i++;
                continue;
            }

            if (b == '\r')
            {
                // Held back until the next byte says whether it ends the line.
                _pendingCr = true;
                i++;
                continue;
            }

            if (_atLineStart && b == '.' && dotTransparency)
            {
                output[n++] = (byte)'.';
            }

            // The rest of the line, up to the next CR or LF, as it is.
            var rest = input[i..];
            var length = rest.IndexOfAny((byte)'\r', (byte)'\n');
            if (length < 0)
            {
                length = rest.Length;
            }

            rest[..length].CopyTo(output[n..]);
            n += length;
            i += length;
            _atLineStart = false;
        }

        return n;
    }

    /// <summary>Writes what ends the message: a CRLF for an unterminated last line, then, for DATA, ".\r\n".</summary>
    /// <returns>The number of bytes written to <paramref name="output"/>.</returns>
    public int Finish(Span<byte> output)
    {
        var n = 0;
        if (_pendingCr || !_atLineStart)
        {
            output[n++] = (byte)'\r';
            output[n++] = (byte)'\n';
        }

        if (dotTransparency)
        {
            output[n++] = (byte)'.';
            output[n++] = (byte)'\r';
            output[n++] = (byte)'\n';
        }

        _pendingCr = false;
        _atLineStart = true;
        return n;
    }
}
