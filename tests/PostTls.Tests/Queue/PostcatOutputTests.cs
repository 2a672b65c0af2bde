using System.Text;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Queue;

public sealed class PostcatOutputTests
{
    private static readonly string[] BatchIds =
    [
        "1B43CB1E545", "B3C69B1E892", "4C6FAB1E586", "66408B1E5A4", "BA30EB1E898", "4jXPSh4Yh0z1hrny", "4jXPSz0FBfz1hsCl",
    ];

    /// <summary>Queue ID → sender, pending recipients, done recipients, as postqueue listed them when captured.</summary>
    public static TheoryData<string, string, string[], string[]> BatchEnvelopes => new()
    {
        { "1B43CB1E545", "alice@posttls.test", ["bob@example.test", "carol@example.test"], [] },
        { "B3C69B1E892", "", ["dave@example.test"], [] },
        { "4C6FAB1E586", "erin@posttls.test", ["frank@example.test"], [] },
        { "66408B1E5A4", "gina@posttls.test", ["ivy@example.test"], ["hank@plain.test"] },
        { "BA30EB1E898", "jo@posttls.test", ["kim@example.test"], [] },
        { "4jXPSh4Yh0z1hrny", "rene@posttls.test", ["lu@example.test", "mo@example.test", "ned@example.test"], [] },
        { "4jXPSz0FBfz1hsCl", "pat@posttls.test", ["quinn@example.test", "rae@example.test"], [] },
    };

    /// <summary>Queue ID, header name → the unfolded value.</summary>
    public static TheoryData<string, string, string> BatchHeaders => new()
    {
        { "1B43CB1E545", "Received", "by mail.posttls.test (Postfix, from userid 0)\tid 1B43CB1E545; Sun, 22 Nov 2026 09:49:46 +0000 (UTC)" },
        { "1B43CB1E545", "Subject", "=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?= =?ISO-8859-1?Q?_und_M=FCnchen?=" },
        { "1B43CB1E545", "X-Folded", "first part\tsecond part  third part" },
        { "1B43CB1E545", "message-id", "<m1@posttls.test>" },
        { "B3C69B1E892", "Subject", "Grüße – raw UTF-8 8bit" },
        { "B3C69B1E892", "From", "MAILER-DAEMON@mail.posttls.test" },
        { "4C6FAB1E586", "Subject", "=?iso-8859-15?q?Prix_=A4_100?= and =?utf-8?b?4oKsIDEwMA==?=" },
        { "BA30EB1E898", "Subject", "Caf\uFFFD cr\uFFFDme in Latin-1 bytes" },
        { "4jXPSh4Yh0z1hrny", "Subject", "=?UTF-8?B?w6k=?= =?UTF-8?B?w6nD?= =?UTF-8?B?qQ==?=" },
        { "4jXPSh4Yh0z1hrny", "From", "=?UTF-8?B?UmVuw6k=?= <rene@posttls.test>" },
        { "4jXPSz0FBfz1hsCl", "Cc", "Rae <rae@example.test>" },
    };

    /// <summary>Corpus case → the queue IDs whose complete framing is on stdout.</summary>
    public static TheoryData<string, string[]> CorpusMessages => new()
    {
        { "batch", BatchIds },
        { "missing-id-in-middle", ["1B43CB1E545", "B3C69B1E892"] },
        { "vanished-id", ["66408B1E5A4"] },
        { "missing-id-first", [] },
        { "bad-id-in-middle", ["1B43CB1E545"] },
    };

    [Theory]
    [MemberData(nameof(CorpusMessages))]
    public void Parse_RealOutput_ReturnsEveryCompleteMessageWithoutProblems(string name, string[] ids)
    {
        var problems = new List<string>();

        var messages = PostcatOutput.Parse(PostcatCorpus.Stdout(name), problems);

        Assert.Equal(ids, messages.Select(m => m.QueueId));
        Assert.Empty(problems);
    }

