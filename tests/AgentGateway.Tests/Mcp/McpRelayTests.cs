using System.Text.Json.Nodes;
using AgentGateway.Config.Model;
using AgentGateway.Mcp;
using AgentGateway.Mcp.Relay;
using AgentGateway.Mcp.Sessions;
using AgentGateway.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.Mcp;

public sealed class McpRelayTests
{
    private static McpBackendModel Backend(McpPrefixMode prefix, McpFailureMode failure, params string[] targets) =>
        new("b", new McpBackendConfig
        {
            PrefixMode = prefix,
            FailureMode = failure,
            Targets = [.. targets.Select(t => new McpTargetConfig { Name = t, Stdio = new StdioTargetConfig { Cmd = "x" } })],
        }, new McpEngineOptions());

    private static async Task<(McpRelay Relay, McpSession Session, JsonRpcMessage Init)> StartAsync(McpBackendModel backend, FakeUpstreamFactory factory)
    {
        var relay = new McpRelay(factory, NullLogger<McpRelay>.Instance);
        var session = new McpSession("s1", backend, NullLogger.Instance, TimeProvider.System);
        var init = await relay.InitializeAsync(session, new JsonRpcRequest
        {
            Id = new RequestId(1),
            Method = "initialize",
            Params = new JsonObject { ["protocolVersion"] = "2025-06-18", ["capabilities"] = new JsonObject() },
        }, TestContext.Current.CancellationToken);
        return (relay, session, init);
    }

    private static Task<JsonRpcMessage> CallAsync(McpRelay relay, McpSession session, string method, JsonObject? parameters = null) =>
        relay.HandleRequestAsync(session, new JsonRpcRequest { Id = new RequestId(9), Method = method, Params = parameters }, new RecordingSink(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Initialize_TwoTargets_MergesCapabilitiesAndInstructions()
    {
        var (_, session, init) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), new FakeUpstreamFactory());
        await using var _ = session;

        var result = Assert.IsType<JsonObject>(Assert.IsType<JsonRpcResponse>(init).Result);
        Assert.Equal("agentgateway", result["serverInfo"]!["name"]!.GetValue<string>());
        Assert.Equal("2025-06-18", result["protocolVersion"]!.GetValue<string>());
        Assert.True(result["capabilities"]!["tools"]!["listChanged"]!.GetValue<bool>());
        Assert.Contains("[a] use a", result["instructions"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("[b] use b", result["instructions"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolsList_TwoTargets_PrefixesNamesAndKeepsUnknownFields()
    {
        var (relay, session, _) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), new FakeUpstreamFactory());
        await using var _s = session;

        var list = Assert.IsType<JsonRpcResponse>(await CallAsync(relay, session, "tools/list"));
        var tools = list.Result!["tools"]!.AsArray();
        Assert.Equal(["a_echo", "b_echo"], tools.Select(t => t!["name"]!.GetValue<string>()).Order());
        Assert.Equal(["a", "b"], tools.Select(t => t!["x-extra"]!.GetValue<string>()).Order());
    }

    [Theory]
    [InlineData("a_echo", "a:echo")]
    [InlineData("b_echo", "b:echo")]
    public async Task ToolsCall_Prefixed_RoutesToOwnerWithUpstreamName(string name, string expected)
    {
        var (relay, session, _) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), new FakeUpstreamFactory());
        await using var _s = session;

        var answer = Assert.IsType<JsonRpcResponse>(await CallAsync(relay, session, "tools/call", new JsonObject { ["name"] = name }));
        Assert.Equal(expected, answer.Result!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(9L, answer.Id.Id);
    }

    [Theory]
    [InlineData("c_echo")]
    [InlineData("echo")]
    [InlineData("a_")]
    public async Task ToolsCall_UnknownPrefixedName_IsUnknownTool(string name)
    {
        var (relay, session, _) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), new FakeUpstreamFactory());
        await using var _s = session;

        var error = Assert.IsType<JsonRpcError>(await CallAsync(relay, session, "tools/call", new JsonObject { ["name"] = name }));
        Assert.Equal(-32602, error.Error.Code);
        Assert.Equal($"Unknown tool: {name}", error.Error.Message);
    }

