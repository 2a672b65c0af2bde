namespace PostTls.Filter;

/// <summary>RFC 5322 field names: printable ASCII except colon, optionally followed by blanks, then a colon.</summary>
internal static class HeaderFieldName
{
    /// <summary>The length of the field name at the start of <paramref name="line"/>, or 0 when it does not start a field.</summary>
    public static int Length(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (i < line.Length && line[i] is >= 33 and <= 126 and not (byte)':')
        {
            i++;
        }

        if (i == 0)
        {
            return 0;
        }

        var nameLength = i;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return i < line.Length && line[i] == ':' ? nameLength : 0;
    }
}
