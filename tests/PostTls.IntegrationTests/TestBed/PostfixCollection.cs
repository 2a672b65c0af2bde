namespace PostTls.IntegrationTests.TestBed;

/// <summary>All Postfix tests share one instance and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostfixCollection : ICollectionFixture<PostfixTestBed>
{
    public const string Name = "Postfix";
}
