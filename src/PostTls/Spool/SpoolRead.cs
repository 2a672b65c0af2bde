namespace PostTls.Spool;

/// <summary>A decision file's text, or why it was not read; both null when the name is gone.</summary>
internal sealed record SpoolRead(string? Text, string? Refusal)
{
    public static readonly SpoolRead Missing = new(null, null);

    public bool IsMissing => Text is null && Refusal is null;
}
