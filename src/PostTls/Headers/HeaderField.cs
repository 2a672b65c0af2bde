namespace PostTls.Headers;

/// <summary>
/// One header field within a header block: its first line and its continuation lines,
/// as the byte range [Start, Start + Length) including line endings. <see cref="NameLength"/>
/// is 0 for stray continuation lines at the top of a block, which belong to no field.
/// </summary>
internal readonly record struct HeaderField(int Start, int Length, int NameLength)
{
    public ReadOnlySpan<byte> Name(byte[] block) => block.AsSpan(Start, NameLength);

    /// <summary>The unfolded value: everything after the colon with line breaks removed.</summary>
    public string UnfoldedValue(byte[] block)
    {
        if (NameLength == 0)
        {
            return "";
        }

        var raw = block.AsSpan(Start, Length);
        var colon = raw.IndexOf((byte)':');
        var value = raw[(colon + 1)..];
        var text = System.Text.Encoding.Latin1.GetString(value);
        return text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
    }

    /// <summary>Splits [start..end) of a header block into fields.</summary>
    public static List<HeaderField> Split(byte[] block, int start, int end)
    {
        var fields = new List<HeaderField>();
        var position = start;
        while (position < end)
        {
            var lineEnd = NextLineEnd(block, position, end);
            var nameLength = block[position] is (byte)' ' or (byte)'\t'
                ? 0
                : HeaderFieldName.Length(block.AsSpan(position, lineEnd - position));
            var fieldStart = position;
            position = lineEnd;
            while (position < end && block[position] is (byte)' ' or (byte)'\t')
            {
                position = NextLineEnd(block, position, end);
            }

            fields.Add(new HeaderField(fieldStart, position - fieldStart, nameLength));
        }

        return fields;
    }

    private static int NextLineEnd(byte[] block, int from, int end)
    {
        var newline = Array.IndexOf(block, (byte)'\n', from, end - from);
        return newline < 0 ? end : newline + 1;
    }
}
