using PostTls.Configuration;
using PostTls.State;

namespace PostTls.Tests.State;

/// <summary>The stored words are the database's and posttls log's: old databases hold them, so they never change.</summary>
public sealed class AuditActionTests
{
    public static TheoryData<string, string> Spellings => new()
    {
        { nameof(AuditAction.Tracked), "tracked" },
        { nameof(AuditAction.TagReused), "tag reused" },
        { nameof(AuditAction.Failed), "failed" },
        { nameof(AuditAction.Closed), "closed" },
        { nameof(AuditAction.AdminAlerted), "admin alerted" },
        { nameof(AuditAction.DecisionAccepted), "decision accepted" },
        { nameof(AuditAction.DecisionRefused), "decision refused" },
        { nameof(AuditAction.DecisionFailed), "decision failed" },
        { nameof(AuditAction.ReleaseRefused), "release refused" },
        { nameof(AuditAction.Released), "released" },
        { nameof(AuditAction.Resubmitted), "resubmitted" },
        { nameof(AuditAction.Deleted), "deleted" },
        { nameof(AuditAction.Returned), "returned to the sender" },
        { nameof(AuditAction.PutOnHold), "put on hold" },
        { nameof(AuditAction.LeftToPostfix), "left to Postfix" },
        { nameof(AuditAction.DomainAdded), "domain added" },
        { nameof(AuditAction.DomainRemoved), "domain removed" },
        { nameof(AuditAction.ChoiceRemembered), "choice remembered" },
        { nameof(AuditAction.ChoiceUsed), "choice used" },
        { nameof(AuditAction.ChoiceEnded), "choice ended" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Action_StoredSpelling_RoundTrips(string name, string stored)
    {
        var action = (AuditAction)typeof(AuditAction).GetProperty(name)!.GetValue(null)!;

        Assert.Equal(stored, action.Text);
        Assert.Equal(stored, action.ToString());
        Assert.Equal(action, AuditAction.FromStored(stored));
    }

    [Fact]
    public void Spellings_CoverEveryNamedAction() =>
        Assert.Equal(
            typeof(AuditAction).GetProperties().Where(p => p.PropertyType == typeof(AuditAction)).Select(p => p.Name).Order(StringComparer.Ordinal),
            Spellings.Select(row => (string)row[0]).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("Return", "returned to the sender")]
    [InlineData("Delete", "deleted")]
    [InlineData("Hold", "put on hold")]
    [InlineData("Leave", "left to Postfix")]
    public void For_PolicyAction_ItsAuditAction(string action, string stored) =>
        Assert.Equal(stored, AuditAction.For(Enum.Parse<PolicyAction>(action)).Text);

    [Theory]
    [InlineData(1, "notice sent")]
    [InlineData(2, "reminder-3 sent")]
    [InlineData(3, "deadline sent")]
    public void Sent_NamesTheNotificationKind(int row, string stored)
    {
        var kind = row switch { 1 => NotificationKind.Notice, 2 => NotificationKind.Reminder(3), _ => NotificationKind.Deadline };

        Assert.Equal(stored, AuditAction.Sent(kind).Text);
    }
}
