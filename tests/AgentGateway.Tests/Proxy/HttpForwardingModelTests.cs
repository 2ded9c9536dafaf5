using AgentGateway.Config.Model;
using AgentGateway.Proxy.Forwarding;

namespace AgentGateway.Tests.Proxy;

public sealed class HttpForwardingModelTests
{
    [Theory]
    [InlineData("/api", "/v2", "/api/users/1", "/v2/users/1")]
    [InlineData("/api", "/v2", "/api", "/v2")]
    [InlineData("/api", "/v2/", "/api/users", "/v2/users")]
    [InlineData("/api", "/", "/api/users", "/users")]
    [InlineData("/api", "/", "/api", "/")]
    [InlineData("/", "/v2", "/x/y", "/v2/x/y")]
    [InlineData("/", "/v2", "/", "/v2")]
    public void Rewrite_Prefix_ReplacesTheMatchedPrefixOnASegmentBoundary(string matched, string prefix, string path, string expected)
    {
        var rewrite = new UrlRewriteModel(new UrlRewriteConfig { Path = new PathRewriteConfig { Prefix = prefix } });

        Assert.Equal(expected, rewrite.Rewrite(path, matched));
    }

    [Fact]
    public void Rewrite_Full_ReplacesTheWholePath()
    {
        var rewrite = new UrlRewriteModel(new UrlRewriteConfig { Path = new PathRewriteConfig { Full = "/status" } });

        Assert.Equal("/status", rewrite.Rewrite("/any/thing", "/"));
    }

    [Fact]
    public void Pick_EveryRoll_GoesToTheBackendOwningIt_AndWeightZeroOwnsNone()
    {
        var model = new HttpBackendModel("r", [new("a:1", "http://a:1", 2), new("z:1", "http://z:1", 0), new("b:1", "http://b:1", 3)], []);

        var picks = Enumerable.Range(0, model.TotalWeight).Select(model.Pick).ToArray();

        Assert.Equal(5, model.TotalWeight);
        Assert.Equal([0, 0, 2, 2, 2], picks);
    }

    [Fact]
    public void Pick_ManyRandomRolls_ConvergeOnTheWeights()
    {
        var model = new HttpBackendModel("r", [new("a:1", "http://a:1", 1), new("b:1", "http://b:1", 4)], []);
        var random = new Random(1234);
        var counts = new int[2];
        for (var i = 0; i < 10_000; i++)
        {
            counts[model.Pick(random.Next(model.TotalWeight))]++;
        }

        Assert.InRange(counts[1] / 10_000.0, 0.77, 0.83);
    }
}
