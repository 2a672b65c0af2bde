using System.Text.Json;
using PostTls.Cli;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;
using PostTls.Tests.TestSupport;
using static PostTls.Tests.TestSupport.AdminCommandHarness;

namespace PostTls.Tests.Commands;

public sealed class ChoicesCommandTests : IDisposable
{
    private readonly AdminCommandHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("list", "no remembered choices hold")]
    [InlineData("list --all", "no remembered choices")]
    public void List_NoChoices_SaysSo(string args, string expected)
    {
        var status = _cli.Run(["choices", .. args.Split(' ')]);

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal([expected], _cli.OutputLines());
    }

    [Fact]
    public void List_Holding_OneLineEachUnderHeadings()
    {
        var seeded = _cli.SeedChoices();

        var status = _cli.Run("choices", "list");

        Assert.Equal(ExitCodes.Ok, status);
        var lines = _cli.OutputLines();
        Assert.Equal(3, lines.Length);
        Assert.Matches("^KEY +SENDER +DOMAIN +SCOPE +MADE \\(UTC\\) +EXPIRES \\(UTC\\) +USES +STATE$", lines[0]);
        Assert.Matches($"^{seeded.Other.Key}  anna@example.org  other.example +no-tls,certificate  2026-11-21 12:00:00  2026-12-05 12:00:00  0 +holds$", lines[1]);
        Assert.Matches($"^{seeded.Partner.Key}  anna@example.org  partner.example  no-tls +2026-11-20 12:00:00  2026-12-04 12:00:00  3 +holds$", lines[2]);
        _cli.AssertNoTrace();
    }

    [Fact]
    public void List_All_EveryStateWithWhoEndedIt()
    {
        var seeded = _cli.SeedChoices();

        _cli.Run("choices", "list", "--all");

        var lines = _cli.OutputLines();
        Assert.EndsWith("STATE      ENDED BY", lines[0], StringComparison.Ordinal);
        Assert.Equal(6, lines.Length);
        string Row(RememberedChoice c) => lines.Single(l => l.StartsWith(c.Key, StringComparison.Ordinal));
        Assert.EndsWith("holds      -", Row(seeded.Partner), StringComparison.Ordinal);
        Assert.EndsWith("expired    -", Row(seeded.Expired), StringComparison.Ordinal);
        Assert.EndsWith("forgotten  sender:dave@example.org", Row(seeded.Forgotten), StringComparison.Ordinal);
        Assert.EndsWith("revoked    admin:root", Row(seeded.Revoked), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anna@example.org", 2)]
    [InlineData("<anna@EXAMPLE.org>", 2)] // the domain is compared in lower case, as the choices are stored
    [InlineData("Anna@example.org", 0)] // the local part may be case-sensitive (RFC 5321)
    [InlineData("bob@example.org", 0)] // only an expired one
    public void List_Sender_OnlyThatSendersChoices(string sender, int count)
    {
        _cli.SeedChoices();

        _cli.Run("choices", "list", "--sender", sender, "--json");

        using var json = JsonDocument.Parse(_cli.Output.ToString());
        var choices = json.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(count, choices.Count);
        Assert.All(choices, c => Assert.Equal("anna@example.org", c.GetProperty("sender").GetString()));
    }

    [Fact]
    public void List_SenderAndAll_EndedOnesOfThatSender()
    {
        var seeded = _cli.SeedChoices();

        _cli.Run("choices", "list", "--all", "--sender", "dave@example.org");

        var line = Assert.Single(_cli.OutputLines().Skip(1));
        Assert.StartsWith(seeded.Forgotten.Key, line, StringComparison.Ordinal);
    }

    [Fact]
    public void List_Json_StableFieldNames()
    {
        var seeded = _cli.SeedChoices();
        using (var database = _cli.OpenDatabase())
        {
            // The message whose notice offered the choice: its key is shown while it is kept.
            var id = new MessageStore(database).Insert(Message("pppppppppppppppp", null, "E1E2E3E4E5", T - 3 * Day, "anna@example.org", "Offer", MessageState.Closed),
                [Recipient("bob@partner.example", FailureClass.NotOffered)]);
            database.Execute("UPDATE remembered_choices SET message = $m WHERE id = $id", ("$m", id), ("$id", seeded.Partner.Id));
        }

        var status = _cli.Run("choices", "list", "--all", "--json");

        Assert.Equal(ExitCodes.Ok, status);
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        Assert.Equal(["choices"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var choices = json.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(5, choices.Count);
        Assert.All(choices, c => Assert.Equal(
            ["key", "sender", "domain", "scope", "made_at", "expires_at", "uses", "state", "ended_at", "ended_by", "message_key"],
            c.EnumerateObject().Select(p => p.Name)));
        var partner = choices.Single(c => c.GetProperty("key").GetString() == seeded.Partner.Key);
        Assert.Equal("partner.example", partner.GetProperty("domain").GetString());
        Assert.Equal(["no-tls"], partner.GetProperty("scope").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(T - 2 * Day, partner.GetProperty("made_at").GetInt64());
        Assert.Equal(T + 12 * Day, partner.GetProperty("expires_at").GetInt64());
        Assert.Equal(3, partner.GetProperty("uses").GetInt32());
        Assert.Equal("holds", partner.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, partner.GetProperty("ended_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, partner.GetProperty("ended_by").ValueKind);
        Assert.Equal("pppppppppppppppp", partner.GetProperty("message_key").GetString());
        var other = choices.Single(c => c.GetProperty("key").GetString() == seeded.Other.Key);
        Assert.Equal(["no-tls", "certificate"], other.GetProperty("scope").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(JsonValueKind.Null, other.GetProperty("message_key").ValueKind);
        var revoked = choices.Single(c => c.GetProperty("key").GetString() == seeded.Revoked.Key);
        Assert.Equal("revoked", revoked.GetProperty("state").GetString());
        Assert.Equal(T - 2 * Day, revoked.GetProperty("ended_at").GetInt64());
        Assert.Equal("admin:root", revoked.GetProperty("ended_by").GetString());
    }

    [Fact]
    public void List_JsonWithoutChoices_EmptyArray()
    {
        _cli.Run("choices", "list", "--json");

        using var json = JsonDocument.Parse(_cli.Output.ToString());
        Assert.Empty(json.RootElement.GetProperty("choices").EnumerateArray());
    }

    [Fact]
    public void List_HostileSender_ShownCleanInTheTable()
    {
        using (var database = _cli.OpenDatabase())
        {
            new ChoiceStore(database).Remember("evil\u001b[2J\u202e@example.org", "partner.example", ChoiceScope.NoTls, T, T + Day, null);
        }

        _cli.Run("choices", "list");

        Assert.Contains("evil?[2J@example.org", _cli.Output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", _cli.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_ByKey_EndsItAuditsAndLogs()
    {
        var seeded = _cli.SeedChoices();

        var status = _cli.Run("choices", "revoke", seeded.Partner.Key.ToUpperInvariant());

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal($"posttls choices revoke: revoked {seeded.Partner.Key}: partner.example for anna@example.org (no-tls, made 2026-11-20 12:00:00 UTC,"
            + " used 3 times, held until 2026-12-04 12:00:00 UTC)", Assert.Single(_cli.OutputLines()));
        Assert.Empty(_cli.Error.ToString());
        var after = Choice(seeded.Partner.Id);
        Assert.Equal(T, after.EndedAt);
        Assert.Equal("admin:root", after.EndedBy!.Text);
        Assert.True(Choice(seeded.Other.Id).HoldsAt(T));
        var audit = Assert.Single(ChoiceAudit());
        Assert.Equal((T, "admin:root", "revoked by the administrator: partner.example for anna@example.org"), audit);
        Assert.Contains($"posttls/choices[", File.ReadAllText(_cli.LogFile), StringComparison.Ordinal);
        Assert.Contains($"remembered choice {seeded.Partner.Key} revoked by admin:root: partner.example for anna@example.org", File.ReadAllText(_cli.LogFile),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_ChoiceOfAKeptMessage_AuditRowBelongsToThatMessage()
    {
        var seeded = _cli.SeedChoices();
        long id;
        using (var database = _cli.OpenDatabase())
        {
            id = new MessageStore(database).Insert(Message("pppppppppppppppp", null, "E1E2E3E4E5", T - 3 * Day, "anna@example.org", "Offer", MessageState.Closed),
                [Recipient("bob@partner.example", FailureClass.NotOffered)]);
            database.Execute("UPDATE remembered_choices SET message = $m WHERE id = $id", ("$m", id), ("$id", seeded.Partner.Id));
        }

        _cli.Run("choices", "revoke", seeded.Partner.Key);
        _cli.Output.GetStringBuilder().Clear();
        _cli.Run("log", "--sender", "anna@example.org");

        var line = Assert.Single(_cli.OutputLines(), l => l.Contains("choice ended", StringComparison.Ordinal));
        Assert.Matches("^2026-11-22 12:00:00  -  +anna@example.org  admin:root  choice ended  revoked by the administrator: partner.example for anna@example.org$", line);
        using var check = _cli.OpenDatabase();
        Assert.Single(new Reports(check).History(id), e => e.Action == AuditAction.ChoiceEnded);
    }

    [Fact]
    public void Revoke_BySender_EveryChoiceThatHolds()
    {
        var seeded = _cli.SeedChoices();

        var status = _cli.Run("choices", "revoke", "--sender", "<anna@example.org>");

        Assert.Equal(ExitCodes.Ok, status);
        var lines = _cli.OutputLines();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"posttls choices revoke: revoked {seeded.Other.Key}: other.example for anna@example.org (no-tls,certificate,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"posttls choices revoke: revoked {seeded.Partner.Key}: partner.example for anna@example.org", lines[1], StringComparison.Ordinal);
        Assert.False(Choice(seeded.Partner.Id).HoldsAt(T));
        Assert.False(Choice(seeded.Other.Id).HoldsAt(T));
        Assert.Equal(2, ChoiceAudit().Count);
        Assert.Equal(2, File.ReadAllLines(_cli.LogFile).Count(l => l.Contains("revoked by admin:root", StringComparison.Ordinal)));
    }

    [Fact]
    public void Revoke_BySenderAndDomain_OnlyThatOne()
    {
        var seeded = _cli.SeedChoices();

        var status = _cli.Run("choices", "revoke", "--sender", "anna@example.org", "--domain", "Partner.Example.");

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Contains($"revoked {seeded.Partner.Key}: partner.example", Assert.Single(_cli.OutputLines()), StringComparison.Ordinal);
        Assert.False(Choice(seeded.Partner.Id).HoldsAt(T));
        Assert.True(Choice(seeded.Other.Id).HoldsAt(T));
        Assert.Single(ChoiceAudit());
    }

    [Fact]
    public void Revoke_SubdomainOfAChoice_IsAnotherDomain()
    {
        _cli.SeedChoices();

        var status = _cli.Run("choices", "revoke", "--sender", "anna@example.org", "--domain", "mx.partner.example");

        Assert.Equal(ExitCodes.NoInput, status);
        Assert.Empty(ChoiceAudit());
    }

    [Theory]
    [InlineData("revoke aaaaaaaaaaaaaaaa", "no remembered choice aaaaaaaaaaaaaaaa is known")]
    [InlineData("revoke --sender carol@example.org", "no remembered choice of carol@example.org is known")]
    [InlineData("revoke --sender anna@example.org --domain nowhere.example", "no remembered choice of anna@example.org for nowhere.example is known")]
    public void Revoke_Unknown_NoInputAndNothingChanged(string args, string expected)
    {
        _cli.SeedChoices();
        var before = AllChoices();

        var status = _cli.Run(["choices", .. args.Split(' ')]);

        Assert.Equal(ExitCodes.NoInput, status);
        Assert.Equal($"posttls choices revoke: {expected} to posttls (see posttls choices list --all)", Assert.Single(_cli.ErrorLines()));
        Assert.Empty(_cli.Output.ToString());
        Assert.Equal(before, AllChoices());
        Assert.Empty(ChoiceAudit());
    }

    [Fact]
    public void Revoke_AlreadyEnded_SaysHowAndSucceeds()
    {
        var seeded = _cli.SeedChoices();

        Assert.Equal(ExitCodes.Ok, _cli.Run("choices", "revoke", seeded.Revoked.Key));
        Assert.Equal(ExitCodes.Ok, _cli.Run("choices", "revoke", seeded.Expired.Key));
        Assert.Equal(ExitCodes.Ok, _cli.Run("choices", "revoke", "--sender", "dave@example.org", "--domain", "partner.example"));

        Assert.Equal(
        [
            $"posttls choices revoke: no remembered choice {seeded.Revoked.Key} holds any more (it was revoked by admin:root at 2026-11-20 12:00:00 UTC); nothing to do",
            $"posttls choices revoke: no remembered choice {seeded.Expired.Key} holds any more (it expired at 2026-11-16 12:00:00 UTC); nothing to do",
            "posttls choices revoke: no remembered choice of dave@example.org for partner.example holds any more"
                + " (it was forgotten by sender:dave@example.org at 2026-11-21 12:00:00 UTC); nothing to do",
        ], _cli.OutputLines());
        Assert.Empty(ChoiceAudit());
        Assert.Equal("admin:root", Choice(seeded.Revoked.Id).EndedBy!.Text);
        Assert.Equal(T - 2 * Day, Choice(seeded.Revoked.Id).EndedAt);
    }

    [Fact]
    public void Revoke_Twice_SecondTimeNothingToDo()
    {
        var seeded = _cli.SeedChoices();
        _cli.Run("choices", "revoke", "--sender", "anna@example.org");
        _cli.Output.GetStringBuilder().Clear();

        var status = _cli.Run("choices", "revoke", "--sender", "anna@example.org");

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal("posttls choices revoke: no remembered choice of anna@example.org holds any more (all 2 have ended or expired); nothing to do",
            Assert.Single(_cli.OutputLines()));
        Assert.Equal(2, ChoiceAudit().Count);
        Assert.Equal(T, Choice(seeded.Partner.Id).EndedAt);
    }

    [Fact]
    public void Revoke_DryRun_SaysWhatAndChangesNothing()
    {
        var seeded = _cli.SeedChoices();
        var before = AllChoices();

        var status = _cli.Run("choices", "revoke", "-n", "--sender", "anna@example.org");

        Assert.Equal(ExitCodes.Ok, status);
        var lines = _cli.OutputLines();
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"posttls choices revoke: would revoke {seeded.Other.Key}: other.example", lines[0], StringComparison.Ordinal);
        Assert.Equal("posttls choices revoke: dry run, nothing changed", lines[2]);
        Assert.Equal(before, AllChoices());
        Assert.Empty(ChoiceAudit());
        Assert.False(File.Exists(_cli.LogFile) && File.ReadAllText(_cli.LogFile).Contains("revoked", StringComparison.Ordinal));
    }

    [Fact]
    public void Revoke_BySudoUser_RecordedAsThatLogin()
    {
        var seeded = _cli.SeedChoices();
        _cli.Host = TestHost.Create(root: true, new ManualClock(Now),
            new Dictionary<string, string> { ["SUDO_USER"] = "anna" });

        _cli.Run("choices", "revoke", seeded.Partner.Key);

        Assert.Equal("admin:anna", Choice(seeded.Partner.Id).EndedBy!.Text);
        Assert.Equal("admin:anna", Assert.Single(ChoiceAudit()).Actor);
    }

    [Theory]
    [InlineData("revoke", "name the choices by KEY, by --sender ADDR or by --sender ADDR --domain DOMAIN")]
    [InlineData("revoke --domain partner.example", "name the choices by KEY, by --sender ADDR or by --sender ADDR --domain DOMAIN")]
    [InlineData("revoke aaaaaaaaaaaaaaaa --sender anna@example.org", "name the choices by KEY or by --sender (and --domain), not both")]
    [InlineData("revoke aaaaaaaa", "\"aaaaaaaa\" is not the 16-character key of a remembered choice")]
    [InlineData("revoke 4B7C81E2A3000000", "\"4B7C81E2A3000000\" is not the 16-character key of a remembered choice")]
    [InlineData("revoke --sender <>", "--sender \"<>\" is not an envelope address")]
    [InlineData("revoke --sender anna@example.org --domain bad_domain", "--domain \"bad_domain\" is not a domain name (internationalised ones in their xn-- form)")]
    public void Revoke_BadArguments_UsageErrorBeforeTheDatabase(string args, string expected)
    {
        var status = _cli.Run(["choices", .. args.Split(' ')]);

        Assert.Equal(ExitCodes.Usage, status);
        Assert.Equal("posttls choices revoke: " + expected, Assert.Single(_cli.ErrorLines()));
        Assert.False(File.Exists(Path.Combine(_cli.DataDirectory, StateDatabase.FileName)));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("revoke aaaaaaaaaaaaaaaa")]
    public void Choices_NotRoot_NoPermission(string args)
    {
        _cli.Host = TestHost.Create(root: false);

        var status = _cli.Run(["choices", .. args.Split(' ')]);

        Assert.Equal(ExitCodes.NoPermission, status);
        Assert.Equal($"posttls choices {args.Split(' ')[0]}: must be run as root", Assert.Single(_cli.ErrorLines()));
    }

    [Fact]
    public void Revoke_WhileASweepHoldsTheLock_TempFailAndNothingChanged()
    {
        var seeded = _cli.SeedChoices();
        using var sweep = RunLock.TryAcquire(_cli.DataDirectory, new ManualClock(Now));
        Assert.NotNull(sweep);

        var status = _cli.Run("choices", "revoke", seeded.Partner.Key);

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Contains("a sweep is running", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
        Assert.True(Choice(seeded.Partner.Id).HoldsAt(T));
    }

    [Fact]
    public void List_WhileASweepHoldsTheLock_StillReads()
    {
        _cli.SeedChoices();
        using var sweep = RunLock.TryAcquire(_cli.DataDirectory, new ManualClock(Now));

        Assert.Equal(ExitCodes.Ok, _cli.Run("choices", "list"));
        Assert.Equal(3, _cli.OutputLines().Length);
    }

    private RememberedChoice Choice(long id)
    {
        using var database = _cli.OpenDatabase();
        return new ChoiceStore(database).FindById(id)!;
    }

    private List<RememberedChoice> AllChoices()
    {
        using var database = _cli.OpenDatabase();
        return [.. new ChoiceStore(database).List(T, all: true, sender: null)];
    }

    private List<(long At, string Actor, string Detail)> ChoiceAudit()
    {
        using var database = _cli.OpenDatabase();
        return new Reports(database).AuditTrail(null).Where(e => e.Action == AuditAction.ChoiceEnded)
            .Select(e => (e.At, e.Actor.Text, e.Detail)).ToList();
    }
}
