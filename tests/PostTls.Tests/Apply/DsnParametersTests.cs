using PostTls.Apply;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Apply;

public sealed class DsnParametersTests
{
    private static MessageDetails FromCorpus(string queueId)
    {
        var problems = new List<string>();
        var message = PostcatOutput.Parse(PostcatCorpus.Stdout("batch"), problems).Single(m => m.QueueId == queueId);
        Assert.Empty(problems);
        return message;
    }

    private static MessageDetails Envelope(params (string Name, string Value)[] records) =>
        new("DF160B1E4BA", "s@posttls.test",
            records.Where(r => r.Name == "recipient").Select(r => r.Value).ToList(),
            records.Where(r => r.Name == "done_recipient").Select(r => r.Value).ToList(),
            records.Select(r => new KeyValuePair<string, string>(r.Name, r.Value)).ToList(),
            []);

    /// <summary>Queue ID in the real capture, recipient → the RCPT TO parameters it must keep.</summary>
    public static TheoryData<string, string, string[]> CorpusRecipients => new()
    {
        { "1B43CB1E545", "bob@example.test", ["ORCPT=rfc822;bob@example.test"] },
        { "1B43CB1E545", "carol@example.test", ["ORCPT=rfc822;carol@example.test"] },
        // sendmail -N success,delay: Postfix stores notify_flags=10 (SUCCESS 2 | DELAY 8).
        { "4C6FAB1E586", "frank@example.test", ["NOTIFY=SUCCESS,DELAY", "ORCPT=rfc822;frank@example.test"] },
        { "66408B1E5A4", "ivy@example.test", ["ORCPT=rfc822;ivy@example.test"] },
        { "66408B1E5A4", "hank@plain.test", [] },
        { "4jXPSh4Yh0z1hrny", "lu@example.test", ["NOTIFY=NEVER", "ORCPT=rfc822;lu@example.test"] },
        { "4jXPSh4Yh0z1hrny", "mo@example.test", ["NOTIFY=NEVER", "ORCPT=rfc822;mo@example.test"] },
        { "4jXPSh4Yh0z1hrny", "ned@example.test", ["NOTIFY=NEVER", "ORCPT=rfc822;ned@example.test"] },
        // sendmail -t: the recipients come after HEADER EXTRACTED.
        { "4jXPSz0FBfz1hsCl", "quinn@example.test", ["ORCPT=rfc822;quinn@example.test"] },
        { "4jXPSz0FBfz1hsCl", "rae@example.test", ["ORCPT=rfc822;rae@example.test"] },
    };

    [Theory]
    [MemberData(nameof(CorpusRecipients))]
    public void For_RealPostcatCapture_RecipientParameters(string queueId, string recipient, string[] expected)
    {
        Assert.Equal(expected, DsnParameters.From(FromCorpus(queueId)).For(recipient));
    }

    public static TheoryData<string, string[]> CorpusMail => new()
    {
        // sendmail -R hdrs -V envid-123
        { "4C6FAB1E586", ["ENVID=envid-123", "RET=HDRS"] },
        { "1B43CB1E545", [] },
        { "B3C69B1E892", [] },
        { "4jXPSh4Yh0z1hrny", [] },
    };

    [Theory]
    [MemberData(nameof(CorpusMail))]
    public void Mail_RealPostcatCapture_MessageParameters(string queueId, string[] expected)
    {
        Assert.Equal(expected, DsnParameters.From(FromCorpus(queueId)).Mail);
    }

    /// <summary>Postfix's dsn_mask.h: NEVER 1, SUCCESS 2, FAILURE 4, DELAY 8.</summary>
    public static TheoryData<string, string?> NotifyMasks => new()
    {
        { "1", "NEVER" },
        { "2", "SUCCESS" },
        { "4", "FAILURE" },
        { "8", "DELAY" },
        { "6", "SUCCESS,FAILURE" },
        { "10", "SUCCESS,DELAY" },
        { "12", "DELAY,FAILURE" },
        { "14", "SUCCESS,DELAY,FAILURE" },
        { "0", null },
        { "16", null },
        { "-1", null },
        { "x", null },
        { "", null },
        { " 2", null },
        { "99999999999999999999", null },
    };

