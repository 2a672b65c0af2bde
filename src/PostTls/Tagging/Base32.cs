namespace PostTls.Tagging;

/// <summary>
/// RFC 4648 base32 in lower case without padding: letters and digits only, so tags fit in
/// header values and in the local part of action addresses, and survive case-folding MTAs.
/// </summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[index++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, index);
    }

    /// <summary>True when every character is in the alphabet (lower case only).</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(c is >= 'a' and <= 'z' or >= '2' and <= '7'))
            {
                return false;
            }
        }

        return true;
    }
}