    [Fact]
    public async Task ToolsCall_PrefixNever_RoutesByListedOwner()
    {
        var (relay, session, _) = await StartAsync(Backend(McpPrefixMode.Never, McpFailureMode.FailClosed, "a", "b"), new FakeUpstreamFactory());
        await using var _s = session;

        var answer = Assert.IsType<JsonRpcResponse>(await CallAsync(relay, session, "tools/call", new JsonObject { ["name"] = "echo" }));
        Assert.EndsWith(":echo", answer.Result!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolsList_PrefixAlways_OneTarget_IsPrefixed()
    {
        var (relay, session, _) = await StartAsync(Backend(McpPrefixMode.Always, McpFailureMode.FailClosed, "a"), new FakeUpstreamFactory());
        await using var _s = session;

        var list = Assert.IsType<JsonRpcResponse>(await CallAsync(relay, session, "tools/list"));
        Assert.Equal("a_echo", list.Result!["tools"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resources_Prefixed_UsePlusSeparatorBothWays()
    {
        var (relay, session, _) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), new FakeUpstreamFactory());
        await using var _s = session;

        var list = Assert.IsType<JsonRpcResponse>(await CallAsync(relay, session, "resources/list"));
        Assert.Contains(list.Result!["resources"]!.AsArray(), r => r!["uri"]!.GetValue<string>() == "b+test://info");
        var read = Assert.IsType<JsonRpcResponse>(await CallAsync(relay, session, "resources/read", new JsonObject { ["uri"] = "b+test://info" }));
        Assert.Equal("b+test://info", read.Result!["contents"]![0]!["uri"]!.GetValue<string>());
        Assert.Equal("b", read.Result!["contents"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Initialize_FailClosed_OneTargetFails_IsErrorNamingTarget()
    {
        var factory = new FakeUpstreamFactory { Failing = { "b" } };
        var (_, session, init) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), factory);
        await using var _s = session;

        var error = Assert.IsType<JsonRpcError>(init);
        Assert.Contains("'b'", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_FailOpen_OneTargetFails_ServesTheOther()
    {
        var factory = new FakeUpstreamFactory { Failing = { "b" } };
        var (relay, session, init) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailOpen, "a", "b"), factory);
        await using var _s = session;

        Assert.IsType<JsonRpcResponse>(init);
        var list = Assert.IsType<JsonRpcResponse>(await CallAsync(relay, session, "tools/list"));
        Assert.Equal("a_echo", Assert.Single(list.Result!["tools"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ping_IsAnsweredByTheGateway()
    {
        var (relay, session, _) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), new FakeUpstreamFactory());
        await using var _s = session;

        Assert.IsType<JsonRpcResponse>(await CallAsync(relay, session, "ping"));
    }

    [Fact]
    public async Task UnknownMethod_Multiplexed_IsMethodNotFound()
    {
        var (relay, session, _) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), new FakeUpstreamFactory());
        await using var _s = session;

        var error = Assert.IsType<JsonRpcError>(await CallAsync(relay, session, "vendor/thing"));
        Assert.Equal(-32601, error.Error.Code);
    }

    [Fact]
    public async Task ServerRequest_IsRelayedUnderGatewayIdAndAnswerGoesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = new FakeUpstreamFactory();
        var (_, session, _) = await StartAsync(Backend(McpPrefixMode.Conditional, McpFailureMode.FailClosed, "a", "b"), factory);
        await using var _s = session;
        var upstream = factory.Upstreams["b"];

        upstream.Push(new JsonRpcRequest { Id = new RequestId(42), Method = "sampling/createMessage", Params = new JsonObject() });
        var relayed = Assert.IsType<JsonRpcRequest>(await ReadOutboundAsync(session, ct));
        var gatewayId = Assert.IsType<string>(relayed.Id.Id);
        Assert.StartsWith("agw_b_", gatewayId, StringComparison.Ordinal);

        // The fake server's loop sees the answer; watch for it on a second reader of what the gateway sent.
        Assert.True(await session.RouteClientResponseAsync(new JsonRpcResponse { Id = relayed.Id, Result = new JsonObject { ["ok"] = 1 } }, ct));
        Assert.False(await session.RouteClientResponseAsync(new JsonRpcResponse { Id = relayed.Id, Result = new JsonObject() }, ct));
    }

    /// <summary>The next message of the session's GET stream, within 5 s.</summary>
    private static async Task<JsonRpcMessage> ReadOutboundAsync(McpSession session, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (await session.Outbound.WaitToReadAsync(timeout.Token))
        {
            if (session.Outbound.TryRead(out var message))
            {
                return message;
            }
        }

        throw new InvalidOperationException("the session's stream ended");
    }
}
