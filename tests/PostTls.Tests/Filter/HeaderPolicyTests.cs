using System.Text;
using PostTls.Filter;

namespace PostTls.Tests.Filter;

public sealed class HeaderPolicyTests
{
    [Theory]
    [InlineData("X-PostTLS-ID", true)]
    [InlineData("x-posttls-id", true)]
    [InlineData("X-POSTTLS-Action", true)]
    [InlineData("X-PostTLS-", true)]
    [InlineData("X-PostTLS-Anything-Else", true)]
    [InlineData("X-PostTLS", false)]
    [InlineData("X-PostTLSfoo", false)]
    [InlineData("X-PostTLS_ID", false)]
    [InlineData("X-Post-TLS-ID", false)]
    [InlineData("X-PostTL", false)]
    [InlineData("Subject", false)]
    [InlineData("", false)]
    public void IsOurs_FieldName_MatchesOnlyOurPrefix(string name, bool expected)
    {
        Assert.Equal(expected, HeaderPolicy.IsOurs(Encoding.ASCII.GetBytes(name)));
    }
}