    /// <summary>
    /// Corpus case → a problem each must report. Every case holds a message whose sender's full
    /// name (sendmail -F, or $NAME) carried extra lines; none of them returns a message.
    /// </summary>
    public static TheoryData<string, string> InjectedCorpus => new()
    {
        // A made-up 59DB6B1E4F7 (from mallory) inside 4223FB1E575, then the real 59DB6B1E4F7.
        { "fullname-injection", "4223FB1E575: next message begins (line 7)" },
        { "fullname-injection", "59DB6B1E4F7: not used, as it follows broken framing (line 7)" },
        { "fullname-injection-alone", "59DB6B1E4F7: not used, as it follows broken framing (line 7)" },
        { "fullname-recipient-injection", "4CC90B1E816: a recipient record before the sender record" },
        { "fullname-recipient-injection", "deferred/4/43B92B1E815: line 27 frames another file, deferred/X/XYZ" },
        { "fullname-recipient-injection", "59DB6B1E4F7: not used, as it follows broken framing (line 27)" },
    };

    [Theory]
    [MemberData(nameof(InjectedCorpus))]
    public void Parse_RealOutputWithInjectedLines_ReturnsNothingAndSaysWhy(string name, string problem)
    {
        var problems = new List<string>();

        var messages = PostcatOutput.Parse(PostcatCorpus.Stdout(name), problems);

        Assert.Empty(messages);
        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("missing-id-in-middle", "postcat: fatal: open queue file AAAAAB1E000: No such file or directory\n")]
    [InlineData("vanished-id", "postcat: fatal: open queue file 4jXPVS1zm8z1hsKc: No such file or directory\n")]
    [InlineData("missing-id-first", "postcat: fatal: open queue file AAAAAB1E000: No such file or directory\n")]
    [InlineData("bad-id-in-middle", "postcat: fatal: bad mail queue ID: bad/id\n")]
    public void Corpus_IdPostcatCannotRead_EndsTheRunWithExitOne(string name, string stderr)
    {
        // What callers must expect: the messages before the bad ID on stdout, nothing after it,
        // one fatal line on stderr and exit status 1.
        Assert.Equal(stderr, PostcatCorpus.Stderr(name));
        Assert.Equal(1, PostcatCorpus.ExitCode(name));
        var stdout = PostcatCorpus.Stdout(name);
        var lastLine = stdout.TrimEnd('\n').Split('\n')[^1];
        Assert.True(stdout.Length == 0 || lastLine.StartsWith("*** MESSAGE FILE END ", StringComparison.Ordinal), lastLine);
    }

    [Theory]
    [MemberData(nameof(BatchEnvelopes))]
    public void Parse_Batch_SenderAndRecipients(string id, string sender, string[] pending, string[] done)
    {
        var message = Batch().Single(m => m.QueueId == id);

        Assert.Equal(sender, message.Sender);
        Assert.Equal(pending, message.PendingRecipients);
        Assert.Equal(done, message.DoneRecipients);
    }

    [Theory]
    [MemberData(nameof(BatchHeaders))]
    public void Parse_Batch_HeaderFieldsUnfolded(string id, string name, string value) =>
        Assert.Equal(value, Batch().Single(m => m.QueueId == id).Header(name));

    [Fact]
    public void Parse_Batch_EnvelopeRecordsInOrder()
    {
        var message = Batch()[0];

        Assert.Equal(
            [
                "message_size=            417             346               2               0             417               0",
                "message_arrival_time=Sun Nov 22 09:49:46 2026",
                "create_time=Sun Nov 22 09:49:46 2026",
                "named_attribute=rewrite_context=local",
                "sender_fullname=root",
                "sender=alice@posttls.test",
                "named_attribute=dsn_orig_rcpt=rfc822;bob@example.test",
                "original_recipient=bob@example.test",
                "recipient=bob@example.test",
                "named_attribute=dsn_orig_rcpt=rfc822;carol@example.test",
                "original_recipient=carol@example.test",
                "recipient=carol@example.test",
            ],
            message.Envelope.Select(r => r.Key + "=" + r.Value));
    }

