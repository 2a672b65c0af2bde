using System.Text.Json;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;

namespace PostTls.IntegrationTests.Cli;

/// <summary>
/// The parts of posttls that lean on reflection in a JIT build — System.CommandLine's help and
/// parsing, System.Text.Json's output, SQLite's native binding — checked at run time in the
/// published native (NativeAOT) binary, where trimming or a missing native library would show.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class NativeBinaryTests(PostfixTestBed bed)
{
    public static TheoryData<string> ApprovedHelp()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryFiles.Path("tests", "PostTls.Tests", "Commands", "Approved"), "*.help.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApprovedHelp))]
    public void Help_OfTheNativeBinary_IsTheApprovedText(string approvedFile)
    {
        // posttls-domains-add.help.txt -> domains add --help
        var name = approvedFile[..^".help.txt".Length];
        var args = name.Split('-').Skip(1).Append("--help").ToArray();

        var result = Command.Run(bed.Binary, args);

        Assert.True(result.ExitCode == 0, Command.Describe(result));
        Assert.Equal(File.ReadAllText(RepositoryFiles.Path("tests", "PostTls.Tests", "Commands", "Approved", approvedFile)), result.Output);
    }

    [Fact]
    public void Version_NamesTheProgram()
    {
        var result = Command.Run(bed.Binary, "--version");

        Assert.True(result.ExitCode == 0, Command.Describe(result));
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output.Trim());
    }

    [Fact]
    public void JsonOutputs_OfTheNativeBinary_ParseAndCarryTheirMembers()
    {
        var domain = $"native-{Guid.NewGuid():N}"[..20] + ".example";
        Run("domains", "add", domain);

        using (var domains = Json("domains", "list", "--json"))
        {
            Assert.Contains(domains.RootElement.GetProperty("domains").EnumerateArray(), d => d.GetProperty("domain").GetString() == domain);
        }

        using (var list = Json("list", "--all", "--json"))
        {
            Assert.Equal(JsonValueKind.Array, list.RootElement.GetProperty("messages").ValueKind);
        }

        using (var stats = Json("stats", "--json"))
        {
            Assert.Equal(JsonValueKind.Object, stats.RootElement.ValueKind);
            Assert.NotEmpty(stats.RootElement.EnumerateObject());
        }

        using (var log = Json("log", "--json"))
        {
            Assert.Contains(log.RootElement.GetProperty("entries").EnumerateArray(), e => e.ToString().Contains(domain, StringComparison.Ordinal));
        }

        Run("domains", "remove", domain);
    }

    [Fact]
    public void Choices_ListAndRevoke_ThroughTheNativeBinary()
    {
        var sender = $"native-{Guid.NewGuid():N}"[..20] + "@example.org";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string key;
        using (var database = StateDatabase.Open(bed.Settings().DataDirectory))
        {
            key = new ChoiceStore(database).Remember(sender, "partner.example", ChoiceScope.NoTls, now, now + 86400, null).Key;
        }

        using (var list = Json("choices", "list", "--json", "--sender", sender))
        {
            var choice = Assert.Single(list.RootElement.GetProperty("choices").EnumerateArray());
            Assert.Equal(key, choice.GetProperty("key").GetString());
            Assert.Equal("holds", choice.GetProperty("state").GetString());
            Assert.Equal(["no-tls"], choice.GetProperty("scope").EnumerateArray().Select(w => w.GetString()));
        }

        Assert.StartsWith($"posttls choices revoke: revoked {key}: partner.example for {sender}", Run("choices", "revoke", key), StringComparison.Ordinal);

        using (var all = Json("choices", "list", "--all", "--json", "--sender", sender))
        {
            var choice = Assert.Single(all.RootElement.GetProperty("choices").EnumerateArray());
            Assert.Equal("revoked", choice.GetProperty("state").GetString());
            Assert.StartsWith("admin:", choice.GetProperty("ended_by").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains($"remembered choice {key} revoked by admin:", bed.PostTlsLogText(), StringComparison.Ordinal);
        var unknown = Command.Run(bed.Binary, "choices", "revoke", "--sender", sender, "--domain", "other.example", "--config", bed.ConfigFile);
        Assert.True(unknown.ExitCode == 66, Command.Describe(unknown));
        Assert.DoesNotContain("Unhandled exception", unknown.Error, StringComparison.Ordinal);
    }

    private JsonDocument Json(params string[] args) => JsonDocument.Parse(Run(args));

    private string Run(params string[] args)
    {
        var result = Command.Run(bed.Binary, args.Append("--config").Append(bed.ConfigFile));
        Assert.True(result.ExitCode == 0, Command.Describe(result));
        Assert.DoesNotContain("Unhandled exception", result.Error, StringComparison.Ordinal);
        return result.Output;
    }
}
