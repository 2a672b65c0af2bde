using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Postfix;

namespace PostTls.Sweep;

/// <summary>
/// How old a tag may be when the sweep first meets its message: Postfix's
/// <c>maximal_queue_lifetime</c> plus one day. A message cannot wait in the queue longer than
/// that (Postfix returns it first), and the day covers mail kept on hold and slow first
/// deliveries. An older tag was made for some other, long gone message: copied.
/// </summary>
internal static class TagLifetime
{
    public const string Parameter = "maximal_queue_lifetime";

    /// <summary>Postfix's default maximal_queue_lifetime, used when postconf does not say.</summary>
    public static readonly TimeSpan PostfixDefault = TimeSpan.FromDays(5);

    public static readonly TimeSpan Margin = TimeSpan.FromDays(1);

    /// <summary>Asks postconf; falls back to Postfix's default (with a warning) when it cannot be read.</summary>
    public static TimeSpan Read(IPostfixQueue queue, MailLog log)
    {
        string? value = null;
        try
        {
            value = queue.Parameters(Parameter).GetValueOrDefault(Parameter);
        }
        catch (PostfixException e)
        {
            log.Warning($"{e.Message}; tags are accepted for {Describe(PostfixDefault + Margin)}");
            return PostfixDefault + Margin;
        }

        // Postfix's syntax: a number with an optional unit, seconds by default. 0 (one delivery
        // attempt only) and anything unreadable get the default bound, the longer one: never too strict.
        if (value is null || !DurationParser.TryParse(value, out var lifetime))
        {
            return PostfixDefault + Margin;
        }

        return lifetime.Value + Margin;
    }

    public static string Describe(TimeSpan bound) =>
        bound.TotalHours % 24 == 0 ? $"{bound.TotalDays:0}d" : $"{bound.TotalHours:0}h";
}
