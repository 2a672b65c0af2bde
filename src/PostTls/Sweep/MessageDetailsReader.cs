using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Queue;

namespace PostTls.Sweep;

/// <summary>
/// Reads envelope and headers of many messages with one <c>postcat</c> run per batch. The
/// queue changes while we read it: postcat stops at the first ID that has gone, so the rest
/// of the batch is read again in a new run, without the missing one.
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
                foreach (var details in PostcatOutput.Parse(result.Output, problems))
                {
                    found[details.QueueId] = details;
                }

                foreach (var problem in problems)
                {
                    log.Warning("postcat output: " + problem);
                }

                if (result.Succeeded)
                {
                    break;
                }

                // The first ID without output is the one that vanished; try the rest again.
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
}
