using PostTls.Queue;
using PostTls.State;
using PostTls.Sweep;

namespace PostTls.Tests.Sweep;

public sealed class PolicyTests
{
    private const long Hour = 3600;
    private static readonly TimeSpan[] Schedule = [TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24)];
    private static readonly TrackedRecipient Plain = new("a@x.test", FailureClass.NotOffered, null, null, "TLS is required, but was not offered by host x", false);
    private static readonly TrackedRecipient Never = Plain with { Address = "b@bank.test", NeverInsecure = true };

    [Fact]
    public void Next_NoNoticeYet_Notify() =>
        Assert.Equal(PolicyStepKind.Notify, Policy.Next(Message(null, 0, null), [Plain], Schedule, 1000).Kind);

    [Fact]
    public void Next_OnlyNeverInsecureRecipients_NeverInsecure() =>
        Assert.Equal(PolicyStepKind.NeverInsecure, Policy.Next(Message(null, 0, null), [Never], Schedule, 1000).Kind);

    [Fact]
    public void Next_MixedRecipients_NotifiesRatherThanActing() =>
        Assert.Equal(PolicyStepKind.Notify, Policy.Next(Message(null, 0, null), [Plain, Never], Schedule, 1000).Kind);

    [Fact]
    public void Next_NoAffectedRecipients_Waits() =>
        Assert.Equal(PolicyStepKind.Wait, Policy.Next(Message(null, 0, null), [], Schedule, 1000).Kind);

    [Theory]
    [InlineData(0, 0, "Wait", 0)]
    [InlineData(Hour - 1, 0, "Wait", 0)]
    [InlineData(Hour, 0, "Remind", 1)]
    [InlineData(Hour, 1, "Wait", 0)]
    [InlineData(4 * Hour, 1, "Remind", 2)]
    [InlineData(24 * Hour, 1, "Remind", 3)] // missed steps are not replayed: only the latest due one
    [InlineData(24 * Hour, 3, "Wait", 0)]
    [InlineData(72 * Hour, 3, "Deadline", 0)]
    [InlineData(72 * Hour, 0, "Deadline", 0)]
    public void Next_AfterFirstNotice_FollowsTheSchedule(long elapsed, int remindersSent, string expected, int reminder)
    {
        const long first = 1_000_000;
        var step = Policy.Next(Message(first, remindersSent, first + 72 * Hour), [Plain], Schedule, first + elapsed);

        Assert.Equal(Enum.Parse<PolicyStepKind>(expected), step.Kind);
        Assert.Equal(reminder, step.Reminder);
    }

    [Fact]
    public void Next_EmptySchedule_NoReminders() =>
        Assert.Equal(PolicyStepKind.Wait, Policy.Next(Message(0, 0, 100 * Hour), [Plain], [], 50 * Hour).Kind);

    private static TrackedMessage Message(long? firstNotice, int reminders, long? deadline) =>
        new(1, "k", null, "ABC123", 0, "s@x.test", "", null, null, MessageState.Open, 0, firstNotice, reminders, deadline, null, null);
}
