using System.Text;
using PostTls.Spool;
using PostTls.Tagging;

namespace PostTls.Tests.Spool;

public sealed class DecisionFileTests
{
    private const string Key = "aaisem2ekvthpcez";
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 49, 46, TimeSpan.Zero);

    private static string Valid(string? action = "release", string? key = Key, string? sender = "alice@posttls.test", string? at = "1795340986") =>
        string.Concat(
            action is null ? "" : $"action={action}\n",
            key is null ? "" : $"key={key}\n",
            sender is null ? "" : $"sender={sender}\n",
            at is null ? "" : $"decided_at={at}\n");

    public static TheoryData<string, string> RoundTrips => new()
    {
        { nameof(SenderAction.Release), "alice@posttls.test" },
        { nameof(SenderAction.Delete), "alice@posttls.test" },
        { nameof(SenderAction.Release), "Mixed.Case+tag@Example.TEST" },
        { nameof(SenderAction.Delete), "jürgen@bücher.test" },
        { nameof(SenderAction.Release), "\"quoted local\"@posttls.test" },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void SerializeThenTryParse_ValidDecision_SameDecision(string action, string sender)
    {
        var decision = new DecisionFile(Enum.Parse<SenderAction>(action), Key, sender, At);

        Assert.True(DecisionFile.TryParse(Encoding.UTF8.GetString(decision.Serialize()), out var parsed));

        Assert.Equal(decision, parsed);
    }

    [Fact]
    public void Serialize_SubSecondTime_KeepsWholeSecondsOnly()
    {
        var decision = new DecisionFile(SenderAction.Delete, Key, "a@b.test", At.AddMilliseconds(999));

        Assert.True(DecisionFile.TryParse(Encoding.UTF8.GetString(decision.Serialize()), out var parsed));

        Assert.Equal(At, parsed.DecidedAt);
    }

    [Fact]
    public void Serialize_Always_FourLfLinesInFixedOrder()
    {
        var text = Encoding.UTF8.GetString(new DecisionFile(SenderAction.Release, Key, "a@b.test", At).Serialize());

        Assert.Equal($"action=release\nkey={Key}\nsender=a@b.test\ndecided_at=1795340986\n", text);
    }

    [Theory]
    [InlineData("action=delete\nkey=aaisem2ekvthpcez\nsender=a@b.test\ndecided_at=0\n", "delete", 0L)]
    [InlineData("decided_at=5\nsender=a@b.test\nkey=aaisem2ekvthpcez\naction=release", "release", 5L)]
    [InlineData("\n\naction=release\n\nkey=aaisem2ekvthpcez\nsender=a@b.test\ndecided_at=253402300799\n\n", "release", 253402300799L)]
    [InlineData("action=release\nkey=aaisem2ekvthpcez\nsender=a=b@c.test\ndecided_at=1\n", "release", 1L)]
    [InlineData("action=release\nkey=aaisem2ekvthpcez\nsender=a@b.test\ndecided_at=1\nfuture=whatever\n", "release", 1L)]
    public void TryParse_AcceptedVariants_Parsed(string text, string action, long seconds)
    {
        Assert.True(DecisionFile.TryParse(text, out var parsed));

        Assert.Equal(action, parsed.Action.ToString().ToLowerInvariant());
        Assert.Equal(Key, parsed.MessageKey);
        Assert.Equal(seconds, parsed.DecidedAt.ToUnixTimeSeconds());
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "empty", "" },
        { "only newlines", "\n\n\n" },
        { "missing action", Valid(action: null) },
        { "missing key", Valid(key: null) },
        { "missing sender", Valid(sender: null) },
        { "missing decided_at", Valid(at: null) },
        { "duplicate action", Valid() + "action=delete\n" },
        { "duplicate same value", Valid() + "key=" + Key + "\n" },
        { "duplicate sender", Valid() + "sender=mallory@evil.test\n" },
        { "line without equals", Valid() + "garbage\n" },
        { "empty name", Valid() + "=x\n" },
        { "key too short", Valid(key: "aaisem2ekvthpce") },
        { "key too long", Valid(key: "aaisem2ekvthpcezz") },
        { "key upper case", Valid(key: "AAISEM2EKVTHPCEZ") },
        { "key not base32", Valid(key: "aaisem2ekvthpce1") },
        { "key path traversal", Valid(key: "../../../../../x") },
        { "key with slash", Valid(key: "aaisem2e/vthpcez") },
        { "key with trailing blank", Valid(key: Key + " ") },
        { "empty sender", Valid(sender: "") },
        { "sender with CR", Valid(sender: "a@b.test\r") },
        { "sender with NUL", Valid(sender: "a\0@b.test") },
        { "sender with tab", Valid(sender: "a\t@b.test") },
        { "sender with ESC", Valid(sender: "a\u001b[2J@b.test") },
        { "sender with C1 control", Valid(sender: "a\u0085@b.test") },
        { "decided_at empty", Valid(at: "") },
        { "decided_at negative", Valid(at: "-1") },
        { "decided_at plus sign", Valid(at: "+1") },
        { "decided_at blank", Valid(at: " 1") },
        { "decided_at fraction", Valid(at: "1.5") },
        { "decided_at hex", Valid(at: "0x10") },
        { "decided_at past year 9999", Valid(at: "253402300800") },
        { "decided_at long.MaxValue", Valid(at: "9223372036854775807") },
        { "decided_at beyond long", Valid(at: "99999999999999999999999999") },
        { "decided_at non-ASCII digits", Valid(at: "١٢٣") },
        { "unknown action", Valid(action: "send") },
        { "action upper case", Valid(action: "Release") },
        { "action with blank", Valid(action: "release ") },
        { "action empty", Valid(action: "") },
        { "action numeric", Valid(action: "0") },
        { "CRLF line endings", Valid().Replace("\n", "\r\n", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void TryParse_HostileInput_FalseAndNull(string why, string text)
    {
        Assert.False(DecisionFile.TryParse(text, out var decision), why);
        Assert.Null(decision);
    }

    [Fact]
    public void TryParse_SenderWithNewline_NeverParsesAsAnotherDecision()
    {
        // A sender that smuggles a line: the written file must not parse into something else.
        var decision = new DecisionFile(SenderAction.Release, Key, "a@b.test\naction=delete", At);

        Assert.False(DecisionFile.TryParse(Encoding.UTF8.GetString(decision.Serialize()), out _));
    }

    [Fact]
    public void FileName_Always_SortsByTimeAndEndsWithSuffix()
    {
        var early = new DecisionFile(SenderAction.Release, Key, "a@b.test", At).FileName("ffffff");
        var late = new DecisionFile(SenderAction.Delete, Key, "a@b.test", At.AddMilliseconds(1)).FileName("000000");

        Assert.EndsWith(DecisionFile.Suffix, early, StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(early, late) < 0);
        Assert.Equal($"01795340986000-{Key}-release-ffffff.decision", early);
        Assert.DoesNotContain('/', late);
    }
}
