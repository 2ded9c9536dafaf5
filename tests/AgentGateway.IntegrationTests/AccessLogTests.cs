using System.Net;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>The access log: one line per request with the route, status, caller and MCP details, and nothing secret.</summary>
public sealed class AccessLogTests
{
    private const string Audience = "https://api.example.com";

    [Fact]
    public async Task EachRequest_LogsOneLine_WithCallerAndMcpDetails_ButNoSecrets()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - name: tools
                  backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
                  policies:
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var http = gateway.CreateHttp();
        var token = idp.CreateToken(Audience, subject: "alice");
        http.BearerToken = token;
        var session = await http.InitializeAsync(cancellationToken: ct);
        using (var call = await http.PostAsync("/mcp", McpHttp.EchoBody("hi"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
            await call.Content.ReadAsStringAsync(ct);
        }

        http.BearerToken = null;
        using (var refused = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        string[] lines = [];
        await Poll.UntilAsync(() =>
        {
            lines = [.. gateway.Logs.Entries.Where(e => e.Category == "agentgateway.access").Select(e => e.Message)];
            return lines.Length >= 4;
        }, TimeSpan.FromSeconds(10), () => "expected 4 access-log lines, got: " + string.Join(Environment.NewLine, lines), ct);

        var callLine = Assert.Single(lines, l => l.Contains("mcp.method=tools/call", StringComparison.Ordinal));
        Assert.StartsWith("POST /mcp 200 ", callLine, StringComparison.Ordinal);
        Assert.Contains("route=", callLine, StringComparison.Ordinal);
        Assert.Contains("/tools", callLine, StringComparison.Ordinal);
        Assert.Contains("sub=alice", callLine, StringComparison.Ordinal);
        Assert.Contains("mcp.target=a mcp.name=echo", callLine, StringComparison.Ordinal);
        Assert.Contains($"mcp.session={session[..8]}", callLine, StringComparison.Ordinal);
        Assert.Single(lines, l => l.StartsWith("POST /mcp 401 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("mcp.method=initialize", StringComparison.Ordinal) && l.Contains($"mcp.session={session[..8]}", StringComparison.Ordinal));

        Assert.DoesNotContain(gateway.Logs.Entries, e => e.ToString().Contains(session, StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.ToString().Contains(token.Split('.')[2], StringComparison.Ordinal));
    }

    [Fact]
    public async Task CelFilterAndFields_ChooseTheLinesAndAddFields()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            config:
              logging:
                filter: 'response.code == 401 || (has(mcp.method) && mcp.method == "tools/call")'
                fields:
                  add:
                    user: 'jwt.sub'
                    email: 'jwt.email'
                    team: 'request.headers["x-team"]'
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
                  policies:
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var http = gateway.CreateHttp();
        http.BearerToken = idp.CreateToken(Audience, subject: "alice");
        var session = await http.InitializeAsync(cancellationToken: ct);
        using (var call = await http.PostAsync("/mcp", McpHttp.EchoBody("hi"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
        {
            await call.Content.ReadAsStringAsync(ct);
        }

        http.BearerToken = null;
        using (var refused = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        string[] lines = [];
        await Poll.UntilAsync(() =>
        {
            lines = [.. gateway.Logs.Entries.Where(e => e.Category == "agentgateway.access").Select(e => e.Message)];
            return lines.Length >= 2;
        }, TimeSpan.FromSeconds(10), () => string.Join(Environment.NewLine, lines), ct);
        await Task.Delay(200, ct);
        lines = [.. gateway.Logs.Entries.Where(e => e.Category == "agentgateway.access").Select(e => e.Message)];

        Assert.Equal(2, lines.Length);
        var callLine = Assert.Single(lines, l => l.Contains("mcp.method=tools/call", StringComparison.Ordinal));
        Assert.EndsWith(" user=alice", callLine, StringComparison.Ordinal);
        Assert.DoesNotContain("email=", callLine, StringComparison.Ordinal);
        Assert.StartsWith("POST /mcp 401 ", Assert.Single(lines, l => l.Contains(" 401 ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsRemove_LeavesStandardFieldsOut_InTextAndStructuredForm()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        var yaml = $$"""
            config:
              logging:
                fields:
                  remove: [duration, mcp.session, jwt.sub]
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
                  policies:
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var http = gateway.CreateHttp();

        // An authenticated caller, so that removing jwt.sub leaves out a subject that would otherwise be there.
        http.BearerToken = idp.CreateToken(Audience, subject: "alice");
        var session = await http.InitializeAsync(cancellationToken: ct);
        using (var call = await http.PostAsync("/mcp", McpHttp.EchoBody("hi"), session, protocolVersion: "2025-11-25", cancellationToken: ct))
        {
            await call.Content.ReadAsStringAsync(ct);
        }

        string[] lines = [];
        await Poll.UntilAsync(() =>
        {
            lines = [.. gateway.Logs.Entries.Where(e => e.Category == "agentgateway.access").Select(e => e.Message)];
            return lines.Any(l => l.Contains("tools/call", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10), () => string.Join(Environment.NewLine, lines), ct);

        var callLine = Assert.Single(lines, l => l.Contains("mcp.method=tools/call", StringComparison.Ordinal));
        Assert.Matches("^POST /mcp 200 route=[0-9]+/listener0/route0 mcp.method=tools/call mcp.target=a mcp.name=echo$", callLine);
        Assert.DoesNotContain("alice", callLine, StringComparison.Ordinal);
        var entry = Assert.Single(gateway.Logs.Entries, e => e.Category == "agentgateway.access" && e.Message == callLine);
        var names = entry.State.Select(p => p.Key).ToList();
        Assert.DoesNotContain("DurationMs", names);
        Assert.DoesNotContain("McpSession", names);
        Assert.DoesNotContain("Subject", names);
        Assert.Contains("McpName", names);
    }

    [Fact]
    public void FieldsRemove_UnknownName_IsAConfigurationErrorListingTheNames()
    {
        var result = new AgentGateway.Config.Loading.ConfigLoader(_ => null).LoadText(
            "config: {logging: {fields: {remove: [route, latency]}}}\nmcp: {targets: [{name: a, stdio: {cmd: npx}}]}\n", "t.yaml");
        var error = Assert.Single(result.Errors);
        Assert.Equal("config.logging.fields.remove[1]", error.Path);
        Assert.Contains("'latency'", error.Message, StringComparison.Ordinal);
        Assert.Contains("mcp.session", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResourceUri_IsLoggedWithoutItsQuery()
    {
        var ct = TestContext.Current.CancellationToken;
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.TestServer("a")}}]}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);
        using (var read = await http.PostAsync("/mcp", McpHttp.RequestBody("resources/read", """{"uri":"test://doc/1?token=s3cr3t-value"}"""), session,
            protocolVersion: "2025-11-25", cancellationToken: ct))
        {
            await read.Content.ReadAsStringAsync(ct);
        }

        string[] lines = [];
        await Poll.UntilAsync(() =>
        {
            lines = [.. gateway.Logs.Entries.Where(e => e.Category == "agentgateway.access").Select(e => e.Message)];
            return lines.Any(l => l.Contains("resources/read", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10), () => string.Join(Environment.NewLine, lines), ct);

        Assert.Contains(lines, l => l.Contains("mcp.name=test://doc/1 mcp.session=", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("s3cr3t-value", StringComparison.Ordinal));
    }

    [Fact]
    public void CelFilter_ThatDoesNotCompile_IsAConfigurationError()
    {
        var result = new AgentGateway.Config.Loading.ConfigLoader(_ => null).LoadText(
            "config: {logging: {filter: 'respons.code >= 400'}}\nmcp: {targets: [{name: a, stdio: {cmd: npx}}]}\n", "t.yaml");
        var error = Assert.Single(result.Errors);
        Assert.Equal("config.logging.filter", error.Path);
        Assert.Contains("respons", error.Message, StringComparison.Ordinal);
    }
}
