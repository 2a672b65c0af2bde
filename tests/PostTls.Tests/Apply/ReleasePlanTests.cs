using PostTls.Apply;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;

namespace PostTls.Tests.Apply;

/// <summary>The release plan as a pure function: copies per next hop, envelopes, refusals, summaries.</summary>
public sealed class ReleasePlanTests
{
    /// <summary>
    /// Releasable "recipient=hop" pairs and the pending recipients → the copies, each as
    /// "hop: recipients" ("-" for the kept copy by normal routing).
    /// </summary>
    public static TheoryData<string[], string[], string[]> CopyCases => new()
    {
        // One next hop for all: one copy, nothing kept.
        { ["a@x.test=[mx.x.test]"], ["a@x.test"], ["[mx.x.test]: a@x.test"] },
        // Two hops, in the order they are first met.
        { ["a@x.test=x.test", "b@y.test=y.test", "c@x.test=x.test"], ["a@x.test", "b@y.test", "c@x.test"],
            ["x.test: a@x.test c@x.test", "y.test: b@y.test"] },
        // Hops compared ignoring case, spelled as first met.
        { ["a@x.test=[MX.example]:587", "b@y.test=[mx.example]:587"], ["a@x.test", "b@y.test"], ["[MX.example]:587: a@x.test b@y.test"] },
        // Recipients that may not be released stay together in one copy by normal routing, last.
        { ["a@x.test=x.test"], ["k@bank.test", "a@x.test", "l@local.test"], ["x.test: a@x.test", "-: k@bank.test l@local.test"] },
        // Nothing releasable: everything kept (the steps refuse such a release before planning).
        { [], ["a@x.test"], ["-: a@x.test"] },
        // Nothing pending at all: no copy.
        { [], [], [] },
    };

    [Theory]
    [MemberData(nameof(CopyCases))]
    public void Copies_SplitsByNextHop_EveryRecipientOnce(string[] releasable, string[] pending, string[] expected)
    {
        var pairs = releasable.Select(r => r.Split('=')).Select(p => (p[0], p[1])).ToList();

        var copies = ReleasePlan.Copies(pairs, pending);

        Assert.Equal(expected, copies.Select(c => $"{c.NextHop ?? "-"}: {string.Join(" ", c.Recipients)}"));
        Assert.Equal(pending.Order(StringComparer.Ordinal), copies.SelectMany(c => c.Recipients).Order(StringComparer.Ordinal));
    }

    /// <summary>Sender, recipients, content → the MAIL FROM parameters (no DSN records here).</summary>
    [Theory]
    [InlineData("s@posttls.test", "r@example.test", "plain", "")]
    [InlineData("s@posttls.test", "r@example.test", "caf\u00e9", "BODY=8BITMIME")]
    [InlineData("s\u00e9@posttls.test", "r@example.test", "plain", "SMTPUTF8")]
    [InlineData("s@posttls.test", "r\u00e9@example.test", "caf\u00e9", "BODY=8BITMIME SMTPUTF8")]
    [InlineData("", "r@example.test", "plain", "")]
    public void Envelope_BodyAndUtf8_FromContentAndAddresses(string sender, string recipient, string body, string expected)
    {
        var envelope = ReleasePlan.Envelope(Details(sender, [recipient]), System.Text.Encoding.UTF8.GetBytes(body), [recipient]);

        Assert.Equal(sender, envelope.Sender);
        Assert.Equal(expected, string.Join(" ", envelope.MailParameters));
        Assert.Equal([recipient], envelope.Recipients.Select(r => r.Address));
    }

    [Fact]
    public void Envelope_KeepsTheDsnRequests_OnlyForTheCopysRecipients()
    {
        var details = Details("s@posttls.test", ["a@x.test", "b@y.test"],
            ("named_attribute", "envelope_id=id1"), ("named_attribute", "ret_flags=2"),
            ("named_attribute", "notify_flags=1"), ("recipient", "a@x.test"),
            ("named_attribute", "dsn_orig_rcpt=rfc822;b@y.test"), ("recipient", "b@y.test"));

        var envelope = ReleasePlan.Envelope(details, [0x41], ["b@y.test"]);

        Assert.Equal(["ENVID=id1", "RET=HDRS"], envelope.MailParameters);
        var recipient = Assert.Single(envelope.Recipients);
        Assert.Equal("b@y.test", recipient.Address);
        Assert.Equal(["ORCPT=rfc822;b@y.test"], recipient.Parameters);
    }

    [Theory]
    [InlineData("s@posttls.test", "r@example.test", null)]
    [InlineData("s<x>@posttls.test", "r@example.test", "sender")]
    [InlineData("s@posttls.test", "r\r\n@example.test", "recipient")]
    [InlineData("s@posttls.test", "r>@example.test", "recipient")]
    public void RefuseUnsendable_AddressNoSmtpCommandCanCarry_Refused(string sender, string recipient, string? role)
    {
        var details = Details(sender, [recipient]);

        var refusal = Record.Exception(() => ReleasePlan.RefuseUnsendable(details));

        if (role is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            var refused = Assert.IsType<DecisionRefusedException>(refusal);
            Assert.StartsWith($"the {role} address ", refused.Message, StringComparison.Ordinal);
            Assert.EndsWith("contains an angle bracket or a control character, which mail servers cannot pass on safely", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Summaries_ReleasedKeptAndAuditDetail()
    {
        ReleaseGroup[] groups =
        [
            new(1, "[mx.x.test]", ["a@x.test", "c@x.test"], "4AbC"),
            new(2, "y.test", ["b@y.test"], "5DeF"),
            new(3, null, ["k@bank.test"], "6GhI"),
        ];

        Assert.Equal(["a@x.test", "c@x.test", "b@y.test"], ReleasePlan.Released(groups));
        Assert.Equal(["k@bank.test"], ReleasePlan.Kept(groups));
        Assert.Equal("4AbC (to [mx.x.test] without TLS: a@x.test c@x.test), 5DeF (to y.test without TLS: b@y.test), 6GhI (normal routing: k@bank.test)",
            ReleasePlan.Describe(groups));
    }

    private static MessageDetails Details(string sender, IReadOnlyList<string> recipients, params (string Name, string Value)[] records) =>
        new("DF160B1E4BA", sender, recipients, [],
            (records.Length > 0 ? records : recipients.Select(r => ("recipient", r)).ToArray())
                .Select(r => new KeyValuePair<string, string>(r.Item1, r.Item2)).ToList(),
            []);
}
