using PostTls.State;

namespace PostTls.Tests.State;

/// <summary>The stored words are the database's: old databases hold them, so they never change.</summary>
public sealed class NotificationKindTests
{
    public static TheoryData<string, string, string> Spellings => new()
    {
        { nameof(NotificationKind.Notice), "notice", "notice" },
        { "Reminder1", "reminder-1", "reminder" },
        { "Reminder12", "reminder-12", "reminder" },
        { nameof(NotificationKind.Deadline), "deadline", "deadline" },
        { nameof(NotificationKind.NeverInsecure), "never-insecure", "never-insecure" },
        { nameof(NotificationKind.AdminAlert), "admin-alert", "admin-alert" },
        { nameof(NotificationKind.TagReused), "tag-reused", "tag-reused" },
        { nameof(NotificationKind.FailureAlert), "failure-alert", "failure-alert" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Kind_StoredSpellingAndSeries_RoundTrip(string kind, string stored, string series)
    {
        var value = Of(kind);

        Assert.Equal(stored, value.Text);
        Assert.Equal(stored, value.ToString());
        Assert.Equal(series, value.Series);
        Assert.Equal(value, NotificationKind.FromStored(stored));
    }

    [Theory]
    [InlineData("digest", "digest")] // written by another version: kept, counted under its own name
    [InlineData("reminder-x", "reminder")]
    public void FromStored_UnknownKind_KeptAsItIs(string stored, string series)
    {
        var kind = NotificationKind.FromStored(stored);

        Assert.Equal(stored, kind.Text);
        Assert.Equal(series, kind.Series);
    }

    [Fact]
    public void ReportedSeries_TheStatsLabelsAlwaysShown() =>
        Assert.Equal(["notice", "reminder", "deadline", "never-insecure", "admin-alert"], NotificationKind.ReportedSeries);

    private static NotificationKind Of(string kind) => kind switch
    {
        nameof(NotificationKind.Notice) => NotificationKind.Notice,
        "Reminder1" => NotificationKind.Reminder(1),
        "Reminder12" => NotificationKind.Reminder(12),
        nameof(NotificationKind.Deadline) => NotificationKind.Deadline,
        nameof(NotificationKind.NeverInsecure) => NotificationKind.NeverInsecure,
        nameof(NotificationKind.AdminAlert) => NotificationKind.AdminAlert,
        nameof(NotificationKind.TagReused) => NotificationKind.TagReused,
        _ => NotificationKind.FailureAlert,
    };
}
