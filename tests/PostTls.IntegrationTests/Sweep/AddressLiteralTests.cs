using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// A never-insecure domain cannot be reached around with an address literal: once any domain
/// is listed, bob@[192.0.2.1] counts as never-insecure (PostTLS cannot tell whose server the
/// address is), so the sender is never offered "send without encryption" for it.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class AddressLiteralTests(PostfixTestBed bed)
{
    [Fact]
    public void Sweep_RecipientAtAnAddressLiteral_ReturnedAsNeverInsecure_NeverOfferedInClearText()
    {
        var added = Command.Run(bed.Binary, "domains", "add", PostfixTestBed.NeverDomain, "--config", bed.ConfigFile);
        Assert.True(added.ExitCode == 0, Command.Describe(added));
        var stuck = StuckMail.Submit(bed, "kim", PostfixTestBed.LiteralDomain);

        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

        stuck.WaitForMails("never-insecure", 1);
        Assert.Equal(0, stuck.Mails("notice"));
        Poll.Until(() => stuck.Queued is null, TimeSpan.FromSeconds(60), () => $"{stuck.Recipient} is still queued");
        Assert.Equal(0, stuck.Copies);
    }
}
