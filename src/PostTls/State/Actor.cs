namespace PostTls.State;

/// <summary>Who acted: the sweep itself, a sender through an action address, an administrator, or a policy setting.</summary>
internal enum ActorKind
{
    /// <summary>Stored by a version that wrote something else; kept as it is.</summary>
    Unknown,
    Sweep,
    Sender,
    Admin,
    Policy,

    /// <summary>A sender's remembered choice for a recipient domain, acting without asking again.</summary>
    Choice,

    /// <summary>A sender's choice made at send time: the message's "TLS-Required: No" header field (RFC 8689).</summary>
    Header,
}

/// <summary>
/// Who decided or did what an audit row or a decision records, stored as
/// <c>sweep</c>, <c>sender:ADDRESS</c>, <c>admin:LOGIN</c>, <c>policy:SETTING</c>,
/// <c>choice:ADDRESS</c> (a sender's remembered choice) or <c>header:ADDRESS</c> (a sender's
/// "TLS-Required: No"). The
/// spelling lives here only: the kind is read from the stored text here, not by every reader.
/// </summary>
internal sealed record Actor
{
    private const char Separator = ':';

    private static readonly (ActorKind Kind, string Word)[] Words =
        [(ActorKind.Sweep, "sweep"), (ActorKind.Sender, "sender"), (ActorKind.Admin, "admin"), (ActorKind.Policy, "policy"),
            (ActorKind.Choice, "choice"), (ActorKind.Header, "header")];

    private Actor(ActorKind kind, string kindName, string name, string text)
    {
        Kind = kind;
        KindName = kindName;
        Name = name;
        Text = text;
    }

    /// <summary>The sweep, acting by itself (tracking, notices, policy actions).</summary>
    public static Actor Sweep { get; } = new(ActorKind.Sweep, KindWord(ActorKind.Sweep), "", KindWord(ActorKind.Sweep));

    public ActorKind Kind { get; }

    /// <summary>The kind as stats and posttls list show it: sweep, sender, admin, policy (or the stored text before its colon).</summary>
    public string KindName { get; }

    /// <summary>The sender's address, the administrator's login or the setting; empty for the sweep.</summary>
    public string Name { get; }

    /// <summary>As stored and shown, e.g. <c>sender:alice@example.org</c>.</summary>
    public string Text { get; }

    /// <summary>A sender, through an action address (envelope address in internal form).</summary>
    public static Actor Sender(string address) => Of(ActorKind.Sender, address);

    /// <summary>An administrator, by login.</summary>
    public static Actor Admin(string login) => Of(ActorKind.Admin, login);

    /// <summary>A sender's remembered choice (<see cref="RememberedChoice"/>), by the sender's address.</summary>
    public static Actor Choice(string sender) => Of(ActorKind.Choice, sender);

    /// <summary>A sender's "TLS-Required: No" header field, by the sender's address.</summary>
    public static Actor Header(string sender) => Of(ActorKind.Header, sender);

    /// <summary>A setting that decided, e.g. default_action at the deadline.</summary>
    public static Actor Policy(string setting) => Of(ActorKind.Policy, setting);

    /// <summary>An actor read back from the database; text this version does not know is kept as it is.</summary>
    public static Actor FromStored(string text)
    {
        var colon = text.IndexOf(Separator, StringComparison.Ordinal);
        var kindName = colon > 0 ? text[..colon] : text;
        var kind = Words.FirstOrDefault(w => w.Word == kindName).Kind;
        var named = colon > 0 && kind is not (ActorKind.Unknown or ActorKind.Sweep);
        return kind == ActorKind.Sweep && colon < 0 ? Sweep
            : new Actor(named ? kind : ActorKind.Unknown, kindName, named ? text[(colon + 1)..] : "", text);
    }

    public override string ToString() => Text;

    /// <summary>How a kind is spelled before the colon, and in stats.</summary>
    public static string KindWord(ActorKind kind) => Words.FirstOrDefault(w => w.Kind == kind).Word ?? "";

    private static Actor Of(ActorKind kind, string name) => new(kind, KindWord(kind), name, KindWord(kind) + Separator + name);
}
