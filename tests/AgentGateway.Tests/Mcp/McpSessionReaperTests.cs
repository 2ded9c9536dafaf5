using AgentGateway.Config.Model;
using AgentGateway.Mcp;
using AgentGateway.Mcp.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Mcp;

public sealed class McpSessionReaperTests
{
    private static readonly McpBackendModel s_backend = new("b", new McpBackendConfig
    {
        Targets = [new McpTargetConfig { Name = "t", Stdio = new StdioTargetConfig { Cmd = "x" } }],
    }, new McpEngineOptions { SessionTtl = TimeSpan.FromMinutes(30) });

    private static (McpSessionStore Store, McpSessionReaper Reaper, FakeTimeProvider Time) Create()
    {
        var time = new FakeTimeProvider();
        var store = new McpSessionStore();
        return (store, new McpSessionReaper(store, new McpStatelessSessionPool(), time, NullLogger<McpSessionReaper>.Instance), time);
    }

    [Fact]
    public async Task Reap_IdleBeyondTtl_EndsSession()
    {
        var (store, reaper, time) = Create();
        var session = new McpSession("s1", s_backend, NullLogger.Instance, time);
        store.Add(session);

        time.Advance(TimeSpan.FromMinutes(29));
        await reaper.ReapAsync();
        Assert.NotNull(store.Find("s1", s_backend));

        time.Advance(TimeSpan.FromMinutes(2));
        await reaper.ReapAsync();
        Assert.Null(store.Find("s1", s_backend));
        Assert.True(session.IsDisposed);
    }

    [Fact]
    public async Task Reap_ForgetsTheEndedStreamsOfALiveSession_AfterTheirRetention()
    {
        var (store, reaper, time) = Create();
        var session = new McpSession("s1", s_backend, NullLogger.Instance, time);
        store.Add(session);
        var (stream, listener) = session.Streams!.Open(new RequestStream(), default, null);
        stream.Source!.Complete(new ModelContextProtocol.Protocol.JsonRpcResponse { Id = new ModelContextProtocol.Protocol.RequestId(1), Result = null });
        listener.Dispose();

        await reaper.ReapAsync(); // found ended: the retention starts
        time.Advance(s_backend.Options.StreamRetention - TimeSpan.FromSeconds(1));
        await reaper.ReapAsync();
        Assert.Same(stream, session.Streams.Find(1));

        time.Advance(TimeSpan.FromSeconds(2));
        await reaper.ReapAsync();
        Assert.Null(session.Streams.Find(1));
        Assert.NotNull(store.Find("s1", s_backend)); // the session itself is not idle for its TTL yet
    }

    [Fact]
    public async Task Reap_BusySession_IsKeptEvenWhenIdleTimeIsLong()
    {
        var (store, reaper, time) = Create();
        var session = new McpSession("s1", s_backend, NullLogger.Instance, time);
        store.Add(session);

        using (session.BeginActivity())
        {
            time.Advance(TimeSpan.FromHours(2));
            await reaper.ReapAsync();
            Assert.NotNull(store.Find("s1", s_backend));
        }

        // The request ended just now: idle time starts again from here.
        await reaper.ReapAsync();
        Assert.NotNull(store.Find("s1", s_backend));
        time.Advance(TimeSpan.FromMinutes(31));
        await reaper.ReapAsync();
        Assert.Null(store.Find("s1", s_backend));
    }

    [Fact]
    public void Find_SessionOfAnotherBackend_IsNotFound()
    {
        var store = new McpSessionStore();
        store.Add(new McpSession("s1", s_backend, NullLogger.Instance, TimeProvider.System));
        var other = new McpBackendModel("other", s_backend.Config, s_backend.Options);

        Assert.NotNull(store.Find("s1", s_backend));
        Assert.Null(store.Find("s1", other));
    }
}
