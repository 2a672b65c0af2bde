using PostTls.Queue;
using PostTls.State;
using PostTls.Sweep;

namespace PostTls.Tests.Sweep;

/// <summary>The policy with the sender's standing choices (issue 15): when a message goes without asking, and when never.</summary>
public sealed class PolicyChoicesTests
{
    private const long Now = 1_000_000;
    private static readonly TimeSpan[] Schedule = [TimeSpan.FromHours(1)];
    private static readonly TrackedRecipient Partner = new("a@partner.test", FailureClass.NotOffered, null, null, "TLS is required, but was not offered", false);
    private static readonly TrackedRecipient Other = Partner with { Address = "b@other.test" };
    private static readonly TrackedRecipient Sub = Partner with { Address = "c@sub.partner.test" };
    private static readonly TrackedRecipient Never = Partner with { Address = "d@bank.test", NeverInsecure = true };
    private static readonly TrackedRecipient Certificate = Partner with { Failure = FailureClass.CertificateNotVerified };

    [Fact]
    public void Header_Honoured_ReleasedWithoutAsking() =>
        Assert.Equal(PolicyStepKind.ReleaseByHeader, Next(Message(tlsRequiredNo: true), [Partner], Choices(honour: true)).Kind);

    [Fact]
    public void Header_NotHonoured_Asked() =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(tlsRequiredNo: true), [Partner], Choices(honour: false)).Kind);

    [Fact]
    public void Header_OnlyNeverInsecureRecipients_NeverInsecure() =>
        Assert.Equal(PolicyStepKind.NeverInsecure, Next(Message(tlsRequiredNo: true), [Never], Choices(honour: true)).Kind);

    [Fact]
    public void Header_AfterAFailedRelease_Asked() =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(tlsRequiredNo: true), [Partner], Choices(honour: true), mayRelease: false).Kind);

    [Fact]
    public void Choice_ItsDomain_ReleasedWithoutAsking_ForThatDomainOnly()
    {
        var step = Next(Message(), [Partner, Other], Choices(choice: Choice("partner.test")));

        Assert.Equal(PolicyStepKind.ReleaseByChoice, step.Kind);
        Assert.Equal(["partner.test"], step.Choices!.Select(c => c.Domain));
    }

    [Theory]
    [InlineData("other.test")]
    [InlineData("sub.partner.test")]
    public void Choice_AnotherDomainOrASubdomain_Asked(string domain) =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(), [Partner], Choices(choice: Choice(domain))).Kind);

    [Fact]
    public void Choice_ForTheParentDomain_DoesNotCoverASubdomain() =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(), [Sub], Choices(choice: Choice("partner.test"))).Kind);

    [Fact]
    public void Choice_AnotherSender_Asked() =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(sender: "eve@x.test"), [Partner], Choices(choice: Choice("partner.test"))).Kind);

    [Fact]
    public void Choice_UntaggedMessage_Asked() =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(tag: null), [Partner], Choices(choice: Choice("partner.test"))).Kind);

    [Fact]
    public void Choice_MadeForNoTls_DoesNotCoverACertificateFailure() =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(), [Certificate], Choices(choice: Choice("partner.test"))).Kind);

    [Fact]
    public void Choice_MadeForCertificates_CoversThem() =>
        Assert.Equal(PolicyStepKind.ReleaseByChoice,
            Next(Message(), [Certificate], Choices(choice: Choice("partner.test", ChoiceScope.Certificate))).Kind);

    [Fact]
    public void Choice_MixedFailuresInItsDomain_OnlyWhenAllAreCovered() =>
        Assert.Equal(PolicyStepKind.Notify,
            Next(Message(), [Partner, Certificate with { Address = "z@partner.test" }], Choices(choice: Choice("partner.test"))).Kind);

    [Fact]
    public void Choice_AfterAFailedRelease_Asked() =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(), [Partner], Choices(choice: Choice("partner.test")), mayRelease: false).Kind);

    [Fact]
    public void Choice_SenderCompared_InCanonicalForm() =>
        Assert.Equal(PolicyStepKind.ReleaseByChoice,
            Next(Message(sender: "S@X.TEST"), [Partner], Choices(choice: Choice("partner.test") with { Sender = "S@x.test" })).Kind);

    [Fact]
    public void NoChoices_AsBefore() =>
        Assert.Equal(PolicyStepKind.Notify, Next(Message(tlsRequiredNo: true), [Partner], null).Kind);

    private static PolicyStep Next(TrackedMessage message, IReadOnlyList<TrackedRecipient> affected, StandingChoices? choices, bool mayRelease = true) =>
        Policy.Next(message, affected, Schedule, Now, choices, mayRelease);

    private static StandingChoices Choices(bool honour = false, RememberedChoice? choice = null) =>
        new(choice is null ? [] : [choice], honour);

    private static RememberedChoice Choice(string domain, ChoiceScope scope = ChoiceScope.NoTls) =>
        new(1, "aaaaaaaaaaaaaaaa", "s@x.test", domain, scope, 0, null, Now + 100, null, null, 0);

    private static TrackedMessage Message(bool tlsRequiredNo = false, string sender = "s@x.test", string? tag = "tag") =>
        new(1, "k", tag, "ABC123", 0, sender, "", null, null, MessageState.Open, 0, null, 0, null, null, null, tlsRequiredNo);
}
