using AgentGateway.IntegrationTests.Infrastructure;
using AgentGateway.TestMcpServer;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// An HTTP MCP server that loses the gateway's upstream session (here: it restarts) does not break the client's
/// session: the gateway re-initializes the upstream and retries the request, which had not run.
/// </summary>
public sealed class UpstreamSessionRecoveryTests
{
    [Fact]
    public async Task HttpUpstreamRestarts_ClientSessionGoesOn()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        var first = await TestServerHost.StartHttpAsync(new TestServerOptions { Name = "b", Port = port }, ct);
        var endpoint = TestServerHost.GetMcpUri(first);
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.Http("b", endpoint)), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);
        Assert.Equal("Echo: before", await client.CallTextAsync("echo", McpClientTestExtensions.Message("before"), ct));

        // The server restarts on the same address: it no longer knows the gateway's upstream session.
        await first.DisposeAsync();
        await using var second = await TestServerHost.StartHttpAsync(new TestServerOptions { Name = "b", Port = port }, ct);

        Assert.Equal("Echo: after", await client.CallTextAsync("echo", McpClientTestExtensions.Message("after"), ct));
        Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("lost its upstream session", StringComparison.Ordinal));
    }
}
