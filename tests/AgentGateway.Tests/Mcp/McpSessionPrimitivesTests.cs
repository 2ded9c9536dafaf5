using AgentGateway.Config.Model;
using AgentGateway.Mcp;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Tests.Security.Authentication;
using AgentGateway.Tests.TestInfrastructure;
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
    public async Task ASessionsGetStreamFillingUp_IsLoggedOnce_WhenItStartsDropping()
    {
        var backend = new McpBackendModel("b", new McpBackendConfig
        {
            Targets = [new McpTargetConfig { Name = "t", Stdio = new StdioTargetConfig { Cmd = "x" } }],
        }, new McpEngineOptions { OutboundBufferLimit = 2 });
        var logger = new CapturingLogger();
        await using var session = new McpSession("s", backend, logger, TimeProvider.System);
        await using var connection = new UpstreamConnection(0, new FakeMcpUpstream("t"), session, logger);

        for (var i = 0; i < 5; i++)
        {
            session.OnUpstreamNotification(connection, new JsonRpcNotification { Method = "notifications/message" });
        }

        Assert.Equal(3, session.Outbound.Dropped);
        Assert.Single(logger.Messages, m => m.StartsWith("Debug 2204 ", StringComparison.Ordinal));
    }

    [Fact]
    public void OutboundStream_DropsOldestBeyondCapacity()
    {
        var stream = new OutboundStream(2);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(stream.TryWrite(new JsonRpcNotification { Method = $"m{i}" }));
        }

        Assert.True(stream.TryRead(out var first));
        Assert.Equal("m3", ((JsonRpcNotification)first).Method);
        Assert.Equal(3, stream.Dropped);
    }

    [Fact]
    public void OutboundStream_Full_DropsTheOldestNotification_NotTheRequestsAndResponsesBeforeIt()
    {
        var stream = new OutboundStream(3);
        Assert.True(stream.TryWrite(new JsonRpcResponse { Id = new RequestId(1), Result = null }));
        Assert.True(stream.TryWrite(new JsonRpcRequest { Id = new RequestId("s"), Method = "sampling/createMessage" }));
        Assert.True(stream.TryWrite(new JsonRpcNotification { Method = "n1" }));
        Assert.True(stream.TryWrite(new JsonRpcNotification { Method = "n2" }));
        Assert.True(stream.TryWrite(new JsonRpcNotification { Method = "n3" }));

        var read = new List<JsonRpcMessage>();
        while (stream.TryRead(out var message))
        {
            read.Add(message);
        }

        Assert.Collection(read,
            m => Assert.IsType<JsonRpcResponse>(m),
            m => Assert.IsType<JsonRpcRequest>(m),
            m => Assert.Equal("n3", ((JsonRpcNotification)m).Method));
        Assert.Equal(2, stream.Dropped);
    }

    [Fact]
    public void OutboundStream_FullOfAnswers_DropsTheOldest_SoItStaysBounded()
    {
        var stream = new OutboundStream(2);
        for (var i = 1; i <= 4; i++)
        {
            Assert.True(stream.TryWrite(new JsonRpcResponse { Id = new RequestId(i), Result = null }));
        }

        Assert.True(stream.TryRead(out var first));
        Assert.Equal(3L, ((JsonRpcResponse)first).Id.Id);
        Assert.Equal(2, stream.Dropped);
    }

    [Fact]
    public async Task OutboundStream_AWaitingReaderIsWokenByAWrite_AndTheEndIsSeenOnceEverythingIsRead()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = new OutboundStream(10);
        var waiting = stream.WaitToReadAsync(ct);
        Assert.False(waiting.IsCompleted);

        await Task.Run(() => stream.TryWrite(new JsonRpcNotification { Method = "n" }), ct);
        Assert.True(await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct));

        stream.Complete();
        Assert.False(stream.TryWrite(new JsonRpcNotification { Method = "late" }));
        Assert.True(await stream.WaitToReadAsync(ct)); // what was written before the end is still read
        Assert.True(stream.TryRead(out _));
        Assert.False(await stream.WaitToReadAsync(ct));

        // A reader waiting when the stream ends is told so.
        var other = new OutboundStream(10);
        var pending = other.WaitToReadAsync(ct);
        other.Complete();
        Assert.False(await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct));
    }

    [Fact]
    public async Task OutboundStream_AReaderGivingUp_DoesNotKeepTheNextOneFromBeingWoken()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = new OutboundStream(10);
        using (var giveUp = new CancellationTokenSource())
        {
            var abandoned = stream.WaitToReadAsync(giveUp.Token);
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.AsTask());
        }

        var next = stream.WaitToReadAsync(ct);
        stream.TryWrite(new JsonRpcNotification { Method = "n" });
        Assert.True(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(5), ct));
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
