using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// <c>localRateLimit</c> end to end: a limit per <c>jwt.sub</c> with real tokens (one caller throttled, another not),
/// the 429 and its headers, a limit per tool inside an MCP session through the official client (a JSON-RPC error, and
/// the session goes on), and a listener's limit shared by its routes.
/// </summary>
public sealed class RateLimitTests(HttpTestServerFixture server) : IDisposable
{
    private const string Audience = "https://api.example.com";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task PerJwtSub_OneCallerIsThrottled_AnotherIsNot_With429Headers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync($$"""
            config:
              statsAddr: 127.0.0.1:{statsPort}
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.Http(HttpTestServerFixture.Name, server.McpUri)}}]}
                  policies:
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
                    localRateLimit:
                    - {maxTokens: 2, tokensPerFill: 1, fillInterval: 1h, key: jwt.sub}
            """, ct);
        using var alice = gateway.CreateHttp();
        alice.BearerToken = idp.CreateToken(Audience, subject: "alice");
        using var bob = gateway.CreateHttp();
        bob.BearerToken = idp.CreateToken(Audience, subject: "bob");

        foreach (var remaining in new[] { 1, 0 })
        {
            using var ok = await alice.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{ok.StatusCode} {ok.Headers} {await ok.Content.ReadAsStringAsync(ct)}");
            Assert.Equal("2", Header(ok, "x-ratelimit-limit"));
            Assert.Equal(remaining.ToString(CultureInfo.InvariantCulture), Header(ok, "x-ratelimit-remaining"));
            AssertResetWithinTheHour(Header(ok, "x-ratelimit-reset"));
        }

        using (var refused = await alice.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("2", Header(refused, "x-ratelimit-limit"));
            Assert.Equal("0", Header(refused, "x-ratelimit-remaining"));
            var reset = Header(refused, "x-ratelimit-reset");
            AssertResetWithinTheHour(reset);
            Assert.Equal(reset, Header(refused, "retry-after"));
            var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync(ct))!;
            Assert.Equal("rate_limited", (string?)body["error"]);
            Assert.Equal($"rate limit exceeded; retry after {reset} s", (string?)body["error_description"]);
        }

        // Bob has his own bucket.
        using (var bobOk = await bob.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, bobOk.StatusCode);
            Assert.Equal("1", Header(bobOk, "x-ratelimit-remaining"));
        }

        var metrics = await _http.GetStringAsync(new Uri(gateway.StatsUri!, "metrics"), ct);
        var route = $"{gateway.Port}/listener0/route0";
        Assert.Contains($"agentgateway_ratelimited_requests_total{{route=\"{route}\",scope=\"http\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"agentgateway_requests_total{{method=\"POST\",reason=\"rate_limited\",route=\"{route}\",status=\"429\"}} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerTool_InsideASession_RefusedCallGetsAJsonRpcError_AndTheSessionGoesOn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync($$"""
            config:
              statsAddr: 127.0.0.1:{statsPort}
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.Http(HttpTestServerFixture.Name, server.McpUri)}}]}
                  policies:
                    localRateLimit:
                    - {maxTokens: 1, tokensPerFill: 1, fillInterval: 1h, key: mcp.tool.name}
            """, ct);
        await using var client = await gateway.ConnectAsync(cancellationToken: ct);

        Assert.Equal("Echo: one", await client.CallTextAsync("echo", McpClientTestExtensions.Message("one"), ct));
        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("echo", McpClientTestExtensions.Message("two"), cancellationToken: ct).AsTask());
        Assert.Equal(-32029, (int)refused.ErrorCode);
        Assert.Contains("Rate limit exceeded for tool 'echo'; retry after ", refused.Message, StringComparison.Ordinal);

        // The same session goes on: other tools have their own buckets, and lists are not calls.
        Assert.Equal("5", await client.CallTextAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 }, ct));
        Assert.Contains(await client.ListToolsAsync(cancellationToken: ct), t => t.Name == "echo");
        await client.PingAsync(cancellationToken: ct);

        // The key is the tool alone, so another session shares the bucket of echo.
        await using var other = await gateway.ConnectAsync(cancellationToken: ct);
        await Assert.ThrowsAsync<McpProtocolException>(() => other.CallToolAsync("echo", McpClientTestExtensions.Message("three"), cancellationToken: ct).AsTask());

        var metrics = await _http.GetStringAsync(new Uri(gateway.StatsUri!, "metrics"), ct);
        Assert.Contains($"agentgateway_ratelimited_requests_total{{route=\"{gateway.Port}/listener0/route0\",scope=\"mcp\"}} 2\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerTool_RawRefusal_CarriesRetryAfterInTheErrorData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync($$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Targets.Http(HttpTestServerFixture.Name, server.McpUri)}}]}
                  policies:
                    localRateLimit: [{maxTokens: 1, tokensPerFill: 1, fillInterval: 1h, key: 'jwt.sub + "/" + mcp.tool.name'}]
            """, ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        using (var first = await http.PostAsync("/mcp", McpHttp.EchoBody("a"), session, cancellationToken: ct))
        {
            Assert.NotNull((await McpHttp.ReadMessageAsync(first, ct))["result"]);
        }

        // Anonymous: jwt.sub errors, so every anonymous caller counts in the rule's one shared bucket.
        using var second = await http.PostAsync("/mcp", McpHttp.EchoBody("b"), session, cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var error = (await McpHttp.ReadMessageAsync(second, ct))["error"]!;
        Assert.Equal(-32029, (int)error["code"]!);
        AssertResetWithinTheHour(((long)error["data"]!["retryAfter"]!).ToString(CultureInfo.InvariantCulture));
        Assert.False(second.Headers.Contains("x-ratelimit-limit"));
    }

    [Fact]
    public async Task ListenerLimit_IsSharedByItsRoutes_AndARouteOwnLimitReplacesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var target = Targets.Http(HttpTestServerFixture.Name, server.McpUri);
        await using var gateway = await GatewayTestHost.StartAsync($$$"""
            binds:
            - port: {port}
              listeners:
              - policies:
                  localRateLimit: [{maxTokens: 1, tokensPerFill: 1, fillInterval: 1h}]
                routes:
                - name: a
                  matches: [{path: {pathPrefix: /a}}]
                  backends: [{mcp: {targets: [{{{target}}}]}}]
                - name: b
                  matches: [{path: {pathPrefix: /b}}]
                  backends: [{mcp: {targets: [{{{target}}}]}}]
                - name: own
                  matches: [{path: {pathPrefix: /own}}]
                  backends: [{mcp: {targets: [{{{target}}}]}}]
                  policies:
                    localRateLimit: [{maxTokens: 5, tokensPerFill: 1, fillInterval: 1h}]
            """, ct);
        using var http = gateway.CreateHttp();

        using (var a = await http.PostAsync("/a/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        }

        using (var b = await http.PostAsync("/b/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, b.StatusCode);
        }

        using var own = await http.PostAsync("/own/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("5", Header(own, "x-ratelimit-limit"));
        Assert.Equal("4", Header(own, "x-ratelimit-remaining"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"no '{name}' header");

    /// <summary>
    /// The seconds to the next refill of a bucket made during this test with a one-hour interval: 3600 rounded up from
    /// the time left. Not exact, because the bucket's clock is the real one; a test slower than ten seconds still passes.
    /// </summary>
    private static void AssertResetWithinTheHour(string value)
    {
        var seconds = long.Parse(value, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 3590, 3600);
    }
}
