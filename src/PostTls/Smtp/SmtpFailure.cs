namespace PostTls.Smtp;

/// <summary>Why a submission failed; see <see cref="SmtpException"/>.</summary>
internal enum SmtpFailure
{
    /// <summary>No connection could be established, after the retries.</summary>
    ConnectFailed,

    /// <summary>The server answered a command with a negative reply.</summary>
    Rejected,

    /// <summary>The envelope needs an extension (DSN, SMTPUTF8, ...) that the server did not announce.</summary>
    ExtensionMissing,

    /// <summary>A malformed, overlong or unexpected reply.</summary>
    ProtocolError,

    /// <summary>The server did not answer, or did not take data, in time.</summary>
    Timeout,

    /// <summary>The server closed or reset the connection.</summary>
    ConnectionLost,
}
