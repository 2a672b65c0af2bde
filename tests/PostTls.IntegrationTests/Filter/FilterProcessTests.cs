using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Filter;

/// <summary>
/// The published binary run the way pipe(8) runs it — as user posttls with an empty
/// environment — with a capturing sendmail, for what is hard to see through Postfix.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class FilterProcessTests(PostfixTestBed bed)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public void Filter_AsPosttlsWithEmptyEnvironment_ReinjectsWithTheDocumentedArguments()
    {
        var (directory, config) = CapturingSetup("args");
        var message = "Subject: hi\r\nX-PostTLS-ID: forged\r\n\r\nbody\r\n"u8.ToArray();

        var result = RunAsPipe(config, message, "-f", "alice@posttls.test", "--", "bob@example.test", "@carol@example.test");

        Assert.True(result.ExitCode == 0, Command.Describe(result));
        var arguments = File.ReadAllLines(Path.Combine(directory, "arguments"));
        Assert.Equal(["-C", bed.Etc, "-G", "-i", "-f", "alice@posttls.test", "--", "bob@example.test", "@carol@example.test"], arguments);
        var captured = File.ReadAllBytes(Path.Combine(directory, "captured"));
        var tagLine = System.Text.Encoding.ASCII.GetString(captured, 0, captured.AsSpan().IndexOf("\r\n"u8));
        Assert.True(Tags.Check(bed, Tags.Of(tagLine), "alice@posttls.test") == TagStatus.Valid, tagLine);
        Assert.Equal("Subject: hi\r\n\r\nbody\r\n"u8.ToArray(), captured[(tagLine.Length + 2)..]);
    }

    [Fact]
    public void Filter_FiftyMegabyteMessage_PeakMemoryStaysUnder64MiB_AndBytesArePreserved()
    {
        var (directory, config) = CapturingSetup("large");
        var message = LargeMessage(50 * MiB);

        var result = RunAsPipe(config, message, ["/usr/bin/time", "-f", "peak-rss-kib=%M"], "-f", "alice@posttls.test", "--", "bob@example.test");

        Assert.True(result.ExitCode == 0, Command.Describe(result));
        var peakKib = int.Parse(result.Error.Split("peak-rss-kib=")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(peakKib < 64 * 1024, $"peak RSS {peakKib} KiB");
        var captured = File.ReadAllBytes(Path.Combine(directory, "captured"));
        var tagLineLength = captured.AsSpan().IndexOf((byte)'\n') + 1;
        Assert.Equal(message.Length + tagLineLength, captured.Length);
        Assert.True(captured.AsSpan(tagLineLength).SequenceEqual(message), "message bytes changed");
    }

    [Fact]
    public void Filter_AsRoot_RefusesWithTempFail()
    {
        var result = Command.Run(bed.Binary, ["filter", "--config", bed.ConfigFile, "-f", "a@b.test", "--", "c@d.test"], "x"u8.ToArray());

        Assert.Equal(75, result.ExitCode);
        Assert.Contains("refusing to run as root", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-f alice@posttls.test")]
    [InlineData("-- bob@example.test")]
    [InlineData("--bogus -f a@b.test -- c@d.test")]
    [InlineData("-f a@b.test -- -c@d.test")]
    public void Filter_BadArguments_TempFailWithOneLineAndNoTrace(string arguments)
    {
        var (_, config) = CapturingSetup("bad-args");

        var result = RunAsPipe(config, "Subject: x\n\nx\n"u8.ToArray(), arguments.Split(' '));

        Assert.Equal(75, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
    }

    private (string Directory, string Config) CapturingSetup(string name)
    {
        var directory = Path.Combine(bed.Root, "capture-" + name);
        var sendmail = FakeSendmail.Capturing(directory);
        // Not beside the script: its directory is open to everyone, and posttls refuses a configuration file there.
        var config = Path.Combine(bed.Root, $"capture-{name}.conf");
        File.WriteAllText(config, File.ReadAllText(bed.ConfigFile) + $"reinject_address =\nsendmail_path = {sendmail}\n");
        return (directory, config);
    }

    private Command.Result RunAsPipe(string config, byte[] message, params string[] filterArguments) =>
        RunAsPipe(config, message, [], filterArguments);

    private Command.Result RunAsPipe(string config, byte[] message, string[] wrapper, params string[] filterArguments) =>
        Command.Run("runuser", ["-u", PostfixTestBed.ServiceUser, "--", "env", "-i", .. wrapper, bed.Binary, "filter", "--config", config, .. filterArguments],
            message, TimeSpan.FromMinutes(2));

    private static byte[] LargeMessage(int size)
    {
        var header = "From: alice@posttls.test\nSubject: large\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"u8;
        var message = new byte[size];
        header.CopyTo(message);
        var random = new Random(42);
        for (var i = header.Length; i < size; i++)
        {
            message[i] = (i - header.Length) % 77 == 76 ? (byte)'\n' : (byte)('A' + random.Next(26));
        }

        return message;
    }
}
