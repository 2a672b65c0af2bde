namespace PostTls.Smtp;

/// <summary>How <see cref="SmtpClient"/> connects and how long it waits.</summary>
/// <remarks>
/// The defaults suit a local Postfix smtpd: it answers commands in milliseconds, so a minute
/// is already generous and keeps a cron-run sweep from hanging; the reply to the end of DATA
/// comes only after cleanup has written and synced the whole queue file, so it gets longer.
/// </remarks>
internal sealed record SmtpClientOptions
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultDataEndTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultConnectRetryDelay = TimeSpan.FromMilliseconds(250);
    public const int DefaultConnectRetries = 3;
    public const string DefaultHeloName = "localhost";

    public required SmtpEndpoint Endpoint { get; init; }

    /// <summary>The name sent with EHLO; the release listener only needs a syntactically valid one.</summary>
    public string HeloName { get; init; } = DefaultHeloName;

    /// <summary>Limit for establishing one connection (one attempt).</summary>
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>Limit for each reply (greeting, EHLO, MAIL, RCPT, DATA, RSET, QUIT) and each write.</summary>
    public TimeSpan CommandTimeout { get; init; } = DefaultCommandTimeout;

    /// <summary>Limit for the reply to the final "." of the message.</summary>
    public TimeSpan DataEndTimeout { get; init; } = DefaultDataEndTimeout;

    /// <summary>Further attempts after a failed connection attempt; 0 disables retrying.</summary>
    public int ConnectRetries { get; init; } = DefaultConnectRetries;

    /// <summary>The first retry's delay; each further retry waits twice as long.</summary>
    public TimeSpan ConnectRetryDelay { get; init; } = DefaultConnectRetryDelay;

    /// <summary>
    /// Whether to wait for the reply to QUIT. The transaction is over by then; the filter, which
    /// runs once per message, does not wait for a reply that changes nothing.
    /// </summary>
    public bool AwaitQuitReply { get; init; } = true;

    /// <summary>When set, sent with XFORWARD if the server announces it (the filter's reinjection).</summary>
    public SmtpForward? Forward { get; init; }

    /// <summary>Called with a one-line reason when the server refuses XFORWARD.</summary>
    public Action<string>? OnForwardRefused { get; init; }

    /// <summary>Called before each connection retry with a one-line reason, e.g. to log a warning.</summary>
    public Action<string>? OnConnectRetry { get; init; }
}
