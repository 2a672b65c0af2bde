using System.Globalization;
using System.Text;
using PostTls.Queue;

namespace PostTls.Apply;

/// <summary>
/// The DSN requests stored in a queue file (postcat -e named attributes), turned back into
/// SMTP parameters so the released copy keeps them: RET and ENVID for the message, NOTIFY and
/// ORCPT per recipient. Per-recipient attributes precede their <c>recipient:</c> record.
/// </summary>
internal sealed class DsnParameters
{
    private readonly Dictionary<string, List<string>> _recipients = new(StringComparer.OrdinalIgnoreCase);

    private DsnParameters(List<string> mail)
    {
        Mail = mail;
    }

    /// <summary>MAIL FROM parameters: RET=, ENVID=.</summary>
    public IReadOnlyList<string> Mail { get; }

    public IReadOnlyList<string> For(string recipient) => _recipients.GetValueOrDefault(recipient) ?? [];

    public static DsnParameters From(MessageDetails details)
    {
        var mail = new List<string>();
        var result = new DsnParameters(mail);
        var pending = new List<string>();
        foreach (var (name, value) in details.Envelope)
        {
            if (name == "named_attribute")
            {
                var equals = value.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var (attribute, content) = (value[..equals], value[(equals + 1)..]);
                switch (attribute)
                {
                    case "notify_flags" when Notify(content) is { } notify:
                        pending.Add("NOTIFY=" + notify);
                        break;
                    case "dsn_orig_rcpt" when content.Contains(';'):
                        pending.Add("ORCPT=" + content[..(content.IndexOf(';') + 1)] + Xtext(content[(content.IndexOf(';') + 1)..]));
                        break;
                    case "envelope_id" when content.Length > 0:
                        mail.Add("ENVID=" + Xtext(content));
                        break;
                    case "ret_flags":
                        var ret = content == "1" ? "FULL" : content == "2" ? "HDRS" : null;
                        if (ret is not null)
                        {
                            mail.Add("RET=" + ret);
                        }

                        break;
                }
            }
            else if (name == "recipient")
            {
                result._recipients[value] = pending;
                pending = [];
            }
            else if (name == "done_recipient")
            {
                pending = [];
            }
        }

        return result;
    }

    /// <summary>
    /// Postfix's notify_flags bit mask (dsn_mask.h): 1 NEVER, 2 SUCCESS, 4 FAILURE, 8 DELAY;
    /// <c>sendmail -N success,delay</c> is stored as 10.
    /// </summary>
    private static string? Notify(string flags)
    {
        if (!int.TryParse(flags, NumberStyles.None, CultureInfo.InvariantCulture, out var mask) || mask == 0)
        {
            return null;
        }

        if ((mask & 1) != 0)
        {
            return "NEVER";
        }

        var words = new List<string>();
        if ((mask & 2) != 0)
        {
            words.Add("SUCCESS");
        }

        if ((mask & 8) != 0)
        {
            words.Add("DELAY");
        }

        if ((mask & 4) != 0)
        {
            words.Add("FAILURE");
        }

        return words.Count > 0 ? string.Join(',', words) : null;
    }

    /// <summary>RFC 3461 xtext: printable ASCII except '+' and '=' as is, everything else as +XX.</summary>
    internal static string Xtext(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 33 and <= 126 and not (byte)'+' and not (byte)'=')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('+').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
