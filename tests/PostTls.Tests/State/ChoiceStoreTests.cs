using PostTls.Queue;
using PostTls.State;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.State;

public sealed class ChoiceStoreTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly TempDirectory _directory = new();
    private readonly StateDatabase _database;
    private readonly ChoiceStore _choices;

    public ChoiceStoreTests()
    {
        _database = StateDatabase.Open(_directory.Path);
        _choices = new ChoiceStore(_database);
    }

    [Fact]
    public void Remember_HoldsUntilItsExpiry()
    {
        var choice = _choices.Remember(Alice, "partner.test", ChoiceScope.NoTls, 100, 200, null);

        Assert.Matches("^[a-z2-7]{16}$", choice.Key);
        Assert.Equal([choice.Id], _choices.Holding(199).Select(c => c.Id));
        Assert.Empty(_choices.Holding(200));
        Assert.Equal(choice, _choices.FindByKey(choice.Key));
    }

    [Fact]
    public void Remember_Again_RenewsTheSameChoice_LaterExpiry_WiderScope()
    {
        var first = _choices.Remember(Alice, "partner.test", ChoiceScope.NoTls, 100, 200, null);
        var again = _choices.Remember(Alice, "partner.test", ChoiceScope.Certificate, 150, 300, null);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(300, again.ExpiresAt);
        Assert.Equal(ChoiceScope.NoTls | ChoiceScope.Certificate, again.Scope);
        Assert.Single(_choices.List(150, all: true, sender: null));
    }

    [Fact]
    public void Remember_AnotherDomainOrSender_AChoiceOfItsOwn()
    {
        _choices.Remember(Alice, "partner.test", ChoiceScope.NoTls, 100, 200, null);
        _choices.Remember(Alice, "other.test", ChoiceScope.NoTls, 100, 200, null);
        _choices.Remember("bob@posttls.test", "partner.test", ChoiceScope.NoTls, 100, 200, null);

        Assert.Equal(3, _choices.Holding(150).Count);
        Assert.Equal(2, _choices.List(150, all: false, Alice).Count);
    }

    [Fact]
    public void End_OnceOnly_NoLongerHolds_KeptForTheRecord()
    {
        var choice = _choices.Remember(Alice, "partner.test", ChoiceScope.NoTls, 100, 200, null);

        Assert.True(_choices.End(choice.Id, Actor.Admin("root"), 120));
        Assert.False(_choices.End(choice.Id, Actor.Sender(Alice), 130));

        Assert.Empty(_choices.Holding(150));
        var ended = _choices.FindById(choice.Id)!;
        Assert.Equal(120, ended.EndedAt);
        Assert.Equal(Actor.Admin("root"), ended.EndedBy);
        Assert.False(ended.HoldsAt(150));
    }

    [Fact]
    public void CountUse_Counts()
    {
        var choice = _choices.Remember(Alice, "partner.test", ChoiceScope.NoTls, 100, 200, null);
        _choices.CountUse(choice.Id);
        _choices.CountUse(choice.Id);

        Assert.Equal(2, _choices.FindById(choice.Id)!.Uses);
    }

    [Theory]
    [InlineData(nameof(FailureClass.NotOffered), nameof(ChoiceScope.NoTls))]
    [InlineData(nameof(FailureClass.StartTlsRefused), nameof(ChoiceScope.NoTls))]
    [InlineData(nameof(FailureClass.HandshakeFailed), nameof(ChoiceScope.NoTls))]
    [InlineData(nameof(FailureClass.CertificateNotVerified), nameof(ChoiceScope.Certificate))]
    [InlineData(nameof(FailureClass.DaneFailed), nameof(ChoiceScope.Certificate))]
    [InlineData(nameof(FailureClass.LocalTlsProblem), nameof(ChoiceScope.None))]
    [InlineData(nameof(FailureClass.None), nameof(ChoiceScope.None))]
    public void Scope_OfEachFailure(string failureName, string scopeName)
    {
        var failure = Enum.Parse<FailureClass>(failureName);
        var scope = Enum.Parse<ChoiceScope>(scopeName);
        Assert.Equal(scope, ChoiceScopes.Of(failure));
        Assert.Equal(scope != ChoiceScope.None, ChoiceScopes.Covers(ChoiceScope.NoTls | ChoiceScope.Certificate, [failure]));
    }

    [Fact]
    public void Scope_TextRoundTrips() =>
        Assert.Equal(ChoiceScope.NoTls | ChoiceScope.Certificate, ChoiceScopes.Parse(ChoiceScopes.Text(ChoiceScope.NoTls | ChoiceScope.Certificate)));

    public void Dispose()
    {
        _database.Dispose();
        _directory.Dispose();
    }
}
