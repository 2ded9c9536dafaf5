using System.Net;
using System.Text.Json.Nodes;
using AgentGateway.Hosting;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// <c>authorization</c> and <c>mcpAuthorization</c> end to end: the product document's configuration verbatim (with a
/// local identity provider in place of the Auth0 tenant), and the per-tool example, with real tokens.
/// </summary>
public sealed class AuthorizationTests
{
    private const string Audience = "https://api.example.com";

    /// <summary>The seed's second configuration as written (permission-based authorization), the tenant replaced by the local provider.</summary>
    private static string SeedWithAuthorization(TestIdentityProvider idp) => $$"""
        binds:
        - port: {port}
          listeners:
          - routes:
            - backends:
              - mcp:
                  targets:
                  - name: my-server
                    stdio:
                      cmd: {{Targets.Q(RepoPaths.ServerEverything)}}
              policies:
                mcpAuthentication:
                  mode: strict
                  issuer: {{idp.Issuer}}
                  audiences: [{{Audience}}]
                  jwks:
                    url: {{idp.JwksUrl}}
                authorization:
                  rules:
                  # Check for specific permission
                  - if: '"read:tools" in auth.claims.permissions'
        """;

    [Fact]
    public async Task SeedConfig_WithThePermission_ListsAndCalls_WithoutIt_Gets403()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(SeedWithAuthorization(idp), ct);

        await using (var client = await gateway.ConnectAsync(bearerToken: idp.CreateToken(Audience, permissions: ["read:tools"]), cancellationToken: ct))
        {
            Assert.Contains(await client.ListToolsAsync(cancellationToken: ct), t => t.Name == "echo");
            Assert.Equal("Echo: ok", await client.CallTextAsync("echo", new Dictionary<string, object?> { ["message"] = "ok" }, ct));
        }

        using var http = gateway.CreateHttp();
        foreach (var token in new[] { idp.CreateToken(Audience, permissions: ["write:tools"]), idp.CreateToken(Audience) })
        {
            http.BearerToken = token;
            using var denied = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Contains("error=\"insufficient_scope\"", denied.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Equal("insufficient_scope", (string?)JsonNode.Parse(await denied.Content.ReadAsStringAsync(ct))!["error"]);
        }

        Assert.Contains(gateway.Logs.Entries, e => e.Message.Contains("denied by the authorization rules", StringComparison.Ordinal));
    }

    [Fact]
    public async Task McpAuthorizationExample_EachCallerSeesAndCallsOnlyItsTools()
    {
        var ct = TestContext.Current.CancellationToken;
        var configPath = Path.Combine(RepoPaths.Examples, "mcp-authorization", "config.yaml");
        var yaml = (await File.ReadAllTextAsync(configPath, ct))
            .Replace("- port: 3000", "- port: {port}", StringComparison.Ordinal)
            .Replace("cmd: npx", $"cmd: {Targets.Q(RepoPaths.ServerEverything)}", StringComparison.Ordinal)
            .Replace("args: [\"@modelcontextprotocol/server-everything\"]", "args: []", StringComparison.Ordinal);
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct, configPath);
        var alice = await MintAsync("alice", "--claim", "permissions=read:tools", "--claim", "roles=admin");
        var bob = await MintAsync("bob", "--claim", "permissions=read:tools");

