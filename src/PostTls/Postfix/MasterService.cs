namespace PostTls.Postfix;

/// <summary>
/// One service of master.cf as <c>postconf -M</c> prints it: the seven columns, the command and
/// its arguments (<c>-o</c> pairs included; <see cref="ServiceParameter"/> has them expanded).
/// Columns keep Postfix's spelling: "-" means the default.
/// </summary>
internal sealed record MasterService(
    string Name,
    string Type,
    string Private,
    string Unprivileged,
    string Chroot,
    string Wakeup,
    string ProcessLimit,
    string Command,
    IReadOnlyList<string> Arguments)
{
    /// <summary>"name/type", as postconf and the mail log name a service.</summary>
    public string Id => Name + "/" + Type;

    /// <summary>The private column: "-" is the default, which is private for every type but inet.</summary>
    public bool IsPrivate => Private == "y" || (Private == "-" && Type != "inet");
}
