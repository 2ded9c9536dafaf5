using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// Several targets behind one endpoint: target <c>a</c> is the test server over stdio, <c>b</c> the shared in-process
/// test server over streamable HTTP. Each serves <c>test://info</c> = "test server &lt;name&gt;", and <c>whoami</c>
/// answers "stdio" over stdio and "none" over HTTP, which shows where a call was routed.
/// </summary>
public sealed class MultiplexingTests
{
    private const string InstructionsA = "Instructions of server a.";
    private readonly HttpTestServerFixture _serverB;

    public MultiplexingTests(HttpTestServerFixture serverB)
    {
        _serverB = serverB;
    }

    private string TwoTargets(string backendOptions = "") =>
        Targets.Config(backendOptions, Targets.TestServer("a", InstructionsA), Targets.Http(HttpTestServerFixture.Name, _serverB.McpUri));

    [Fact]
    public async Task Initialize_TwoTargets_MergesServerInfoAndJoinsInstructions()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(TwoTargets(), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Equal("agentgateway", client.ServerInfo?.Name);
        Assert.Equal(GatewayTestHost.SessionProtocolVersion, client.NegotiatedProtocolVersion);
        Assert.NotNull(client.ServerInstructions);
        Assert.Contains(InstructionsA, client.ServerInstructions, StringComparison.Ordinal);
        Assert.Contains(HttpTestServerFixture.Instructions, client.ServerInstructions, StringComparison.Ordinal);
        Assert.NotNull(client.ServerCapabilities.Tools);
        Assert.NotNull(client.ServerCapabilities.Resources);
        Assert.NotNull(client.ServerCapabilities.Prompts);
    }

    [Fact]
    public async Task ListTools_TwoTargetsConditional_PrefixesEveryToolWithItsTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(TwoTargets(), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var names = (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();

        Assert.Contains("a_echo", names);
        Assert.Contains("b_echo", names);
        Assert.Contains("a_whoami", names);
        Assert.Contains("b_whoami", names);
        Assert.DoesNotContain("echo", names);
        Assert.All(names, n => Assert.True(n.StartsWith("a_", StringComparison.Ordinal) || n.StartsWith("b_", StringComparison.Ordinal), n));
        Assert.Equal(names.Count(n => n.StartsWith("a_", StringComparison.Ordinal)), names.Count(n => n.StartsWith("b_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CallTool_PrefixedNames_RouteToTheOwningTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(TwoTargets(), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Equal("stdio", await client.CallTextAsync("a_whoami", cancellationToken: ct));
        Assert.Equal("none", await client.CallTextAsync("b_whoami", cancellationToken: ct));
        Assert.Equal("Echo: x", await client.CallTextAsync("a_echo", McpClientTestExtensions.Message("x"), ct));
        Assert.Equal("Echo: y", await client.CallTextAsync("b_echo", McpClientTestExtensions.Message("y"), ct));
    }

    [Fact]
    public async Task CallTool_UnknownPrefix_ReturnsJsonRpcError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(TwoTargets(), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(
            () => client.CallToolAsync("c_echo", McpClientTestExtensions.Message("x"), cancellationToken: ct).AsTask());

        Assert.Contains("c_echo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_TwoTargets_PrefixUrisAndReadFromTheOwningTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(TwoTargets(), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var uris = (await client.ListResourcesAsync(cancellationToken: ct)).Select(r => r.Uri).ToList();
        var readA = await client.ReadResourceAsync("a+test://info", cancellationToken: ct);
        var readB = await client.ReadResourceAsync("b+test://info", cancellationToken: ct);

        Assert.Contains("a+test://info", uris);
        Assert.Contains("b+test://info", uris);
        Assert.DoesNotContain("test://info", uris);
        Assert.Equal("test server a", readA.Text());
        Assert.Equal("test server b", readB.Text());
        Assert.Equal("a+test://info", Assert.Single(readA.Contents).Uri);
    }

    [Fact]
    public async Task Prompts_TwoTargets_PrefixNamesAndGetFromTheOwningTarget()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(TwoTargets(), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var names = (await client.ListPromptsAsync(cancellationToken: ct)).Select(p => p.Name).ToList();
        var greeting = await client.GetPromptAsync("b_greeting", new Dictionary<string, object?> { ["name"] = "Ada" }, cancellationToken: ct);

        Assert.Contains("a_greeting", names);
        Assert.Contains("b_greeting", names);
        Assert.Contains("Ada", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(greeting.Messages[0].Content).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTools_PrefixModeAlwaysWithOneTarget_PrefixesNames()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("prefixMode: always", Targets.TestServer("a")), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var names = (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();
        var text = await client.CallTextAsync("a_echo", McpClientTestExtensions.Message("always"), ct);

        Assert.Contains("a_echo", names);
        Assert.DoesNotContain("echo", names);
        Assert.Equal("Echo: always", text);
    }

    [Fact]
    public async Task ListTools_PrefixModeConditionalWithOneTarget_KeepsNames()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config("prefixMode: conditional", Targets.TestServer("a")), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var names = (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();
        var info = await client.ReadResourceAsync("test://info", cancellationToken: ct);

        Assert.Contains("echo", names);
        Assert.DoesNotContain("a_echo", names);
        Assert.Equal("test server a", info.Text());
        // One unprefixed target: its own initialize result is passed through.
        Assert.Equal("a", client.ServerInfo?.Name);
    }

    [Fact]
    public async Task CallTool_PrefixModeNeverWithTwoTargets_KeepsNamesAndRoutesByOwner()
    {
        var ct = TestContext.Current.CancellationToken;
        // Test server a and server-everything: whoami exists only on a, get-sum only on everything.
        await using var gateway = await GatewayTestHost.StartAsync(
            Targets.Config("prefixMode: never", Targets.TestServer("a"), Targets.Everything("e")), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        var names = (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();

        Assert.Contains("whoami", names);
        Assert.Contains("get-sum", names);
        Assert.DoesNotContain(names, n => n.StartsWith("a_", StringComparison.Ordinal) || n.StartsWith("e_", StringComparison.Ordinal));
        Assert.Equal("stdio", await client.CallTextAsync("whoami", cancellationToken: ct));
        Assert.Contains("5", await client.CallTextAsync("get-sum", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 }, ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_PrefixModeNeverWithoutListingFirst_StillRoutes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(
            Targets.Config("prefixMode: never", Targets.TestServer("a"), Targets.Everything("e")), ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Contains("7", await client.CallTextAsync("get-sum", new Dictionary<string, object?> { ["a"] = 3, ["b"] = 4 }, ct), StringComparison.Ordinal);
        Assert.Equal("stdio", await client.CallTextAsync("whoami", cancellationToken: ct));
    }
}
