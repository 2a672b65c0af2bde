namespace PostTls.Smtp;

/// <summary>
/// Checks an envelope before anything is sent, and says which extension each ESMTP
/// parameter needs, so that a parameter the server did not announce is refused with a clear
/// message instead of a syntax error from the server, or silently dropped.
/// </summary>
internal static class SmtpParameters
{
    /// <summary>
    /// Refuses what could not be sent as one well-formed command line: control characters
    /// (a CR or LF would let an address inject commands), angle brackets (see
    /// <see cref="Unsendable"/>; addresses are in internal form, quoted when written), malformed or
    /// repeated parameters, UTF-8 addresses without <c>SMTPUTF8</c>, no recipients.
    /// </summary>
    /// <exception cref="ArgumentException">The envelope cannot be sent.</exception>
    public static void Validate(SmtpEnvelope envelope)
    {
        if (envelope.Recipients.Count == 0)
        {
            throw new ArgumentException("no recipients", nameof(envelope));
        }

        CheckParameters(envelope.MailParameters, "MAIL");
        var utf8 = envelope.MailParameters.Any(p => p.Equals("SMTPUTF8", StringComparison.OrdinalIgnoreCase));
        CheckAddress(envelope.Sender, utf8, allowEmpty: true);
        foreach (var recipient in envelope.Recipients)
        {
            CheckAddress(recipient.Address, utf8, allowEmpty: false);
            CheckParameters(recipient.Parameters, "RCPT TO:<" + recipient.Address + ">");
        }
    }

    /// <summary>The EHLO keyword a MAIL parameter depends on (RFC 1870, 6152, 6531, 3461, 4954).</summary>
    public static string MailExtension(string parameter) => Keyword(parameter).ToUpperInvariant() switch
    {
        "BODY" when Value(parameter).Equals("BINARYMIME", StringComparison.OrdinalIgnoreCase) => "BINARYMIME",
        "BODY" => "8BITMIME",
        "RET" or "ENVID" => "DSN",
        var keyword => keyword,
    };

    /// <summary>The EHLO keyword a RCPT parameter depends on (RFC 3461 for NOTIFY and ORCPT).</summary>
    public static string RecipientExtension(string parameter) => Keyword(parameter).ToUpperInvariant() switch
    {
        "NOTIFY" or "ORCPT" => "DSN",
        var keyword => keyword,
    };

    private static string Keyword(string parameter)
    {
        var equals = parameter.IndexOf('=');
        return equals < 0 ? parameter : parameter[..equals];
    }

    private static string Value(string parameter)
    {
        var equals = parameter.IndexOf('=');
        return equals < 0 ? "" : parameter[(equals + 1)..];
    }

    private static void CheckParameters(IReadOnlyList<string> parameters, string command)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters)
        {
            var keyword = Keyword(parameter);
            if (!IsKeyword(keyword) || !IsValue(parameter.AsSpan(keyword.Length)))
            {
                throw new ArgumentException($"{command}: malformed parameter \"{parameter}\"", nameof(parameters));
            }

            if (!seen.Add(keyword))
            {
                throw new ArgumentException($"{command}: parameter {keyword} given twice", nameof(parameters));
            }

            if (keyword.Equals("BODY", StringComparison.OrdinalIgnoreCase)
                && Value(parameter).Equals("BINARYMIME", StringComparison.OrdinalIgnoreCase))
            {
                // RFC 3030: binary content goes with BDAT only, and this client speaks DATA only.
                throw new ArgumentException($"{command}: BODY=BINARYMIME needs BDAT, which this client does not send", nameof(parameters));
            }
        }
    }

    // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
    private static bool IsKeyword(string keyword) =>
        keyword.Length > 0 && keyword[0] != '-' && keyword.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    // Nothing, or "=" and a value without spaces, control characters or another "=".
    private static bool IsValue(ReadOnlySpan<char> rest) =>
        rest.IsEmpty || (rest.Length > 1 && rest[0] == '=' && !rest[1..].ContainsAny("= \t") && !ContainsControl(rest));

    private static void CheckAddress(string address, bool utf8, bool allowEmpty)
    {
        if (address.Length == 0 && !allowEmpty)
        {
            throw new ArgumentException("empty recipient address", nameof(address));
        }

        if (UnsendableInPath(address) is { } problem)
        {
            throw new ArgumentException(problem, nameof(address));
        }

        if (!utf8 && !System.Text.Ascii.IsValid(address))
        {
            // RFC 6531: a UTF-8 address may only be sent in a transaction declared with SMTPUTF8.
            throw new ArgumentException($"non-ASCII address without the SMTPUTF8 parameter: {address}", nameof(address));
        }
    }

    /// <summary>
    /// Why <paramref name="address"/> (internal form) can never be written into MAIL FROM or
    /// RCPT TO, or null. Quoting would make an angle bracket legal in the path, but it stays
    /// refused: a parser that gets quoting wrong would end the path there.
    /// </summary>
    public static string? Unsendable(string address) =>
        ContainsControl(address) || address.AsSpan().ContainsAny('<', '>')
            ? $"address with control characters or angle brackets: {Escape(address)}"
            : null;

    /// <summary>
    /// Why <paramref name="address"/> cannot be written into a path at all: control characters
    /// anywhere, angle brackets in the domain. In the local part they are legal once quoted,
    /// which writing does (<c>"a&gt;b"@example.org</c>), and Postfix's smtpd parses the quotes:
    /// the filter must be able to hand back any address Postfix accepted. Which addresses the
    /// release path still refuses is <see cref="Unsendable"/>.
    /// </summary>
    private static string? UnsendableInPath(string address)
    {
        var at = address.LastIndexOf('@');
        return ContainsControl(address) || (at >= 0 && address.AsSpan(at).ContainsAny('<', '>'))
            ? $"address with control characters, or angle brackets in its domain: {Escape(address)}"
            : null;
    }

    private static bool ContainsControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Control characters written as \xNN, so that the text stays one printable line.</summary>
    internal static string Escape(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
