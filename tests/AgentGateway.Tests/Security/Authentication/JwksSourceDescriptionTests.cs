using AgentGateway.Security.Authentication;

namespace AgentGateway.Tests.Security.Authentication;

/// <summary>How a key source is named in logs and errors: never with credentials or a query string.</summary>
public sealed class JwksSourceDescriptionTests
{
    [Fact]
    public void UrlSource_DropsUserInfoAndQuery()
    {
        var source = new JwksUrlSource(new Uri("https://user:s3cret@idp.example.com:8443/keys/jwks.json?api_key=k3y#x"));

        var description = source.Describe();

        Assert.Equal("https://idp.example.com:8443/keys/jwks.json", description);
        Assert.DoesNotContain("s3cret", description, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y", description, StringComparison.Ordinal);
    }

    [Fact]
    public void InlineSource_IsNotPrinted() => Assert.Equal("inline", new JwksInlineSource("{\"keys\":[]}").Describe());
}
