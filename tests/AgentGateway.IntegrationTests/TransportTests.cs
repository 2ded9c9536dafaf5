using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace AgentGateway.IntegrationTests;

/// <summary>Upstream transports (streamable HTTP, legacy SSE) and the downstream legacy SSE transport.</summary>
public sealed class TransportTests
{
    private readonly HttpTestServerFixture _server;

    public TransportTests(HttpTestServerFixture server)
    {
        _server = server;
    }

    [Fact]
    public async Task StreamableHttpTarget_ListAndCall_ReachesTheServer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.Http("remote", _server.McpUri)), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        var echo = await client.CallTextAsync("echo", McpClientTestExtensions.Message("over http"), ct);
        var sum = await client.CallTextAsync("add", new Dictionary<string, object?> { ["a"] = 40, ["b"] = 2 }, ct);
        var info = await client.ReadResourceAsync("test://info", cancellationToken: ct);

        Assert.Contains("echo", tools.Select(t => t.Name));
        Assert.Equal("Echo: over http", echo);
        Assert.Equal("42", sum);
        Assert.Equal("test server b", info.Text());
        Assert.Equal(HttpTestServerFixture.Name, client.ServerInfo?.Name);
    }

    [Fact]
    public async Task StreamableHttpTarget_ProgressNotifications_ReachTheClient()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.Http("remote", _server.McpUri)), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);
        var progress = new ProgressRecorder();

        var result = await client.CallToolAsync("progress", new Dictionary<string, object?> { ["steps"] = 3, ["delayMs"] = 100 }, progress, cancellationToken: ct);

        Assert.Equal("done", result.Text());
        await Poll.UntilAsync(() => progress.Values.Count >= 3, TimeSpan.FromSeconds(5), () => $"got {progress.Values.Count} progress notifications", ct);
        // The client handles every incoming message on its own thread-pool work item, so handlers do not run in wire
        // order, and one still queued when the result completes the call is dropped: hence the 100 ms between steps.
        Assert.Equal(["step 1 of 3", "step 2 of 3", "step 3 of 3"], progress.Values.Select(v => v.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SseTarget_ListAndCall_ReachesTheServer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.Sse("legacy", _server.SseUri)), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        var echo = await client.CallTextAsync("echo", McpClientTestExtensions.Message("over sse"), ct);
        var info = await client.ReadResourceAsync("test://info", cancellationToken: ct);

        Assert.Contains("add", tools.Select(t => t.Name));
        Assert.Equal("Echo: over sse", echo);
        Assert.Equal("test server b", info.Text());
    }

    [Fact]
    public async Task DownstreamLegacySse_ListAndCall_Works()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a")), ct);
        await using var client = await gateway.ConnectAsync("/sse", new McpClientOptions(), HttpTransportMode.Sse, cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        var echo = await client.CallTextAsync("echo", McpClientTestExtensions.Message("legacy client"), ct);
        var sum = await client.CallTextAsync("add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 }, ct);

        Assert.Contains("echo", tools.Select(t => t.Name));
        Assert.Equal("Echo: legacy client", echo);
        Assert.Equal("3", sum);
        Assert.Equal("a", client.ServerInfo?.Name);
    }

    [Fact]
    public async Task DownstreamLegacySse_TwoTargets_ServesPrefixedTools()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(
            Targets.Config("", Targets.TestServer("a"), Targets.Sse(HttpTestServerFixture.Name, _server.SseUri)), ct);
        await using var client = await gateway.ConnectAsync("/sse", new McpClientOptions(), HttpTransportMode.Sse, cancellationToken: ct);

        var names = (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();

        Assert.Contains("a_echo", names);
        Assert.Contains("b_echo", names);
        Assert.Equal("stdio", await client.CallTextAsync("a_whoami", cancellationToken: ct));
        Assert.Equal("none", await client.CallTextAsync("b_whoami", cancellationToken: ct));
    }
}
