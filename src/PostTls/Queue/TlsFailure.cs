namespace PostTls.Queue;

/// <summary>A classified delay reason.</summary>
/// <param name="Host">The remote host as Postfix names it (<c>name[address]</c>), when the text says.</param>
/// <param name="ServerReply">For <see cref="FailureClass.StartTlsRefused"/>: the server's reply to STARTTLS.</param>
internal sealed record TlsFailure(FailureClass Class, string? Host, string? ServerReply)
{
    public static TlsFailure NotTls { get; } = new(FailureClass.None, null, null);

    public bool IsTls => Class != FailureClass.None;
}
