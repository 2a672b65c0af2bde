using PostTls.State;

namespace PostTls.Tests.State;

/// <summary>Actors are stored as text (sweep, sender:ADDRESS, admin:LOGIN, policy:SETTING) and read back by kind here only.</summary>
public sealed class ActorTests
{
    public static TheoryData<string, string, string, string> Made => new()
    {
        { "sweep", "", "sweep", "Sweep" },
        { "sender", "alice@example.org", "sender:alice@example.org", "Sender" },
        { "sender", "", "sender:", "Sender" }, // the null sender cannot decide, but its spelling is defined
        { "admin", "root", "admin:root", "Admin" },
        { "policy", "default_action", "policy:default_action", "Policy" },
    };

    [Theory]
    [MemberData(nameof(Made))]
    public void Actor_StoredSpelling_RoundTrips(string kind, string name, string stored, string kindEnum)
    {
        var actor = kind switch
        {
            "sweep" => Actor.Sweep,
            "sender" => Actor.Sender(name),
            "admin" => Actor.Admin(name),
            _ => Actor.Policy(name),
        };

        Assert.Equal(stored, actor.Text);
        Assert.Equal(stored, actor.ToString());
        Assert.Equal(kind, actor.KindName);
        Assert.Equal(name, actor.Name);
        Assert.Equal(Enum.Parse<ActorKind>(kindEnum), actor.Kind);
        Assert.Equal(actor, Actor.FromStored(stored));
    }

    /// <summary>Stored text → kind, kind name (as stats and posttls list show it), name.</summary>
    [Theory]
    [InlineData("sender:o'brien@example.org:x", "Sender", "sender", "o'brien@example.org:x")] // only the first colon separates
    [InlineData("s@y.test", "Unknown", "s@y.test", "")]
    [InlineData("robot:42", "Unknown", "robot", "")]
    [InlineData("sweep:x", "Unknown", "sweep", "")]
    [InlineData("admin", "Unknown", "admin", "")]
    [InlineData("", "Unknown", "", "")]
    public void FromStored_AnyText_KeptAsItIs(string stored, string kind, string kindName, string name)
    {
        var actor = Actor.FromStored(stored);

        Assert.Equal(Enum.Parse<ActorKind>(kind), actor.Kind);
        Assert.Equal(kindName, actor.KindName);
        Assert.Equal(name, actor.Name);
        Assert.Equal(stored, actor.Text);
    }

    [Fact]
    public void KindWord_EveryKnownKind() =>
        Assert.Equal(["sweep", "sender", "admin", "policy"],
            new[] { ActorKind.Sweep, ActorKind.Sender, ActorKind.Admin, ActorKind.Policy }.Select(Actor.KindWord));
}
