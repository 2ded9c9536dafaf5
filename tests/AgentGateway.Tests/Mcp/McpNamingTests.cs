using AgentGateway.Mcp.Protocol;

namespace AgentGateway.Tests.Mcp;

public sealed class McpNamingTests
{
    [Theory]
    [InlineData("a_echo", '_', true, "a", "echo")]
    [InlineData("a_get_sum", '_', true, "a", "get_sum")]
    [InlineData("my-server+test://x+y", '+', true, "my-server", "test://x+y")]
    [InlineData("echo", '_', false, "", "")]
    [InlineData("_echo", '_', false, "", "")]
    [InlineData("a_", '_', false, "", "")]
    public void TrySplit_SplitsAtFirstSeparator(string value, char separator, bool ok, string target, string rest)
    {
        Assert.Equal(ok, McpNaming.TrySplit(value, separator, out var t, out var r));
        Assert.Equal(target, t);
        Assert.Equal(rest, r);
    }

    [Fact]
    public void Prefix_RoundTrips()
    {
        Assert.True(McpNaming.TrySplit(McpNaming.PrefixName("t1", "x_y"), McpNaming.NameSeparator, out var t, out var n));
        Assert.Equal(("t1", "x_y"), (t, n));
        Assert.True(McpNaming.TrySplit(McpNaming.PrefixUri("t1", "file:///a+b"), McpNaming.UriSeparator, out t, out n));
        Assert.Equal(("t1", "file:///a+b"), (t, n));
    }
}
