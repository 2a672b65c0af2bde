using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Queue;

namespace PostTls.Run;

/// <summary>
/// Reads envelope and headers of many messages with one <c>postcat</c> run per batch. The
/// queue changes while we read it: postcat stops at the first ID that has gone, so the rest
/// of the batch is read again in a new run, without the missing one. When the output's
/// framing is broken (a sender full name can carry line breaks into postcat's output), the
/// messages not yet read are read one at a time, and a result is taken only when it is
/// exactly the one message asked for, with nothing odd in it.
/// </summary>
internal sealed class MessageDetailsReader(IPostfixQueue queue, MailLog log)
{
    public const int BatchSize = 100;

    public IReadOnlyDictionary<string, MessageDetails> Read(IReadOnlyList<string> queueIds)
    {
        var found = new Dictionary<string, MessageDetails>(StringComparer.Ordinal);
        for (var start = 0; start < queueIds.Count; start += BatchSize)
        {
            var pending = queueIds.Skip(start).Take(BatchSize).ToList();
            while (pending.Count > 0)
            {
                var result = queue.Postcat(pending);
                var problems = new List<string>();
                var wanted = pending.ToHashSet(StringComparer.Ordinal);
                foreach (var details in PostcatOutput.Parse(result.Output, problems).Where(d => wanted.Contains(d.QueueId)))
                {
                    found[details.QueueId] = details;
                }

                if (problems.Count > 0)
                {
                    log.Warning($"postcat output is not what it should be ({problems[0]}); reading the rest one by one");
                    foreach (var id in pending.Where(id => !found.ContainsKey(id)))
                    {
                        if (ReadOne(id) is { } single)
                        {
                            found[id] = single;
                        }
                    }

                    break;
                }

                if (result.Succeeded)
                {
                    break;
                }

                // One hung postcat would hang again for each message still to read: stop here.
                if (result.TimedOut)
                {
                    log.Warning($"{result.FirstErrorLine}; "
                        + $"{queueIds.Count - found.Count} messages not read in this run, the next one tries again");
                    return found;
                }

                // The first ID without output is the one that vanished; read the rest again.
                var missing = pending.FindIndex(id => !found.ContainsKey(id));
                if (missing < 0)
                {
                    log.Warning("postcat failed after printing every message: " + result.FirstErrorLine);
                    break;
                }

                log.Info($"{pending[missing]}: left the queue while it was read ({result.FirstErrorLine})");
                pending = pending.Skip(missing + 1).ToList();
            }
        }

        return found;
    }

    /// <summary>One message on its own; null when it is gone or its output cannot be trusted.</summary>
    public MessageDetails? ReadOne(string queueId) => ReadOne(queueId, out _);

    /// <param name="failure">postcat's first error line when it failed, else empty.</param>
    public MessageDetails? ReadOne(string queueId, out string failure)
    {
        var problems = new List<string>();
        var result = queue.Postcat([queueId]);
        failure = result.Succeeded ? "" : result.FirstErrorLine;
        var messages = PostcatOutput.Parse(result.Output, problems);
        if (problems.Count > 0 || messages.Count != 1 || messages[0].QueueId != queueId)
        {
            if (problems.Count > 0)
            {
                log.Warning($"{queueId}: postcat output cannot be trusted ({problems[0]}); skipped");
            }

            return null;
        }

        return messages[0];
    }
}
