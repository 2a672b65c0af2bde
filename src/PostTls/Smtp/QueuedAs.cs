using PostTls.Queue;

namespace PostTls.Smtp;

/// <summary>The queue ID in Postfix's reply to the end of DATA: <c>250 2.0.0 Ok: queued as 4ABC123DEF</c>.</summary>
internal static class QueuedAs
{
    private const string Marker = "queued as ";

    /// <summary>The ID after "queued as ", when <see cref="QueueIds.IsValid"/> accepts it; otherwise null.</summary>
    public static string? Find(SmtpReply reply)
    {
        foreach (var line in reply.Lines)
        {
            var at = line.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            var rest = line.AsSpan(at + Marker.Length);
            var end = rest.IndexOfAny(' ', '\t');
            var id = (end < 0 ? rest : rest[..end]).ToString();
            return QueueIds.IsValid(id) ? id : null;
        }

        return null;
    }
}
