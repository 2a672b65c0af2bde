using System.Text.Json;

namespace PostTls.Tests.TestSupport;

/// <summary>What Python's email package made of a message.</summary>
internal sealed record ParsedMessage(
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Subject,
    bool IsMultipart,
    string ContentType,
    IReadOnlyList<string> Defects,
    IReadOnlyList<ParsedPart> Parts)
{
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public static ParsedMessage From(JsonElement e) => new(
        e.GetProperty("headers").EnumerateArray().Select(h => KeyValuePair.Create(h[0].GetString()!, h[1].GetString()!)).ToList(),
        e.GetProperty("subject").GetString()!,
        e.GetProperty("is_multipart").GetBoolean(),
        e.GetProperty("content_type").GetString()!,
        Strings(e.GetProperty("defects")),
        e.GetProperty("parts").EnumerateArray().Select(ParsedPart.From).ToList());

    internal static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(s => s.GetString()!).ToList();
}

/// <param name="Text">For text/html: the visible text, whitespace collapsed; else the content.</param>
internal sealed record ParsedPart(
    string ContentType,
    string? Charset,
    string? TransferEncoding,
    string Content,
    string Text,
    IReadOnlyList<string> Hrefs,
    IReadOnlyList<string> Defects)
{
    public static ParsedPart From(JsonElement e)
    {
        var content = e.GetProperty("content").GetString()!;
        return new ParsedPart(
            e.GetProperty("content_type").GetString()!,
            e.GetProperty("charset").GetString(),
            e.GetProperty("cte").GetString(),
            content,
            e.TryGetProperty("text", out var text) ? text.GetString()! : content,
            e.TryGetProperty("hrefs", out var hrefs) ? ParsedMessage.Strings(hrefs) : [],
            ParsedMessage.Strings(e.GetProperty("defects")));
    }
}
