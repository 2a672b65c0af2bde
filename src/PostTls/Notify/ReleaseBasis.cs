namespace PostTls.Notify;

/// <summary>Why a message went without encryption, as its confirmation explains it.</summary>
internal enum ReleaseBasis
{
    /// <summary>The sender (or an administrator) asked for it, through the notice.</summary>
    Asked,

    /// <summary>A remembered choice of the sender for the recipients' domain.</summary>
    Choice,

    /// <summary>The message's own "TLS-Required: No" header field (RFC 8689).</summary>
    Header,
}

/// <summary>A remembered choice as a confirmation names it: until when it holds, and the address that ends it.</summary>
/// <param name="ForgetAddress">Full action address; mailing it ends the choice.</param>
internal sealed record ChoiceNote(string Domain, DateTimeOffset MadeAt, DateTimeOffset ExpiresAt, string ForgetAddress);
