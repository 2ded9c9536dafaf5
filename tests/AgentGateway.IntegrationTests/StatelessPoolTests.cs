using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// Session-less requests (2026-07-28 clients, <c>statefulMode: stateless</c>) are served from warm upstreams: a stdio
/// target is started once, not once per request.
/// </summary>
public sealed class StatelessPoolTests
{
    [Theory]
    [InlineData("", "2026-07-28")]
    [InlineData("statefulMode: stateless", "2025-06-18")]
    public async Task SequentialSessionlessRequests_ReuseOneUpstreamProcess(string backendOptions, string protocolVersion)
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "pool-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config(backendOptions, Targets.TestServer("a", instructions: marker)), ct);
        using var http = gateway.CreateHttp();

        for (var i = 0; i < 5; i++)
        {
            using var response = await http.PostAsync("/mcp", McpHttp.EchoBody($"call {i}", id: 10 + i), protocolVersion: protocolVersion, cancellationToken: ct);
            var message = await McpHttp.ReadMessageAsync(response, ct);
            Assert.Null(McpHttp.SessionId(response));
            Assert.Equal($"Echo: call {i}", message["result"]!["content"]![0]!["text"]!.GetValue<string>());
        }

        Assert.Single(ProcessTable.FindByCommandLine(marker));
    }

    [Fact]
    public async Task ConcurrentSessionlessRequests_AllAnswered_PoolKeepsProcessesBounded()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "pool-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("statefulMode: stateless", Targets.TestServer("a", instructions: marker)), ct);

        async Task<string> CallAsync(int i)
        {
            using var http = gateway.CreateHttp();
            using var response = await http.PostAsync("/mcp", McpHttp.EchoBody($"c{i}", id: i), protocolVersion: "2025-06-18", cancellationToken: ct);
            return (await McpHttp.ReadMessageAsync(response, ct))["result"]!["content"]![0]!["text"]!.GetValue<string>();
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(CallAsync));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"Echo: c{i}"), answers);
        Assert.InRange(ProcessTable.FindByCommandLine(marker).Count, 1, 8);

        // Once warm, a second wave starts no new process.
        var before = ProcessTable.FindByCommandLine(marker).Count;
        await Task.WhenAll(Enumerable.Range(0, before).Select(CallAsync));
        Assert.Equal(before, ProcessTable.FindByCommandLine(marker).Count);
    }
}
