using PostTls.Configuration;
using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Decide;

/// <summary>
/// Generated changes to a genuine action address and to the sender who mails it: decide drops
/// a decision only for the address as issued (its local part in any letter case: some mail
/// clients change it) from the sender it was issued to (domain in any case); everything else —
/// damaged or forged MACs, another message key, the other action, a later expiry, another or
/// the null sender, an expired token — bounces with one line, and nothing is written.
/// </summary>
public sealed class DecideRunnerHostileTests : IDisposable
{
    private const string ActionDomain = "action.posttls.test";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = Enumerable.Range(0, SecretKey.Length).Select(i => (byte)(i * 7 + 3)).ToArray();
    private static readonly string[] Senders = ["alice@posttls.test", "Alice.Smith@Example.ORG", "bob+tag@sub.example.net", "x@y", "\"odd local\"@example.org"];

    private static readonly string[] TokenFragments = ["-", "posttls-", "send", "delete", "0", "9", "a", "z", "2", "7", "1", "8", "@", "--", "+", "."];

    private readonly TempDirectory _directory = new();
    private readonly MemoryLogSink _log = new();

    public DecideRunnerHostileTests()
    {
        Directory.CreateDirectory(SpoolPath);
    }

    public void Dispose() => _directory.Dispose();

    private string SpoolPath => _directory.File("spool");

    /// <summary>An issued token and what reaches decide: possibly another local part, sender or time.</summary>
    private sealed record Case(
        SenderAction Action, string MessageKey, string IssuedTo, string LocalPart, string Sender, DateTimeOffset At, string Change, bool Genuine);

    [Fact]
    public void Run_MutatedAddressOrSender_OnlyTheIssuedPairDropsADecision()
    {
        var settings = SettingsLoader.FromText("test.conf", $"spool_directory = {SpoolPath}\naction_domain = {ActionDomain}\n");
        int accepted = 0, refused = 0;
        var ran = Seeded.Check(nameof(DecideRunnerHostileTests), 400, 50_000, Generate, c =>
        {
            var result = DecideCall.Run(settings, Key, new ManualClock(c.At), _log, c.Sender, c.LocalPart + "@" + ActionDomain);
            var files = Directory.GetFiles(SpoolPath);
            if (c.Genuine)
            {
                Assert.Equal((0, ""), result);
                var file = Assert.Single(files);
                Assert.True(DecisionFile.TryParse(File.ReadAllText(file), out var decision));
                Assert.Equal((c.Action, c.MessageKey, c.Sender), (decision.Action, decision.MessageKey, decision.Sender));
                File.Delete(file);
                accepted++;
            }
            else
            {
                DecideCall.AssertRefused(result);
                Assert.Empty(files);
                refused++;
            }
        }, c => $"{c.Change}: <{Mutator.Show(c.Sender)}> to {Mutator.Show(c.LocalPart)} at {c.At:O} (issued to <{c.IssuedTo}> for {c.Action} {c.MessageKey})");

        if (ran > 1)
        {
            Assert.True(accepted > 0 && refused > 0, $"{accepted} accepted, {refused} refused: one path was never taken");
        }
    }

    /// <summary>
    /// pipe(8) hands over whatever sender the mail had; one with line breaks must neither make
    /// the bounce text several lines nor start a made-up line in the log.
    /// </summary>
    [Fact]
    public void Run_SenderWithLineBreaks_OnePrintableBounceLineAndLogLine()
    {
        var settings = SettingsLoader.FromText("test.conf", $"spool_directory = {SpoolPath}\n");
        var address = ActionTokens.CreateLocalPart(Key, SenderAction.Delete, "aaisem2ekvthpcez", "alice@posttls.test", Now.AddDays(1)) + "@" + ActionDomain;

        var result = DecideCall.Run(settings, Key, new ManualClock(Now), _log, "mallory@posttls.test\nposttls/decide[1]: accepted\r", address);

        DecideCall.AssertRefused(result);
        Assert.Contains("not issued to <mallory@posttls.test?posttls/decide[1]: accepted?>", result.Output, StringComparison.Ordinal);
        Assert.All(_log.Lines, line => Assert.DoesNotContain(line, char.IsControl));
        Assert.Empty(Directory.GetFiles(SpoolPath));
    }

    private static Case Generate(Random random)
    {
        var action = random.Next(2) == 0 ? SenderAction.Release : SenderAction.Delete;
        var key = Base32.Encode(Bytes(random, 10));
        var sender = Senders[random.Next(Senders.Length)];
        var expires = Now.AddMinutes(random.Next(1, 100_000));
        var issued = ActionTokens.CreateLocalPart(Key, action, key, sender, expires);
        var parts = issued.Split('-');
        var mutator = new Mutator(random.Next(), TokenFragments);

        Case Sent(string change, string localPart, string? from = null, DateTimeOffset? at = null)
        {
            var genuine = string.Equals(localPart, issued, StringComparison.OrdinalIgnoreCase)
                && SameSender(from ?? sender, sender) && (at ?? Now) <= expires;
            return new Case(action, key, sender, localPart, from ?? sender, at ?? Now, change, genuine);
        }

        return random.Next(9) switch
        {
            0 => Sent("as issued", issued),
            1 => Sent("letter case changed", RandomCase(random, issued)),
            2 => Sent("local part mutated", mutator.Mutate(issued)),
            3 => Sent("sender mutated", issued, mutator.Mutate(sender)),
            4 => Sent("another sender", issued, Senders[random.Next(Senders.Length)]),
            5 => Sent("the null sender", issued, ""),
            6 => Sent("after expiry", issued, at: expires.AddMinutes(random.Next(1, 100_000))),
            7 => Sent("random MAC", string.Join('-', parts[..^1]) + "-" + Base32.Encode(Bytes(random, 10))),
            _ => Sent("one part taken from another token", Splice(random, parts,
                ActionTokens.CreateLocalPart(Key, random.Next(2) == 0 ? SenderAction.Release : SenderAction.Delete,
                    Base32.Encode(Bytes(random, 10)), Senders[random.Next(Senders.Length)], Now.AddMinutes(random.Next(1, 100_000))).Split('-'))),
        };
    }

    /// <summary>As the token compares senders: the local part exactly, the domain in any case.</summary>
    private static bool SameSender(string a, string b)
    {
        static string Normal(string s) => s.LastIndexOf('@') is var at and >= 0 ? s[..at] + "@" + s[(at + 1)..].ToLowerInvariant() : s;
        return a.Length > 0 && Normal(a) == Normal(b);
    }

    private static string Splice(Random random, string[] parts, string[] other)
    {
        var mixed = (string[])parts.Clone();
        var which = random.Next(1, 5);
        mixed[which] = other[which];
        return string.Join('-', mixed);
    }

    private static string RandomCase(Random random, string text) =>
        string.Concat(text.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c));

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