    [Theory]
    [MemberData(nameof(NotifyMasks))]
    public void For_NotifyFlags_NotifyParameter(string flags, string? expected)
    {
        var dsn = DsnParameters.From(Envelope(("named_attribute", "notify_flags=" + flags), ("recipient", "r@example.test")));

        string[] parameters = expected is null ? [] : ["NOTIFY=" + expected];
        Assert.Equal(parameters, dsn.For("r@example.test"));
    }

    [Theory]
    [InlineData("1", "RET=FULL")]
    [InlineData("2", "RET=HDRS")]
    [InlineData("0", null)]
    [InlineData("3", null)]
    [InlineData("", null)]
    public void Mail_RetFlags_RetParameter(string flags, string? expected)
    {
        var dsn = DsnParameters.From(Envelope(("named_attribute", "ret_flags=" + flags), ("sender", "s@posttls.test")));

        string[] parameters = expected is null ? [] : [expected];
        Assert.Equal(parameters, dsn.Mail);
    }

    public static TheoryData<string, string> Xtexts => new()
    {
        { "plain-id_1.2", "plain-id_1.2" },
        { "a+b", "a+2Bb" },
        { "a=b", "a+3Db" },
        { "a b", "a+20b" },
        { "ü", "+C3+BC" },
        { "€", "+E2+82+AC" },
        { "tab\there", "tab+09here" },
        { "~!", "~!" },
        { "\u007f", "+7F" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Xtexts))]
    public void Xtext_Value_Rfc3461Encoding(string value, string expected)
    {
        Assert.Equal(expected, DsnParameters.Xtext(value));
    }

    [Fact]
    public void From_EnvidAndOrcptWithSpecials_XtextEncoded()
    {
        var dsn = DsnParameters.From(Envelope(
            ("named_attribute", "envelope_id=id+1=x y"),
            ("sender", "s@posttls.test"),
            ("named_attribute", "dsn_orig_rcpt=rfc822;jürgen+tag=1@bücher.test"),
            ("recipient", "j@example.test")));

        Assert.Equal(["ENVID=id+2B1+3Dx+20y"], dsn.Mail);
        Assert.Equal(["ORCPT=rfc822;j+C3+BCrgen+2Btag+3D1@b+C3+BCcher.test"], dsn.For("j@example.test"));
    }

    [Fact]
    public void From_AttributesOfDoneRecipient_DoNotLeakToTheNext()
    {
        var dsn = DsnParameters.From(Envelope(
            ("sender", "s@posttls.test"),
            ("named_attribute", "notify_flags=2"),
            ("named_attribute", "dsn_orig_rcpt=rfc822;done@example.test"),
            ("original_recipient", "done@example.test"),
            ("done_recipient", "done@example.test"),
            ("original_recipient", "next@example.test"),
            ("recipient", "next@example.test")));

        Assert.Empty(dsn.For("next@example.test"));
        Assert.Empty(dsn.For("done@example.test"));
    }

    [Fact]
    public void From_AttributesOfOneRecipient_DoNotLeakToTheNext()
    {
        var dsn = DsnParameters.From(Envelope(
            ("sender", "s@posttls.test"),
            ("named_attribute", "notify_flags=8"),
            ("named_attribute", "dsn_orig_rcpt=rfc822;first@example.test"),
            ("recipient", "first@example.test"),
            ("recipient", "second@example.test")));

        Assert.Equal(["NOTIFY=DELAY", "ORCPT=rfc822;first@example.test"], dsn.For("first@example.test"));
        Assert.Empty(dsn.For("second@example.test"));
    }

    [Theory]
    [InlineData("dsn_orig_rcpt=no-type-separator")]
    [InlineData("dsn_orig_rcpt=")]
    [InlineData("envelope_id=")]
    [InlineData("=value")]
    [InlineData("no equals sign")]
    [InlineData("rewrite_context=local")]
    public void From_UnusableAttribute_Ignored(string attribute)
    {
        var dsn = DsnParameters.From(Envelope(("named_attribute", attribute), ("recipient", "r@example.test")));

        Assert.Empty(dsn.Mail);
        Assert.Empty(dsn.For("r@example.test"));
    }

    [Fact]
    public void For_UnknownRecipientOrOtherCase_EmptyOrFound()
    {
        var dsn = DsnParameters.From(Envelope(("named_attribute", "notify_flags=1"), ("recipient", "R@Example.test")));

        Assert.Empty(dsn.For("nobody@example.test"));
        Assert.Equal(["NOTIFY=NEVER"], dsn.For("r@example.test"));
    }
}