    [Fact]
    public void Parse_Batch_DsnNamedAttributesKept()
    {
        var envelope = Batch().Single(m => m.QueueId == "4C6FAB1E586").Envelope;

        Assert.Contains(new("named_attribute", "envelope_id=envid-123"), envelope);
        Assert.Contains(new("named_attribute", "ret_flags=2"), envelope);
        Assert.Contains(new("named_attribute", "notify_flags=10"), envelope);
        Assert.Contains(new("named_attribute", "dsn_orig_rcpt=rfc822;frank@example.test"), envelope);
    }

    [Fact]
    public void Parse_Batch_NullSenderIsEmpty() =>
        Assert.Contains(new("sender", ""), Batch().Single(m => m.QueueId == "B3C69B1E892").Envelope);

    [Fact]
    public void Parse_Batch_HeaderFieldsInOrderWithLongLinesWhole()
    {
        var message = Batch().Single(m => m.QueueId == "4jXPSh4Yh0z1hrny");

        Assert.Equal(["Received", "From", "To", "Subject", "X-Very-Long", "Message-ID", "Date"], message.Headers.Select(h => h.Key));
        var veryLong = message.Header("X-Very-Long")!;
        Assert.Equal(3200, veryLong.Length);
        Assert.StartsWith("tok0001 tok0002 ", veryLong, StringComparison.Ordinal);
        Assert.EndsWith(" tok0400 ", veryLong, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Batch_RecipientsAfterHeaderExtractedCount()
    {
        var message = Batch().Single(m => m.QueueId == "4jXPSz0FBfz1hsCl");

        // sendmail -t: the recipients come from To/Cc and live in the extracted segment.
        Assert.Equal("sender=pat@posttls.test", message.Envelope.Select(r => r.Key + "=" + r.Value).ElementAt(5));
        Assert.Equal("recipient=rae@example.test", message.Envelope.Select(r => r.Key + "=" + r.Value).Last());
    }

    [Fact]
    public void Parse_CrLfOutput_SameAsLf()
    {
        var lf = PostcatOutput.Parse(PostcatCorpus.Stdout("batch"), []);
        var crlf = PostcatOutput.Parse(PostcatCorpus.Stdout("batch").Replace("\n", "\r\n", StringComparison.Ordinal), []);

        Assert.Equal(lf.Select(Dump), crlf.Select(Dump));
    }

    [Fact]
    public void Parse_EveryCutOffPoint_ReturnsOnlyMessagesWhoseEndMarkerIsComplete()
    {
        var output = PostcatCorpus.Stdout("batch");
        var whole = PostcatOutput.Parse(output, []).Select(Dump).ToList();
        for (var length = 0; length <= output.Length; length++)
        {
            var prefix = output[..length];
            var problems = new List<string>();

            var messages = PostcatOutput.Parse(prefix, problems).Select(Dump).ToList();

            var complete = CountCompleteEndMarkers(prefix);
            Assert.True(whole.Take(complete).SequenceEqual(messages), $"cut after {length} characters");
            Assert.True(EndsAtMessageEnd(prefix) == (problems.Count == 0), $"cut after {length} characters: {string.Join("; ", problems)}");
        }
    }

    public static TheoryData<string, string, string[], string> BrokenFramings => new()
    {
        { "empty output", "", [], "" },
        { "nothing after the first marker", "*** ENVELOPE RECORDS deferred/A/ABC123 ***\n", [], "ABC123: output ends" },
        {
            "cut inside the header",
            Frame("deferred/A/ABC123", "sender: a@b\nrecipient: c@d\n", "Subject: x\n", "")[..120],
            [], "output ends before"
        },
        {
            "no MESSAGE CONTENTS",
            "*** ENVELOPE RECORDS deferred/A/ABC123 ***\nsender: a@b\n*** HEADER EXTRACTED deferred/A/ABC123 ***\n*** MESSAGE FILE END deferred/A/ABC123 ***\n",
            [], "unexpected framing line"
        },
        {
            "no HEADER EXTRACTED",
            "*** ENVELOPE RECORDS deferred/A/ABC123 ***\nsender: a@b\n*** MESSAGE CONTENTS deferred/A/ABC123 ***\n*** MESSAGE FILE END deferred/A/ABC123 ***\n",
            [], "unexpected framing line"
        },
        {
            "markers of another file",
            "*** ENVELOPE RECORDS deferred/A/ABC123 ***\nsender: a@b\n*** MESSAGE CONTENTS deferred/A/ABC124 ***\n*** HEADER EXTRACTED deferred/A/ABC124 ***\n*** MESSAGE FILE END deferred/A/ABC124 ***\n",
            [], "frames another file"
        },
        {
            "a framing-like line postcat never prints",
            "*** ENVELOPE RECORDS deferred/A/ABC123 ***\nsender: a@b\n*** SOMETHING NEW deferred/A/ABC123 ***\n*** MESSAGE CONTENTS deferred/A/ABC123 ***\n*** HEADER EXTRACTED deferred/A/ABC123 ***\n*** MESSAGE FILE END deferred/A/ABC123 ***\n",
            ["ABC123"], "line 3 is not an envelope record"
        },
        {
            "next message before the end marker",
            "*** ENVELOPE RECORDS deferred/A/ABC123 ***\nsender: a@b\n*** MESSAGE CONTENTS deferred/A/ABC123 ***\n" + Frame("deferred/B/BCD234", "sender: e@f\n", "", ""),
            [], "ABC123: next message begins"
        },
        {
            "a message after broken framing",
            "*** ENVELOPE RECORDS deferred/A/ABC123 ***\nsender: a@b\n*** MESSAGE CONTENTS deferred/A/ABC123 ***\n" + Frame("deferred/B/BCD234", "sender: e@f\n", "", ""),
            [], "BCD234: not used, as it follows broken framing (line 4)"
        },
        {
            "a message before broken framing",
            Frame("deferred/B/BCD234", "sender: e@f\n", "", "") + "*** ENVELOPE RECORDS deferred/A/ABC123 ***\nsender: a@b\n*** MESSAGE FILE END deferred/A/ABC123 ***\n",
            ["BCD234"], "ABC123: line 8 is an unexpected framing line"
        },
        {
            "an ID twice",
            Frame("deferred/A/ABC123", "sender: a@b\n", "", "") + Frame("deferred/B/BCD234", "sender: e@f\n", "", "") + Frame("hold/ABC123", "sender: a@b\n", "", ""),
            [], "ABC123: appears 2 times in one postcat run; it and the 1 other messages after it are not used"
        },
        {
            // A local user who guessed their own message's ID could end it early with injected
            // framing, add a made-up message, and restart theirs for its real remainder.
            "made-up message between two copies of the injecting message",
            Frame("deferred/C/CDE345", "sender: c@d\n", "", "") +
            Frame("deferred/D/DDD111", "sender_fullname: x\nsender: m@m\n", "", "") +
            Frame("deferred/V/VICTIM1", "sender: mallory@m\nrecipient: v@v\n", "Subject: forged\n", "") +
            Frame("deferred/D/DDD111", "sender: m@m\nrecipient: r@r\n", "Subject: real\n", "") +
            Frame("deferred/D/DEF456", "sender: d@e\n", "", ""),
            ["CDE345"], "DDD111: appears 2 times"
        },
        {
            "recipient injected before the sender",
            Frame("deferred/A/ABC123", "sender_fullname: Evil\nrecipient: forged@x\nsender: a@b\nrecipient: c@d\n", "", ""),
            [], "ABC123: a recipient record before the sender record"
        },
        {
            "original recipient injected before the sender",
            Frame("deferred/A/ABC123", "sender_fullname: Evil\noriginal_recipient: forged@x\nsender: a@b\n", "", ""),
            [], "ABC123: a recipient record before the sender record"
        },
        { "end marker alone", "*** MESSAGE FILE END deferred/A/ABC123 ***\n", [], "outside any message" },
        { "text before the first message", "postcat: warning: something\n\n" + Frame("deferred/A/ABC123", "sender: a@b\n", "", ""), ["ABC123"], "lines 1-2 are outside" },
        { "text between messages", Frame("deferred/A/ABC123", "sender: a@b\n", "", "") + "junk\n" + Frame("deferred/B/BCD234", "sender: e@f\n", "", ""), ["ABC123"], "line 6 is outside any message" },
        { "bad queue ID", Frame("deferred/A/ABC-123", "sender: a@b\n", "", ""), [], "not a valid queue ID" },
        { "empty path", "*** ENVELOPE RECORDS  ***\n", [], "outside any message" },
        { "no sender record", Frame("deferred/A/ABC123", "named_attribute: a=b\n", "", "recipient: a@b\n"), [], "0 sender records" },
        { "two sender records", Frame("deferred/A/ABC123", "sender: a@b\n", "", "sender: c@d\n"), [], "2 sender records" },
        { "not a record", Frame("deferred/A/ABC123", "sender: a@b\nno colon here\nname with space: x\n: no name\n", "", ""), ["ABC123"], "not an envelope record" },
        { "not a header field", Frame("deferred/A/ABC123", "sender: a@b\n", "Subject: x\nbody text\n\nX: y\n", ""), ["ABC123"], "not a header field" },
        { "continuation first", Frame("deferred/A/ABC123", "sender: a@b\n", " orphan\nSubject: x\n", ""), ["ABC123"], "continues no header field" },
    };

    [Theory]
    [MemberData(nameof(BrokenFramings))]
    public void Parse_BrokenFraming_SkipsWhatCannotBeTrustedAndSaysSo(string why, string output, string[] ids, string problem)
    {
        var problems = new List<string>();

        var messages = PostcatOutput.Parse(output, problems);

        Assert.True(ids.SequenceEqual(messages.Select(m => m.QueueId)), why);
        if (problem.Length == 0)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("sender: \n", "")]
    [InlineData("sender:\n", "")]
    [InlineData("sender:  two spaces\n", " two spaces")]
    [InlineData("sender: a:b@c\n", "a:b@c")]
    public void Parse_SenderRecord_ValueAfterOneSpace(string record, string sender) =>
        Assert.Equal(sender, PostcatOutput.Parse(Frame("hold/ABC123", record, "", ""), []).Single().Sender);

    [Theory]
    [InlineData("Subject: x\n", "Subject", "x")]
    [InlineData("Subject:x\n", "Subject", "x")]
    [InlineData("Subject : x\n", "Subject", "x")]
    [InlineData("Subject:\n  folded only \n", "Subject", "folded only ")]
    [InlineData("Subject: a\n\tb\n c\n", "Subject", "a\tb c")]
    [InlineData("Subject: a\r\n b\r\n", "Subject", "a b")]
    [InlineData("Subject: a: b\n", "Subject", "a: b")]
    [InlineData("Subject:\n", "Subject", "")]
    [InlineData("X-Empty:\nSubject: s\n", "X-Empty", "")]
    [InlineData("*** : MESSAGE FILE END hold/ABC123 ***\n", "***", "MESSAGE FILE END hold/ABC123 ***")]
    [InlineData("X: y\n *** MESSAGE FILE END hold/ABC123 ***\n", "X", "y *** MESSAGE FILE END hold/ABC123 ***")]
    public void Parse_HeaderField_Unfolded(string header, string name, string value) =>
        Assert.Equal(value, PostcatOutput.Parse(Frame("hold/ABC123", "sender: a@b\n", header, ""), []).Single().Header(name));

    [Fact]
    public void Parse_ManyProblems_ListCapped()
    {
        var output = string.Concat(Enumerable.Repeat("*** MESSAGE FILE END x ***\n", 1000));
        var problems = new List<string>();

        PostcatOutput.Parse(output, problems);

        Assert.Equal(PostcatOutput.MaxProblems + 1, problems.Count);
        Assert.Equal($"{1000 - PostcatOutput.MaxProblems} more problems not listed", problems[^1]);
    }

    [Fact]
    public void Parse_ProblemLines_ShowNoControlCharacters()
    {
        var problems = new List<string>();

        PostcatOutput.Parse("*** ENVELOPE RECORDS deferred/A/\u001b[31mX\r ***\n", problems);

        Assert.All(problems, p => Assert.DoesNotContain(p, char.IsControl));
    }

    /// <summary>
    /// Generated damage to real postcat runs: the parser never throws, and it returns only
    /// messages whose framing the input really has (see <see cref="PostcatFraming"/>), each
    /// queue ID once, with its problems as printable lines.
    /// </summary>
    [Fact]
    public void Parse_RandomMutations_ReturnOnlyCompletelyFramedMessages()
    {
        string[] seeds =
        [
            .. PostcatCorpus.Names.Select(PostcatCorpus.Stdout),
            Frame("hold/ABC123", "sender: \nrecipient: a@b\n", "Subject: x\n y\n", "done_recipient: c@d\n"),
        ];
        var returned = 0;
        var ran = Seeded.Check(nameof(Parse_RandomMutations_ReturnOnlyCompletelyFramedMessages), 2000, 50_000,
            random => PostcatFraming.Mutate(random, seeds[random.Next(seeds.Length)]),
            input =>
            {
                var problems = new List<string>();
                var messages = PostcatOutput.Parse(input, problems);
                returned += messages.Count;
                PostcatFraming.AssertFramed(input, messages);
                Assert.True(problems.Count <= PostcatOutput.MaxProblems + 1);
                Assert.All(problems, p => Assert.DoesNotContain(p, char.IsControl));
            },
            Mutator.Show);

        // Some damage leaves messages intact; with none returned the check above proved nothing.
        Assert.True(ran == 1 || returned > 0, "no message returned in any case");
    }

    internal static string Frame(string path, string envelope, string header, string extracted) =>
        $"*** ENVELOPE RECORDS {path} ***\n{envelope}*** MESSAGE CONTENTS {path} ***\n{header}" +
        $"*** HEADER EXTRACTED {path} ***\n{extracted}*** MESSAGE FILE END {path} ***\n";

    internal static string Dump(MessageDetails message)
    {
        var text = new StringBuilder();
        text.Append(message.QueueId).Append('|').Append(message.Sender).Append('|')
            .AppendJoin(',', message.PendingRecipients).Append('|').AppendJoin(',', message.DoneRecipients);
        foreach (var (name, value) in message.Envelope.Concat(message.Headers))
        {
            text.Append('\n').Append(name).Append(": ").Append(value);
        }

        return text.ToString();
    }

    private static IReadOnlyList<MessageDetails> Batch()
    {
        var problems = new List<string>();
        var messages = PostcatOutput.Parse(PostcatCorpus.Stdout("batch"), problems);
        Assert.Empty(problems);
        return messages;
    }

    /// <summary>End markers whose whole line is in <paramref name="prefix"/>.</summary>
    private static int CountCompleteEndMarkers(string prefix) =>
        prefix.Split('\n').Count(line => line.StartsWith("*** MESSAGE FILE END ", StringComparison.Ordinal) && line.EndsWith(" ***", StringComparison.Ordinal));

    /// <summary>True for empty output and output that stops right after an end marker (newline or not).</summary>
    private static bool EndsAtMessageEnd(string prefix)
    {
        var text = prefix.EndsWith('\n') ? prefix[..^1] : prefix;
        var lastLine = text[(text.LastIndexOf('\n') + 1)..];
        return prefix.Length == 0
            || (lastLine.StartsWith("*** MESSAGE FILE END ", StringComparison.Ordinal) && lastLine.EndsWith(" ***", StringComparison.Ordinal));
    }
}
