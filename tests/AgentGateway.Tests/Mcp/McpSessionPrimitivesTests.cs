using AgentGateway.Mcp.Sessions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.Mcp;

public sealed class McpSessionPrimitivesTests
{
    [Fact]
    public void SessionIds_AreVisibleAsciiUniqueAndLong()
    {
        var generator = new RandomMcpSessionIdGenerator();
        var ids = Enumerable.Range(0, 1000).Select(_ => generator.NewId()).ToList();
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.True(id.Length >= 43);
            Assert.All(id, c => Assert.InRange(c, (char)0x21, (char)0x7e));
        });
    }

    [Fact]
    public void OutboundStream_DropsOldestBeyondCapacity()
    {
        var stream = new OutboundStream(2);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(stream.TryWrite(new JsonRpcNotification { Method = $"m{i}" }));
        }

        Assert.True(stream.Reader.TryRead(out var first));
        Assert.Equal("m3", ((JsonRpcNotification)first).Method);
    }

    [Fact]
    public void OutboundStream_AllowsOneListenerAtATime()
    {
        var stream = new OutboundStream(10);
        Assert.True(stream.TryAttach());
        Assert.False(stream.TryAttach());
        stream.Detach();
        Assert.True(stream.TryAttach());
    }
}
