namespace PostTls.Check;

/// <summary>
/// Postfix 3.10 and later honour a <c>TLS-Required: no</c> header field (RFC 8689,
/// tls_required_enable, default yes): such a message goes out with opportunistic TLS, in clear
/// text where the server offers none. Any sender can write that line, so mandatory TLS would
/// hold only for those who do not, and PostTLS would never be asked. Older Postfix does not know
/// the parameter (it reads as empty here), and the header means nothing to it.
/// </summary>
internal sealed class TlsRequiredCheck : ICheck
{
    public IEnumerable<Finding> Run(CheckContext context)
    {
        var enabled = context.Postfix.Main("tls_required_enable");
        if (enabled.Length > 0 && !enabled.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            yield return Finding.Error(CheckArea.Tls,
                $"tls_required_enable = {enabled}: any sender can bypass mandatory TLS with a \"TLS-Required: no\" header (Postfix 3.10 and later)",
                "set tls_required_enable = no in main.cf (postfix-snippets/main-3.10.cf)");
        }
    }
}
