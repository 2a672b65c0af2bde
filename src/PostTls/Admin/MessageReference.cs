using System.Diagnostics.CodeAnalysis;
using PostTls.Queue;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Admin;

/// <summary>
/// How an administrator names a message: its queue ID (as mailq shows it), its full
/// X-PostTLS-ID tag, or its 16-character key (the tag's first half, as the log shows it).
/// Checked strictly before it reaches the database, as any queue ID is.
/// </summary>
internal sealed class MessageReference
{
    private readonly string _text;
    private readonly string _lower;
    private readonly bool _mayBeKey;
    private readonly bool _mayBeQueueId;
    private readonly bool _isTag;

    private MessageReference(string text, bool mayBeKey, bool mayBeQueueId, bool isTag)
    {
        _text = text;
        _lower = text.ToLowerInvariant();
        _mayBeKey = mayBeKey;
        _mayBeQueueId = mayBeQueueId;
        _isTag = isTag;
    }

    public const string Forms = "a queue ID, an X-PostTLS-ID tag or a 16-character key";

    public static bool TryParse(string? text, [NotNullWhen(true)] out MessageReference? reference)
    {
        reference = null;
        text = text?.Trim() ?? "";
        var lower = text.ToLowerInvariant();
        if (MessageTag.IdOf(lower) is not null)
        {
            reference = new MessageReference(text, mayBeKey: false, mayBeQueueId: false, isTag: true);
            return true;
        }

        // Keys are lower-case base32; a short queue ID is upper-case hex: one 16-character
        // string can be both (say 2A3B4C5D6E7F2A3B), so such a string is tried as either.
        var key = lower.Length == MessageTag.PartLength && Base32.IsValid(lower);
        var queueId = QueueIds.IsValid(text);
        if (!key && !queueId)
        {
            return false;
        }

        reference = new MessageReference(text, key, queueId, isTag: false);
        return true;
    }

    /// <summary>The message named, or null when none is known by that name.</summary>
    public TrackedMessage? Find(MessageStore store)
    {
        if (_isTag)
        {
            return store.FindByKey(MessageTag.IdOf(_lower)!) is { } tagged && tagged.Tag == _lower ? tagged : null;
        }

        if (_mayBeKey && store.FindByKey(_lower) is { } byKey)
        {
            return byKey;
        }

        // A queue ID as typed: the long form is case-sensitive.
        return _mayBeQueueId ? store.FindByQueueId(_text).FirstOrDefault() : null;
    }

    public override string ToString() => _text;
}
