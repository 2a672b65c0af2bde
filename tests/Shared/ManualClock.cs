namespace PostTls.Tests.Shared;

/// <summary>A clock that says what the test wants it to, and that it moves: reminders and deadlines come without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
