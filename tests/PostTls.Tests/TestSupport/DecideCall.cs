using System.Text;
using PostTls.Configuration;
using PostTls.Decide;

namespace PostTls.Tests.TestSupport;

/// <summary>One delivery to <c>posttls decide</c> in process, as pipe(8) makes it: one sender, one recipient, a short mail.</summary>
internal static class DecideCall
{
    public static (int Status, string Output) Run(PostTlsSettings settings, byte[] key, TimeProvider clock, MemoryLogSink log,
        string sender, string recipient)
    {
        var output = new StringWriter();
        var input = new MemoryStream(Encoding.ASCII.GetBytes("Subject: decision\n\n"));
        var status = new DecideRunner(settings, key, clock, log.Log("posttls/decide")).Run(sender, [recipient], input, output);
        return (status, output.ToString());
    }

    /// <summary>What a refused delivery must look like: pipe(8) bounces with one line naming the status.</summary>
    public static void AssertRefused((int Status, string Output) result)
    {
        Assert.Equal(DecideRunner.Rejected, result.Status);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(result.Output, @"^5\.(1\.1|7\.1) Nothing was done: [^\p{Cc}]+\.\n\z"),
            "not one printable line: " + Mutator.Show(result.Output));
    }
}
