using System.Diagnostics;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// What the official 2.4 client negotiates with the gateway. Left to itself it probes <c>server/discover</c> and,
/// since the gateway answers it, speaks the stateless 2026-07-28 revision: no session, each request served by warm
/// upstreams from the stateless pool. Pinning an initialize-era version gives a session.
/// </summary>
/// <remarks>
/// The client gives <c>server/discover</c> 5 s (<see cref="McpClientOptions.DiscoverProbeTimeout"/>) before falling
/// back to <c>initialize</c>; the gateway answers the first discover only after starting the upstreams (a stdio process), which
/// on a loaded machine can take longer, and then the same client ends up on 2025-11-25. The tests of the stateless
/// path raise the probe timeout so that they are deterministic.
/// </remarks>
public sealed class ProtocolNegotiationTests
{
    [Fact]
    public async Task Connect_DefaultClientOptions_NegotiatesStatelessRevisionAndServesCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a")), ct);
        await using var client = await gateway.ConnectAsync(options: StatelessOptions(), cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        var echo = await client.CallTextAsync("echo", McpClientTestExtensions.Message("stateless"), ct);

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Null(client.SessionId);
        Assert.Equal("a", client.ServerInfo?.Name);
        Assert.Contains("echo", tools.Select(t => t.Name));
        Assert.Equal("Echo: stateless", echo);
    }

    /// <summary>The default options, except a probe timeout long enough for a cold stdio upstream.</summary>
    private static McpClientOptions StatelessOptions() => new() { DiscoverProbeTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Connect_PinnedSessionfulVersion_OpensSession()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a")), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Equal(GatewayTestHost.SessionProtocolVersion, client.NegotiatedProtocolVersion);
        Assert.NotNull(client.SessionId);
        Assert.Equal("Echo: session", await client.CallTextAsync("echo", McpClientTestExtensions.Message("session"), ct));
    }

    [Theory]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    public async Task Connect_OlderSessionfulVersion_IsNegotiated(string version)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a")), ct);
        await using var client = await gateway.ConnectAsync(options: new McpClientOptions { ProtocolVersion = version }, cancellationToken: ct);

        Assert.Equal(version, client.NegotiatedProtocolVersion);
        Assert.Equal("Echo: old", await client.CallTextAsync("echo", McpClientTestExtensions.Message("old"), ct));
    }

    [Fact]
    public async Task Sample_DefaultClientWithoutSession_FailsPromptlyInsteadOfHanging()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("", Targets.TestServer("a")), ct);
        var handlerCalls = 0;
        await using var client = await gateway.ConnectAsync(options: new McpClientOptions
        {
            DiscoverProbeTimeout = TimeSpan.FromSeconds(30),
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (_, _, _) =>
                {
                    Interlocked.Increment(ref handlerCalls);
                    return ValueTask.FromResult(new CreateMessageResult { Model = "m", Role = Role.Assistant, Content = [new TextContentBlock { Text = "x" }] });
                },
            },
        }, cancellationToken: ct);
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        var stopwatch = Stopwatch.StartNew();

        // A server→client request has nowhere to go without a session: the gateway refuses it at once, and the
        // upstream's tool fails (as an error result or a JSON-RPC error, depending on how the tool reports it).
        string outcome;
        try
        {
            var result = await client.CallToolAsync("sample", new Dictionary<string, object?> { ["prompt"] = "hi" }, cancellationToken: bound.Token);
            Assert.True(result.IsError, $"expected an error result, got: {result.Text()}");
            outcome = result.Text();
        }
        catch (McpProtocolException ex)
        {
            outcome = ex.Message;
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        Assert.Equal(0, handlerCalls);
        Assert.False(string.IsNullOrEmpty(outcome));
    }
}
