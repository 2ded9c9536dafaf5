using AgentGateway.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace AgentGateway.Tests.Admin;

public sealed class ReadinessProbeTests
{
    [Fact]
    public async Task Handle_BeforeStart_AfterStart_AndWhileStopping()
    {
        using var lifetime = new TestLifetime();
        var probe = new ReadinessProbe(lifetime);

        Assert.Equal((503, "not ready: starting\n"), await GetAsync(probe, ReadinessProbe.Path));

        lifetime.Started.Cancel();
        Assert.Equal((200, "ready\n"), await GetAsync(probe, ReadinessProbe.Path));

        lifetime.Stopping.Cancel();
        Assert.Equal((503, "not ready: shutting down\n"), await GetAsync(probe, ReadinessProbe.Path));
    }

    [Fact]
    public async Task Handle_OtherPath_Is404()
    {
        using var lifetime = new TestLifetime();
        lifetime.Started.Cancel();

        Assert.Equal(404, (await GetAsync(new ReadinessProbe(lifetime), "/mcp")).Status);
    }

    private static async Task<(int Status, string Body)> GetAsync(ReadinessProbe probe, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await probe.HandleAsync(context);
        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    private sealed class TestLifetime : IHostApplicationLifetime, IDisposable
    {
        public CancellationTokenSource Started { get; } = new();

        public CancellationTokenSource Stopping { get; } = new();

        private CancellationTokenSource Stopped { get; } = new();

        public CancellationToken ApplicationStarted => Started.Token;

        public CancellationToken ApplicationStopping => Stopping.Token;

        public CancellationToken ApplicationStopped => Stopped.Token;

        public void StopApplication() => Stopping.Cancel();

        public void Dispose()
        {
            Started.Dispose();
            Stopping.Dispose();
            Stopped.Dispose();
        }
    }
}
