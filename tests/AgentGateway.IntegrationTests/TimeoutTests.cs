using System.Diagnostics;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace AgentGateway.IntegrationTests;

/// <summary>A backend that hangs — at start or in a call — yields a JSON-RPC error within the configured bound, never a hang.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task HungToolCall_RequestTimeout_JsonRpcErrorAndSessionStillUsable()
    {
        var ct = TestContext.Current.CancellationToken;
        var yaml = "config: {mcp: {requestTimeout: 1s}}\n" + Targets.Config("", Targets.TestServer("a"));
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            client.CallToolAsync("slow", new Dictionary<string, object?> { ["ms"] = 60_000 }, cancellationToken: ct).AsTask());

        Assert.Contains("did not answer 'tools/call' within 1 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Equal("Echo: still here", await client.CallTextAsync("echo", McpClientTestExtensions.Message("still here"), ct));
    }

    [Fact]
    public async Task TargetThatNeverAnswersInitialize_InitializeTimeout_ErrorNamingTargetAndProcessEnded()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "31.4159" + Random.Shared.Next(1000, 9999);
        var yaml = "config: {mcp: {initializeTimeout: 1s}}\n" + Targets.Config("", $"{{name: mute, stdio: {{cmd: sleep, args: [\"{marker}\"]}}}}");
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => gateway.ConnectAsync(cancellationToken: ct));

        Assert.Contains("'mute'", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await ProcessTable.WaitUntilGoneAsync(marker, TimeSpan.FromSeconds(10), ct);
    }

    [Fact]
    public async Task RouteTimeoutPolicy_BoundsTheCall_OnThatRouteOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - matches:
                  - path: {pathPrefix: /fast}
                  policies:
                    timeout: {requestTimeout: 5s, backendRequestTimeout: 1s}
                  backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
                - backends:
                  - mcp: {targets: [{{Targets.TestServer("b")}}]}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        await using var bounded = await gateway.ConnectAsync("/fast", cancellationToken: ct);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            bounded.CallToolAsync("slow", new Dictionary<string, object?> { ["ms"] = 60_000 }, cancellationToken: ct).AsTask());
        Assert.Contains("within 1 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));

        // The other route keeps the default (5 min): a 2 s call completes.
        await using var unbounded = await gateway.ConnectAsync("/mcp", cancellationToken: ct);
        Assert.Equal("done", await unbounded.CallTextAsync("slow", new Dictionary<string, object?> { ["ms"] = 2_000 }, ct));
    }
}
