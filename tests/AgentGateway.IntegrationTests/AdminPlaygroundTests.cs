using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// What the web UI stands on, over real HTTP on the admin address: <c>/requests</c> (the data plane's recent requests,
/// bounded, newest first, no token), <c>/routes</c>, <c>/cel/evaluate</c> (values, compile errors with their position, size
/// limits) and the MCP playground relay <c>/playground/mcp</c> (the bearer token and the session id pass through, SSE answers
/// are streamed back, other origins are refused), the UI's static files, and the admin address's refusal of rebound host names.
/// </summary>
public sealed class AdminPlaygroundTests : IAsyncLifetime
{
    private const string Audience = "agentgateway-admin-tests";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private TestIdentityProvider _idp = null!;

    public async ValueTask InitializeAsync() => _idp = await TestIdentityProvider.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _idp.DisposeAsync();
    }

    private Task<GatewayTestHost> StartAsync(CancellationToken ct, IReadOnlyDictionary<string, string>? env = null) => GatewayTestHost.StartAsync($$"""
        config:
          adminAddr: 127.0.0.1:{adminPort}
        binds:
        - port: {port}
          listeners:
          - routes:
            - name: tools
              matches:
              - path: {pathPrefix: /mcp}
              policies:
                mcpAuthentication: {{_idp.McpAuthentication(Audience)}}
              backends:
              - mcp: {targets: [{{Targets.TestServer("a", env: env)}}]}
        """, ct);

    private static string RouteKey(GatewayTestHost gateway) => $"{gateway.Port}/listener0/tools";

    private static string RelayPath(GatewayTestHost gateway) => "playground/mcp?route=" + Uri.EscapeDataString(RouteKey(gateway));

    [Fact]
    public async Task Requests_AfterTraffic_AreBoundedNewestFirstWithMcpFieldsAndNoToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(ct);
        var token = _idp.CreateToken(Audience, subject: "alice");

        // More requests than the ring keeps: the oldest are dropped.
        for (var i = 0; i < 205; i++)
        {
            using var _ = await _http.GetAsync(gateway.Url("/nothing-here"), ct);
        }

        using (var anonymous = gateway.CreateHttp())
        {
            using var refused = await anonymous.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using (var client = await gateway.ConnectAsync(bearerToken: token, cancellationToken: ct))
        {
            Assert.Equal("Echo: hi", await client.CallTextAsync("echo", McpClientTestExtensions.Message("hi"), ct));
        }

        var text = await _http.GetStringAsync(new Uri(gateway.AdminUri!, "requests"), ct);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!;
        Assert.Equal(200, (int)body["capacity"]!);
        var requests = body["requests"]!.AsArray();
        Assert.Equal(200, requests.Count);
        Assert.True((long)body["total"]! >= 208, text[..200]);
        var sequences = requests.Select(r => (long)r!["sequence"]!).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.Equal((long)body["total"]!, sequences[0]);

        var call = Assert.Single(requests, r => (string?)r!["mcpMethod"] == "tools/call")!;
        Assert.Equal(RouteKey(gateway), (string?)call["route"]);
        Assert.Equal("POST", (string?)call["method"]);
        Assert.Equal("/mcp", (string?)call["path"]);
        Assert.Equal(200, (int)call["status"]!);
        Assert.Equal("ok", (string?)call["reason"]);
        Assert.Equal("a", (string?)call["mcpTarget"]);
        Assert.Equal("echo", (string?)call["mcpName"]);
        Assert.Equal("alice", (string?)call["subject"]);
        Assert.Equal(8, ((string?)call["session"])!.Length);
        Assert.Contains(requests, r => (int)r!["status"]! == 401 && (string?)r["reason"] == "authentication" && r["subject"] is null);

        var limited = JsonNode.Parse(await _http.GetStringAsync(new Uri(gateway.AdminUri!, "requests?limit=3"), ct))!;
        Assert.Equal(3, limited["requests"]!.AsArray().Count);
    }

    [Fact]
    public async Task Routes_ListTheRouteWithItsEndpointAndTheBindsRedacted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(ct, new Dictionary<string, string> { ["API_KEY"] = "sk-very-secret-value" });

        var text = await _http.GetStringAsync(new Uri(gateway.AdminUri!, "routes"), ct);
        Assert.DoesNotContain("sk-very-secret-value", text, StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!;

        var route = Assert.Single(body["routes"]!.AsArray())!;
        Assert.Equal(RouteKey(gateway), (string?)route["key"]);
        Assert.Equal($"http://127.0.0.1:{gateway.Port}/mcp", (string?)route["url"]);
        Assert.True((bool)route["authenticated"]!);
        Assert.Equal("a", (string?)route["targets"]![0]);
        var bind = Assert.Single(body["binds"]!.AsArray())!;
        Assert.Equal(gateway.Port, (int)bind["port"]!);
        var route0 = bind["listeners"]![0]!["routes"]![0]!;
        Assert.Equal("tools", (string?)route0["name"]);
        Assert.Equal("<redacted>", (string?)route0["backends"]![0]!["mcp"]!["targets"]![0]!["stdio"]!["env"]!["API_KEY"]);
    }

    [Fact]
    public async Task Ui_ServesThePageAndItsModulesWithAStrictContentSecurityPolicy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(ct);

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await noRedirects.GetAsync(new Uri(gateway.AdminUri!, "ui"), ct);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("/ui/", redirect.Headers.Location?.ToString());

        using var page = await _http.GetAsync(new Uri(gateway.AdminUri!, "ui/"), ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var script = await _http.GetAsync(new Uri(gateway.AdminUri!, "ui/mcp-client.js"), ct);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.AdminUri!, "ui/mcp-client.js"));
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var notModified = await _http.SendAsync(again, ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var missing = await _http.GetAsync(new Uri(gateway.AdminUri!, "ui/nope.js"), ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // The data plane does not serve the UI.
        using var dataPlane = await _http.GetAsync(gateway.Url("/ui/"), ct);
        Assert.NotEqual("text/html", dataPlane.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CelEvaluate_ValueCompileErrorAndLimits()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(ct);

        var (status, body) = await EvaluateAsync(gateway, """{"expression": "'read' in jwt.permissions && auth.claims.sub == 'alice'", "claims": {"sub": "alice", "permissions": ["read"]}}""", ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("true", (string?)body["value"]);
        Assert.Equal("bool", (string?)body["type"]);
        Assert.True((bool)body["matches"]!);

        (status, body) = await EvaluateAsync(gateway, """{"expression": "mcp.tool.name + '@' + request.headers['x-team']", "environment": "mcpAuthorization", "mcp": {"name": "echo"}, "request": {"headers": {"X-Team": "blue"}}}""", ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("\"echo@blue\"", (string?)body["value"]);
        Assert.False((bool)body["matches"]!);

        (status, body) = await EvaluateAsync(gateway, """{"expression": "jwt.sub == 'a' &&\n  jwtt.x"}""", ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("compile", (string?)body["error"]!["kind"]);
        Assert.Equal(2, (int)body["error"]!["line"]!);
        Assert.Equal(3, (int)body["error"]!["column"]!);
        Assert.Contains("jwtt", (string?)body["error"]!["message"], StringComparison.Ordinal);

        (status, body) = await EvaluateAsync(gateway, """{"expression": "mcp.tool.name == 'echo'"}""", ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status); // mcp is not a variable of authorization rules
        Assert.Equal("compile", (string?)body["error"]!["kind"]);

        (status, body) = await EvaluateAsync(gateway, """{"expression": "jwt.missing == 1", "claims": {}}""", ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("evaluation", (string?)body["error"]!["kind"]);

        (status, body) = await EvaluateAsync(gateway, $$"""{"expression": "{{new string('1', 5000)}}"}""", ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("limit", (string?)body["error"]!["kind"]);

        (status, _) = await EvaluateAsync(gateway, $$$"""{"expression": "true", "claims": {"big": "{{{new string('x', 70 * 1024)}}}"}}""", ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);

        (status, _) = await EvaluateAsync(gateway, "not json", ct);
        Assert.Equal(HttpStatusCode.BadRequest, status);

        (status, _) = await EvaluateAsync(gateway, """{"expression": "true"}""", ct, origin: "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Relay_WithoutToken_PassesTheRoutesChallengeBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(ct);
        using var relay = new McpHttp(gateway.AdminUri!);

        using var response = await relay.PostAsync(RelayPath(gateway), McpHttp.InitializeBody(), cancellationToken: ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("resource_metadata=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_WithToken_ForwardsItKeepsTheSessionAndStreamsSse()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(ct);
        var token = _idp.CreateToken(Audience, subject: "relay-user");
        using var relay = new McpHttp(gateway.AdminUri!) { BearerToken = token };
        var path = RelayPath(gateway);

        var session = await relay.InitializeAsync(path, ct);

        // An answer preceded by progress notifications comes back as an event stream, event by event.
        using (var response = await relay.PostAsync(path,
            McpHttp.RequestBody("tools/call", """{"name":"progress","arguments":{"steps":3,"delayMs":30},"_meta":{"progressToken":"p-1"}}""", id: 5),
            session, protocolVersion: GatewayTestHost.SessionProtocolVersion, cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var events = new List<JsonNode>();
            await foreach (var data in McpHttp.ReadEventsAsync(response, ct))
            {
                events.Add(JsonNode.Parse(data)!);
            }

            Assert.Equal(3, events.Count(e => (string?)e["method"] == "notifications/progress"));
            Assert.Equal("done", (string?)events[^1]["result"]!["content"]![0]!["text"]);
        }

        // The session is the gateway's: the same id works directly on the listener, and DELETE through the relay ends it.
        using (var direct = gateway.CreateHttp())
        {
            direct.BearerToken = token;
            using var echo = await direct.PostAsync("/mcp", McpHttp.EchoBody("direct"), session, protocolVersion: GatewayTestHost.SessionProtocolVersion, cancellationToken: ct);
            Assert.Equal("Echo: direct", (string?)(await McpHttp.ReadMessageAsync(echo, ct))["result"]!["content"]![0]!["text"]);
        }

        using (var deleted = await relay.SendAsync(HttpMethod.Delete, path, session, protocolVersion: GatewayTestHost.SessionProtocolVersion, cancellationToken: ct))
        {
            Assert.True(deleted.IsSuccessStatusCode, $"DELETE: {(int)deleted.StatusCode}");
        }

        using (var gone = await relay.PostAsync(path, McpHttp.EchoBody("x"), session, protocolVersion: GatewayTestHost.SessionProtocolVersion, cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        // The relay's requests are the route's like any client's: in /requests with the token's subject, never the token.
        var requests = await _http.GetStringAsync(new Uri(gateway.AdminUri!, "requests"), ct);
        Assert.Contains("\"subject\": \"relay-user\"", requests, StringComparison.Ordinal);
        Assert.DoesNotContain(token, requests, StringComparison.Ordinal);
        Assert.DoesNotContain(token, gateway.Logs.Dump(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_UnknownRouteOrOtherOrigin_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(ct);
        using var relay = new McpHttp(gateway.AdminUri!);

        using var unknown = await relay.PostAsync("playground/mcp?route=" + Uri.EscapeDataString("1/x/y"), McpHttp.InitializeBody(), cancellationToken: ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.AdminUri!, RelayPath(gateway)))
        {
            Content = new StringContent(McpHttp.InitializeBody(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", McpHttp.BothAccept);
        request.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        using var crossOrigin = await _http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Forbidden, crossOrigin.StatusCode);
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.Forbidden)]
    [InlineData("admin.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("[::1]", HttpStatusCode.OK)]
    public async Task AdminAddress_OnLoopback_AnswersOnlyLoopbackHostNames(string host, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(ct);

        // A page of evil.example whose name was rebound to 127.0.0.1 sends its own name as Host (and would be same-origin).
        foreach (var path in (string[])["ui/", "config_dump", "routes"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.AdminUri!, path));
            request.Headers.Host = $"{host}:{gateway.AdminUri!.Port}";
            using var response = await _http.SendAsync(request, ct);
            Assert.Equal(expected, response.StatusCode);
        }
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> EvaluateAsync(GatewayTestHost gateway, string json, CancellationToken ct, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.AdminUri!, "cel/evaluate"))
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, JsonNode.Parse(text)!);
    }
}
