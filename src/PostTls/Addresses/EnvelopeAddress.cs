using System.Text;

namespace PostTls.Addresses;

/// <summary>
/// The two spellings of one envelope address. Postfix keeps addresses in <em>internal</em>
/// form, the local part unquoted (<c>john doe@example.org</c>): postcat prints that form.
/// postqueue -j, pipe(8)'s <c>q</c> flag and SMTP use the <em>external</em> form, quoted as
/// RFC 5321 requires (<c>"john doe"@example.org</c>). Addresses are compared, stored and bound
/// into MACs in internal form, and quoted only where they are written for a protocol.
/// Hand-written because MimeKit's address parser follows RFC 5322 (display names, comments,
/// obsolete syntax) and re-encodes, while this must mirror Postfix's quote_822_local exactly.
/// </summary>
internal static class EnvelopeAddress
{
    // RFC 5322 atext besides letters and digits; every non-ASCII character counts as atext (RFC 6531).
    private const string AtextSymbols = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>The internal form: a quoted local part unquoted, its backslash escapes resolved. Anything else stays as it is.</summary>
    public static string ToInternal(string address)
    {
        if (address.Length == 0 || address[0] != '"')
        {
            return address;
        }

        var local = new StringBuilder(address.Length);
        var i = 1;
        for (; i < address.Length && address[i] != '"'; i++)
        {
            if (address[i] == '\\' && i + 1 < address.Length)
            {
                i++;
            }

            local.Append(address[i]);
        }

        // Only "quoted"@domain or a bare "quoted" is a quoted local part; anything else is taken as written.
        var rest = i < address.Length ? address[(i + 1)..] : null;
        return rest is not null && (rest.Length == 0 || rest[0] == '@') ? local + rest : address;
    }

    /// <summary>The external form: the local part quoted when it is not a dot-string (Postfix's quote_822_local).</summary>
    public static string ToExternal(string address)
    {
        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        var domain = at < 0 ? "" : address[at..];
        if (local.Length == 0 || IsDotString(local))
        {
            return address;
        }

        var quoted = new StringBuilder(local.Length + domain.Length + 4).Append('"');
        foreach (var c in local)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').Append(domain).ToString();
    }

    /// <summary>
    /// The form that is compared and bound into MACs: internal, with the domain in lower case
    /// (the local part may be case-sensitive, RFC 5321; the domain never is).
    /// </summary>
    public static string Canonical(string address)
    {
        var internalForm = ToInternal(address);
        var at = internalForm.LastIndexOf('@');
        return at < 0 ? internalForm : internalForm[..at] + "@" + internalForm[(at + 1)..].ToLowerInvariant();
    }

    /// <summary>The domain as choices, scopes and decisions store it: lower case (A-labels, as the queue spells them); empty without one.</summary>
    public static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : address[(at + 1)..].ToLowerInvariant();
    }

    /// <summary>True when both spellings name the same mailbox.</summary>
    public static bool Same(string a, string b) => string.Equals(Canonical(a), Canonical(b), StringComparison.Ordinal);

    /// <summary>Compares as <see cref="Same"/> does, for sets and lookups of addresses from different tools.</summary>
    public static IEqualityComparer<string> Comparer { get; } = new CanonicalComparer();

    private sealed class CanonicalComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => x is null || y is null ? x == y : Same(x, y);

        public int GetHashCode(string address) => StringComparer.Ordinal.GetHashCode(Canonical(address));
    }

    private static bool IsDotString(string local)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (c != '.' && !char.IsAsciiLetterOrDigit(c) && !AtextSymbols.Contains(c) && c < 0x80)
            {
                return false;
            }

            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
