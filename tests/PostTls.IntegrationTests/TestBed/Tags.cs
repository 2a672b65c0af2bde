using PostTls.Tagging;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>Checks tags the test bed's filter made, with its key, as the sweep would.</summary>
internal static class Tags
{
    public const string FieldPrefix = MessageTag.HeaderName + ": ";

    /// <summary>What <paramref name="tag"/> is worth for mail from <paramref name="sender"/>, now.</summary>
    public static TagStatus Check(PostfixTestBed bed, string tag, string sender) =>
        MessageTag.Check(bed.Key, tag, sender, DateTimeOffset.UtcNow, TimeSpan.FromDays(1));

    /// <summary>The tag in an <c>X-PostTLS-ID: TAG</c> line.</summary>
    public static string Of(string field) =>
        field.StartsWith(FieldPrefix, StringComparison.Ordinal) ? field[FieldPrefix.Length..].Trim() : throw new InvalidOperationException("not a tag field: " + field);
}
