namespace PostTls.Headers;

/// <summary>RFC 5322 field names: printable ASCII except colon, optionally followed by blanks, then a colon.</summary>
internal static class HeaderFieldName
{
    /// <summary>The length of the field name at the start of <paramref name="line"/>, or 0 when it does not start a field.</summary>
    public static int Length(ReadOnlySpan<byte> line)
    {
        var (nameLength, colon) = Scan(line);
        return colon ? nameLength : 0;
    }

    /// <summary>
    /// True when <paramref name="start"/>, the beginning of a line not yet read to its end, already
    /// cannot be the start of a header field, whatever follows.
    /// </summary>
    public static bool CannotStartField(ReadOnlySpan<byte> start)
    {
        var (nameLength, colon) = Scan(start);
        if (colon)
        {
            return false;
        }

        var i = nameLength;
        while (i < start.Length && start[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        // Undecided while only name characters and blanks have been seen.
        return (nameLength == 0 && start.Length > 0) || i < start.Length;
    }

    private static (int NameLength, bool Colon) Scan(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (i < line.Length && line[i] is >= 33 and <= 126 and not (byte)':')
        {
            i++;
        }

        if (i == 0)
        {
            return (0, false);
        }

        var nameLength = i;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return (nameLength, i < line.Length && line[i] == ':');
    }
}
