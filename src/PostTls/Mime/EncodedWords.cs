namespace PostTls.Mime;

/// <summary>RFC 2047 encoded-word decoding for display (Subject and the like).</summary>
internal static class EncodedWords
{
    /// <summary>
    /// Decodes B and Q encoded words in UTF-8, US-ASCII and ISO-8859-1…15 (and Windows-1252);
    /// whitespace between adjacent encoded words is dropped; words that are broken, or in a
    /// charset not supported, are left exactly as they are. Never throws.
    /// </summary>
    public static string Decode(string headerValue) => throw new NotImplementedException();
}
