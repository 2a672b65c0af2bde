
namespace PostTls.State;

/// <summary>
/// Database writes of one step that belong together, in one commit: one fsync instead of one
/// per row (the database is synchronous), and a run killed before the commit finds none of
/// them, so it resumes from the step before. Nothing outside the database happens inside.
/// </summary>
internal static class Atomic
{
    /// <summary>Joins the transaction that is open (a dry run's, which is rolled back), else commits its own.</summary>
    public static T Write<T>(StateDatabase database, Func<T> writes)
    {
        using var transaction = database.InTransaction ? null : database.BeginTransaction();
        var result = writes();
        transaction?.Commit();
        return result;
    }

    public static void Write(StateDatabase database, Action writes) => Write(database, () =>
    {
        writes();
        return true;
    });
}
