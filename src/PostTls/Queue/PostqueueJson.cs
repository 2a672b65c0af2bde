using System.Diagnostics.CodeAnalysis;

namespace PostTls.Queue;

/// <summary>Parses one line of <c>postqueue -j</c> (JSON Lines).</summary>
internal static class PostqueueJson
{
    /// <summary>
    /// Parses a line. Unknown members are ignored. Returns false, with a one-line reason, for
    /// malformed JSON, missing or mistyped required fields (queue_name, queue_id, sender,
    /// recipients[].address) and invalid queue IDs. Never throws.
    /// </summary>
    public static bool TryParse(string line, [NotNullWhen(true)] out QueuedMessage? message, [NotNullWhen(false)] out string? problem) =>
        throw new NotImplementedException();
}
