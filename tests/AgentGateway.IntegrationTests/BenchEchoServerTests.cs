using System.Text.Json;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The benchmark's default backend (<c>bench/echo-server.mjs</c>) behind the gateway, driven by the official C#
/// client: the benchmark's figures mean something only if that backend is a correct MCP server and answers the echo
/// call as server-everything does (the load generator checks the answer's text).
/// </summary>
public sealed class BenchEchoServerTests(BenchEchoServerTests.Gateway gateway) : IClassFixture<BenchEchoServerTests.Gateway>
{
    [Fact]
    public async Task ListTools_BenchEchoServer_ListsEchoWithItsInputSchema()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);

        var echo = Assert.Single(tools);
        Assert.Equal("echo", echo.Name);
        Assert.Equal("bench-echo", client.ServerInfo?.Name);
        var required = echo.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
        Assert.Equal(["message"], required);
        Assert.Equal("string", echo.JsonSchema.GetProperty("properties").GetProperty("message").GetProperty("type").GetString());
    }

    [Fact]
    public async Task CallTool_Echo_AnswersAsServerEverythingDoes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        Assert.Equal("Echo: hello", await client.CallTextAsync("echo", McpClientTestExtensions.Message("hello"), ct));
        await client.PingAsync(cancellationToken: ct);
    }

    [Fact]
    public async Task CallTool_MessageNotAString_IsAToolError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = 42 }, cancellationToken: ct);

        Assert.True(result.IsError);
        Assert.Equal("message must be a string", result.Text());
    }

    [Fact]
    public async Task CallTool_UnknownTool_IsInvalidParams()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            client.CallToolAsync("nope", new Dictionary<string, object?>(), cancellationToken: ct).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("Unknown tool: nope", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    public async Task Initialize_EarlierRevision_IsTheVersionTheBackendAgreesTo(string version)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(options: new McpClientOptions { ProtocolVersion = version }, cancellationToken: ct);

        Assert.Equal(version, client.NegotiatedProtocolVersion);
        Assert.Equal("Echo: again", await client.CallTextAsync("echo", McpClientTestExtensions.Message("again"), ct));
    }

    [Fact]
    public async Task Post_UnknownMethod_IsMethodNotFoundFromTheBackend()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await gateway.Host.ConnectAsync(cancellationToken: ct);

        // The gateway forwards an unknown method to a single target; the backend answers it.
        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            client.SendRequestAsync<JsonElement, JsonElement>("bench/unknown", JsonDocument.Parse("{}").RootElement, cancellationToken: ct).AsTask());

        Assert.Equal(McpErrorCode.MethodNotFound, error.ErrorCode);
    }

    /// <summary>The gateway in front of the benchmark's echo server, shared by the class.</summary>
    public sealed class Gateway : GatewayHostFixture
    {
        protected override string Config => Targets.Config("", Targets.BenchEcho());
    }
}
