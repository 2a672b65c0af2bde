using PostTls.Admin;
using PostTls.State;

namespace PostTls.Tests.Admin;

public sealed class ChoiceListTests
{
    private const long Now = 1_800_000_000;

    public static TheoryData<long?, string?, long, string> States => new()
    {
        { null, null, Now + 1, ChoiceList.Holds },
        { null, null, Now, ChoiceList.Expired }, // expires_at is the first second it no longer holds, as ChoiceStore.Holding reads it
        { Now - 5, "sender:anna@example.org", Now + 100, ChoiceList.Forgotten },
        { Now - 5, "admin:root", Now + 100, ChoiceList.Revoked },
        { Now - 5, "sweep", Now + 100, ChoiceList.Ended }, // its domain became never-insecure
        { Now - 5, "policy:never_insecure", Now + 100, ChoiceList.Ended },
        { Now - 5, "admin:root", Now - 1, ChoiceList.Revoked }, // ended, then its expiry passed: how it ended is what counts
    };

    [Theory]
    [MemberData(nameof(States))]
    public void StateName_ByHowItEnded(long? endedAt, string? endedBy, long expiresAt, string expected)
    {
        var choice = new RememberedChoice(1, "q4vmx3kd7bnw2hye", "anna@example.org", "partner.example", ChoiceScope.NoTls, Now - 100, null,
            expiresAt, endedAt, endedBy is null ? null : Actor.FromStored(endedBy), 0);

        Assert.Equal(expected, ChoiceList.StateName(choice, Now));
        Assert.Equal(expected == ChoiceList.Holds, choice.HoldsAt(Now));
    }

    [Theory]
    [InlineData(1, "no-tls")] // ChoiceScope is internal: the flags as numbers
    [InlineData(2, "certificate")]
    [InlineData(3, "no-tls,certificate")]
    [InlineData(0, "")]
    public void ScopeWords_OneWordForTheTable(int scope, string expected) =>
        Assert.Equal(expected, ChoiceList.ScopeWords((ChoiceScope)scope));

    [Fact]
    public void WriteTable_ExactLayout()
    {
        var output = new StringWriter();
        RememberedChoice[] choices =
        [
            new(1, "q4vmx3kd7bnw2hye", "anna@example.org", "partner.example", ChoiceScope.NoTls, Now - 86400, null, Now + 86400, null, null, 2),
            new(2, "abcdefghijklmnop", "bob@example.org", "b.example", ChoiceScope.NoTls | ChoiceScope.Certificate, Now - 60, null, Now + 60,
                Now - 30, Actor.Sender("bob@example.org"), 0),
        ];

        ChoiceList.WriteTable(choices, all: true, Now, output);

        Assert.Equal("""
            KEY               SENDER            DOMAIN           SCOPE               MADE (UTC)           EXPIRES (UTC)        USES  STATE      ENDED BY
            q4vmx3kd7bnw2hye  anna@example.org  partner.example  no-tls              2027-01-14 08:00:00  2027-01-16 08:00:00  2     holds      -
            abcdefghijklmnop  bob@example.org   b.example        no-tls,certificate  2027-01-15 07:59:00  2027-01-15 08:01:00  0     forgotten  sender:bob@example.org

            """, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
