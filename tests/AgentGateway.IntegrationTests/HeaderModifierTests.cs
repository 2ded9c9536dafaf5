using System.Net;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// <c>requestHeaderModifier</c> and <c>responseHeaderModifier</c> end to end: response edits on every response of the
/// route (JSON, SSE, discovery documents, 401, 429), request edits seen by the authorization rules, and a target's request edits arriving
/// at a real HTTP MCP server.
/// </summary>
public sealed class HeaderModifierTests(HttpTestServerFixture server)
{
    private const string Audience = "https://api.example.com";

    [Fact]
    public async Task ResponseModifier_AppliesToEveryResponseOfTheRoute_IncludingErrorsAndEventStreams()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync($$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.Http(HttpTestServerFixture.Name, server.McpUri)}}]}
                  policies:
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
                    localRateLimit: [{maxTokens: 3, tokensPerFill: 1, fillInterval: 1h}]
                    responseHeaderModifier:
                      set: {x-served-by: agentgateway}
                      add: {x-extra: one}
                      remove: [cache-control, x-ratelimit-reset]
            """, ct);
        using var http = gateway.CreateHttp();

        // 401 (its cache-control: no-store removed, as configured).
        using (var unauthorized = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            AssertEdited(unauthorized);
            Assert.False(unauthorized.Headers.Contains("Cache-Control"));
        }

        // A discovery document of the route.
        using (var metadata = await http.SendAsync(HttpMethod.Get, "/.well-known/oauth-protected-resource/mcp", cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
            AssertEdited(metadata);
        }

        http.BearerToken = idp.CreateToken(Audience);
        var session = await http.InitializeAsync(cancellationToken: ct);       // two tokens: initialize, initialized

        // An event stream: headers are sent before the first event.
        using (var stream = await http.SendAsync(HttpMethod.Get, "/mcp", session, accept: "text/event-stream", cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
            AssertEdited(stream);
            Assert.Equal("0", Assert.Single(stream.Headers.GetValues("x-ratelimit-remaining")));
            Assert.False(stream.Headers.Contains("x-ratelimit-reset"));
        }

        using var limited = await http.PostAsync("/mcp", McpHttp.EchoBody("x"), session, cancellationToken: ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        AssertEdited(limited);
    }

    [Fact]
    public async Task RequestModifier_RunsBeforeTheAuthorizationRules()
    {
        var ct = TestContext.Current.CancellationToken;
        var target = Targets.Http(HttpTestServerFixture.Name, server.McpUri);
        const string Rules = """authorization: {rules: [{require: 'request.headers["x-role"] == "admin"'}, {deny: '"x-blocked" in request.headers'}]}""";
        await using var gateway = await GatewayTestHost.StartAsync($$$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - name: edited
                  matches: [{path: {pathPrefix: /edited}}]
                  backends: [{mcp: {targets: [{{{target}}}]}}]
                  policies:
                    {{{Rules}}}
                    requestHeaderModifier: {set: {x-role: admin}, remove: [x-blocked]}
                - name: plain
                  matches: [{path: {pathPrefix: /plain}}]
                  backends: [{mcp: {targets: [{{{target}}}]}}]
                  policies:
                    {{{Rules}}}
            """, ct);
        using var http = gateway.CreateHttp();
        (string, string)[] headers = [("x-role", "user"), ("x-blocked", "1"), ("Accept", McpHttp.BothAccept)];

        using var edited = await SendInitializeAsync(gateway, "/edited/mcp", headers, ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        using var plain = await SendInitializeAsync(gateway, "/plain/mcp", headers, ct);
        Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
    }

    [Fact]
    public async Task TargetRequestModifier_EditsWhatIsSentToThatTarget_AndTheRouteModifierStaysAtTheGateway()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync($$$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp:
                      targets:
                      - name: {{{HttpTestServerFixture.Name}}}
                        mcp: {host: {{{Targets.Q(server.McpUri.ToString())}}}}
                        policies:
                          requestHeaderModifier: {set: {x-api-key: key-1, user-agent: agentgateway-test}, add: {x-team: blue}}
                  policies:
                    requestHeaderModifier: {set: {x-route: r}}
                    # The route's edit is made at the gateway: its rules see it (a client without it would get 403)...
                    authorization: {rules: ['request.headers["x-route"] == "r"']}
            """, ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Equal("key-1", await Header(client, "x-api-key"));
        Assert.Equal("blue", await Header(client, "x-team"));
        Assert.Equal("agentgateway-test", await Header(client, "user-agent"));
        Assert.Equal("none", await Header(client, "x-route")); // ...and stays there: the target never sees it.

        async Task<string> Header(ModelContextProtocol.Client.McpClient c, string name) =>
            await c.CallTextAsync("header", new Dictionary<string, object?> { ["name"] = name }, ct);
    }

    private static void AssertEdited(HttpResponseMessage response)
    {
        Assert.Equal("agentgateway", Assert.Single(response.Headers.GetValues("x-served-by")));
        Assert.Equal("one", Assert.Single(response.Headers.GetValues("x-extra")));
    }

    private static async Task<HttpResponseMessage> SendInitializeAsync(GatewayTestHost gateway, string path, IEnumerable<(string Name, string Value)> headers, CancellationToken ct)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url(path)) { Content = new StringContent(McpHttp.InitializeBody(), System.Text.Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request, ct);
    }
}