        await using var aliceClient = await gateway.ConnectAsync(bearerToken: alice, cancellationToken: ct);
        await using var bobClient = await gateway.ConnectAsync(bearerToken: bob, cancellationToken: ct);
        var aliceTools = (await aliceClient.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();
        var bobTools = (await bobClient.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["echo", "get-sum"], bobTools);
        Assert.Contains("trigger-long-running-operation", aliceTools);
        Assert.True(aliceTools.Count > bobTools.Count);
        Assert.NotEmpty(await bobClient.ListPromptsAsync(cancellationToken: ct));

        // A tool bob may not use is, for bob, a tool that does not exist.
        var denied = await Assert.ThrowsAsync<McpProtocolException>(() => bobClient.CallToolAsync(
            "trigger-long-running-operation", new Dictionary<string, object?> { ["duration"] = 1, ["steps"] = 1 }, cancellationToken: ct).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, denied.ErrorCode);
        Assert.Contains("Unknown tool: trigger-long-running-operation", denied.Message, StringComparison.Ordinal);
        Assert.Equal("Echo: bob", await bobClient.CallTextAsync("echo", new Dictionary<string, object?> { ["message"] = "bob" }, ct));

        // Without read:tools, the whole request is refused before MCP.
        using var http = gateway.CreateHttp();
        http.BearerToken = await MintAsync("carol");
        using var refused = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        async Task<string> MintAsync(string subject, params string[] claims)
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await GatewayApp.RunAsync(
                ["token", "--key", Path.Combine(RepoPaths.Examples, "local-auth", "demo-private-key.jwk.json"), "--iss", "https://local-auth.example/",
                 "--aud", "http://localhost:3000/mcp", "--sub", subject, .. claims],
                stdout, stderr, TextReader.Null);
            Assert.True(exit == 0, stderr.ToString());
            return stdout.ToString().Trim();
        }
    }

    [Fact]
    public async Task McpAuthorization_OnAMultiplexedBackend_FiltersPerTarget_AndAnonymousCallersOfOptionalMode()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            mcp:
              port: {port}
              targets: [{{Targets.TestServer("public")}}, {{Targets.TestServer("admin")}}]
              policies:
                mcpAuthentication: {{idp.McpAuthentication(Audience, "optional")}}
                mcpAuthorization:
                  rules:
                  - 'has(mcp.tool) && mcp.tool.target == "public"'
                  - 'has(mcp.tool) && mcp.tool.target == "admin" && has(jwt.sub) && jwt.sub == "root"'
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);

        await using var anonymous = await gateway.ConnectAsync(cancellationToken: ct);
        var anonymousTools = (await anonymous.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();
        Assert.Contains("public_echo", anonymousTools);
        Assert.DoesNotContain(anonymousTools, n => n.StartsWith("admin_", StringComparison.Ordinal));

        await using var root = await gateway.ConnectAsync(bearerToken: idp.CreateToken(Audience, subject: "root"), cancellationToken: ct);
        var rootTools = (await root.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).ToList();
        Assert.Contains("admin_echo", rootTools);
        Assert.Equal("Echo: admin says", await root.CallTextAsync("admin_echo", new Dictionary<string, object?> { ["message"] = "admin says" }, ct));

        var denied = await Assert.ThrowsAsync<McpProtocolException>(() => anonymous.CallToolAsync(
            "admin_echo", new Dictionary<string, object?> { ["message"] = "x" }, cancellationToken: ct).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, denied.ErrorCode);
    }

    [Fact]
    public async Task McpAuthorization_HoldsOnEveryPathThatNamesAnItem_LegacySse_Batches_Completion_Subscribe()
    {
        var ct = TestContext.Current.CancellationToken;
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
                  policies:
                    mcpAuthorization:
                      rules:
                      - 'has(mcp.tool) && mcp.tool.name == "echo"'
                      - 'has(mcp.prompt) && mcp.prompt.name == "greeting"'
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);

        // Legacy HTTP+SSE transport (2024-11-05).
        await using (var sse = await gateway.ConnectAsync("/sse", new ModelContextProtocol.Client.McpClientOptions(), ModelContextProtocol.Client.HttpTransportMode.Sse, cancellationToken: ct))
        {
            Assert.Equal(["echo"], (await sse.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name));
            Assert.Equal(["greeting"], (await sse.ListPromptsAsync(cancellationToken: ct)).Select(p => p.Name));
            var denied = await Assert.ThrowsAsync<McpProtocolException>(() => sse.CallToolAsync(
                "add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 }, cancellationToken: ct).AsTask());
            Assert.Contains("Unknown tool: add", denied.Message, StringComparison.Ordinal);
        }

        // A batch (2025-03-26): each request is decided on its own.
        using var http = gateway.CreateHttp();
        using (var init = await http.PostAsync("/mcp", McpHttp.InitializeBody("2025-03-26"), cancellationToken: ct))
        {
            var session = McpHttp.SessionId(init)!;
            using var batch = await http.PostAsync("/mcp", "[" +
                McpHttp.RequestBody("tools/call", """{"name":"add","arguments":{"a":1,"b":2}}""", id: 10) + "," +
                McpHttp.EchoBody("batched", id: 11) + "," +
                McpHttp.RequestBody("completion/complete", """{"ref":{"type":"ref/prompt","name":"test_prompt_with_arguments"},"argument":{"name":"arg1","value":"x"}}""", id: 12) + "," +
                McpHttp.RequestBody("resources/subscribe", """{"uri":"test://static-text"}""", id: 13) + "," +
                McpHttp.RequestBody("prompts/get", """{"name":"test_simple_prompt"}""", id: 14) + "]",
                session, protocolVersion: "2025-03-26", cancellationToken: ct);
            var answers = JsonNode.Parse(await batch.Content.ReadAsStringAsync(ct))!.AsArray().ToDictionary(a => (int)a!["id"]!, a => a!);
            Assert.Equal(-32602, (int)answers[10]["error"]!["code"]!);
            Assert.Equal("Unknown tool: add", (string?)answers[10]["error"]!["message"]);
            Assert.Equal("Echo: batched", (string?)answers[11]["result"]!["content"]![0]!["text"]);
            Assert.Equal("Unknown prompt: test_prompt_with_arguments", (string?)answers[12]["error"]!["message"]);
            Assert.Equal("Unknown resource: test://static-text", (string?)answers[13]["error"]!["message"]);
            Assert.Equal("Unknown prompt: test_simple_prompt", (string?)answers[14]["error"]!["message"]);
        }
    }
}
