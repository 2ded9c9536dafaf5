using System.Net;
using AgentGateway.Hosting;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The README's walk-through without an identity provider, as a user runs it: the gateway on
/// <c>examples/local-auth/config.yaml</c> (its JWKS file found relative to the config), a token minted by
/// <c>agentgateway token</c> from the demo key, and the MCP client calling a tool with it.
/// </summary>
public sealed class LocalAuthExampleTests
{
    [Fact]
    public async Task LocalAuthExample_TokenFromTheCli_CallsATool_AndNoTokenGets401()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Path.Combine(RepoPaths.Examples, "local-auth");
        var configPath = Path.Combine(directory, "config.yaml");
        var yaml = (await File.ReadAllTextAsync(configPath, ct))
            .Replace("- port: 3000", "- port: {port}", StringComparison.Ordinal)
            .Replace("cmd: npx", $"cmd: {Targets.Q(RepoPaths.ServerEverything)}", StringComparison.Ordinal)
            .Replace("args: [\"@modelcontextprotocol/server-everything\"]", "args: []", StringComparison.Ordinal);
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct, configPath);

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GatewayApp.RunAsync(
            ["token", "--key", Path.Combine(directory, "demo-private-key.jwk.json"), "--iss", "https://local-auth.example/",
             "--aud", "http://localhost:3000/mcp", "--sub", "alice", "--claim", "permissions=read:tools"],
            stdout, stderr, TextReader.Null);
        Assert.True(exit == 0, stderr.ToString());
        var token = stdout.ToString().Trim();

        await using var client = await gateway.ConnectAsync(bearerToken: token, cancellationToken: ct);
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "local" }, cancellationToken: ct);
        Assert.Equal("Echo: local", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);

        using var http = gateway.CreateHttp();
        using var refused = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
