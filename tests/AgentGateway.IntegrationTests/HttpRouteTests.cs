using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// Plain HTTP routes end to end: a real upstream Kestrel on loopback, the gateway forwarding to it with YARP, and
/// HttpClient as the caller. Forwarding, weights, errors (502/504), retries, direct responses, URL rewrites, and the
/// route policies (jwtAuth, authorization) on an HTTP route.
/// </summary>
public sealed class HttpRouteTests
{
    private const string Audience = "http-api";

    private static string Route(string backends, string policies = "", string matches = "") => $$"""
        binds:
        - port: {port}
          listeners:
          - routes:
            - name: api
        {{Indent(matches, 6)}}
        {{Indent(policies, 6)}}
              backends:
        {{Indent(backends, 6)}}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));

    /// <summary>An upstream that answers with a JSON description of what it received.</summary>
    private static Task<HttpUpstream> StartEchoAsync(CancellationToken ct, string name = "echo") => HttpUpstream.StartAsync(async context =>
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = new JsonObject();
        foreach (var (key, value) in context.Request.Headers)
        {
            headers[key.ToLowerInvariant()] = value.ToString();
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers["x-upstream"] = name;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["name"] = name,
            ["method"] = context.Request.Method,
            ["path"] = context.Request.Path.Value,
            ["query"] = context.Request.QueryString.Value,
            ["body"] = body,
            ["headers"] = headers,
        }.ToJsonString(), context.RequestAborted);
    }, ct);

    [Fact]
    public async Task Forward_MethodPathQueryHeadersAndBody_ReachTheUpstream_AndItsAnswerComesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await StartEchoAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(Route($"- host: {upstream.Address}"), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/items/7?a=1&b=two%20words");
        request.Headers.Add("X-Test", "hello");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Content = new StringContent("payload-ä", Encoding.UTF8, "text/plain");
        using var response = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("echo", response.Headers.GetValues("x-upstream").Single());
        var seen = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("PUT", (string?)seen["method"]);
        Assert.Equal("/api/items/7", (string?)seen["path"]);
        Assert.Equal("?a=1&b=two%20words", (string?)seen["query"]);
        Assert.Equal("payload-ä", (string?)seen["body"]);
        Assert.Equal("hello", (string?)seen["headers"]!["x-test"]);
        Assert.Equal("text/plain; charset=utf-8", (string?)seen["headers"]!["content-type"]);
        // X-Forwarded-* as YARP's default transform sets them: the client's own X-Forwarded-For is replaced, not trusted.
        Assert.Equal("127.0.0.1", (string?)seen["headers"]!["x-forwarded-for"]);
        Assert.Equal("http", (string?)seen["headers"]!["x-forwarded-proto"]);
        Assert.Equal($"127.0.0.1:{gateway.Port}", (string?)seen["headers"]!["x-forwarded-host"]);
        Assert.Equal(upstream.Address, (string?)seen["headers"]!["host"]);
    }

    [Fact]
    public async Task Weights_ManyRequests_SplitInProportion_AndWeightZeroGetsNone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var light = await StartEchoAsync(ct, "light");
        await using var heavy = await StartEchoAsync(ct, "heavy");
        await using var off = await StartEchoAsync(ct, "off");
        var yaml = Route($"""
            - host: {light.Address}
            - host: {heavy.Address}
              weight: 3
            - host: {off.Address}
              weight: 0
            """);
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        const int total = 400;
        for (var i = 0; i < total; i++)
        {
            using var response = await client.GetAsync("/", ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Expected share 0.75; one standard deviation is about 0.022 at 400 requests, so ±0.1 fails by chance about once in 10^5 runs.
        var share = heavy.Requests / (double)total;
        Assert.InRange(share, 0.65, 0.85);
        Assert.Equal(total, light.Requests + heavy.Requests);
        Assert.Equal(0, off.Requests);
    }

    [Fact]
    public async Task DeadUpstream_Gets502_FromTheGatewaysErrorWriter()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dead = new DeadPort();
        await using var gateway = await GatewayTestHost.StartAsync(Route($"- host: 127.0.0.1:{dead.Port}"), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using var response = await client.GetAsync("/anything", ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("bad_gateway", (string?)body["error"]);
    }

    [Theory]
    [InlineData("backendRequestTimeout")]
    [InlineData("requestTimeout")]
    public async Task SlowUpstream_Timeout_Gets504(string key)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var slow = await HttpUpstream.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            await context.Response.WriteAsync("too late", context.RequestAborted);
        }, ct);
        await using var gateway = await GatewayTestHost.StartAsync(Route($"- host: {slow.Address}", $"policies:\n  timeout: {{{key}: 500ms}}"), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/slow", ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("gateway_timeout", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["error"]);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Timeout_CountsUntilTheHeaders_ABodyThatKeepsComingIsNotCutOff()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var trickle = await HttpUpstream.StartAsync(async context =>
        {
            await context.Response.WriteAsync("start;", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            for (var i = 0; i < 4; i++)
            {
                await Task.Delay(300, context.RequestAborted);
                await context.Response.WriteAsync("more;", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }, ct);
        await using var gateway = await GatewayTestHost.StartAsync(Route($"- host: {trickle.Address}", "policies:\n  timeout: {requestTimeout: 500ms}"), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        Assert.Equal("start;more;more;more;more;", await client.GetStringAsync("/", ct));
    }

    [Fact]
    public async Task Retry_On503ThenSuccess_SendsAgain_AndCountsTheRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        var failures = 2;
        await using var flaky = await HttpUpstream.StartAsync(async context =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("busy", context.RequestAborted);
                return;
            }

            await context.Response.WriteAsync("finally", context.RequestAborted);
        }, ct);
        var yaml = "config:\n  statsAddr: 127.0.0.1:{statsPort}\n"
            + Route($"- host: {flaky.Address}", "policies:\n  retry: {attempts: 3, backoff: 20ms, codes: [503]}");
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using var response = await client.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("finally", await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(3, flaky.Requests);
        var metrics = await client.GetStringAsync(new Uri(gateway.StatsUri!, "metrics"), ct);
        Assert.Contains($"agentgateway_retries_total{{reason=\"status\",route=\"{gateway.Port}/listener0/api\"}} 2", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_AttemptsExhausted_PassesTheLastAnswerOn_AndARequestWithABodyIsSentOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var down = await HttpUpstream.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("still busy", context.RequestAborted);
        }, ct);
        await using var gateway = await GatewayTestHost.StartAsync(
            Route($"- host: {down.Address}", "policies:\n  retry: {attempts: 2, codes: [503]}"), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using (var response = await client.GetAsync("/", ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("still busy", await response.Content.ReadAsStringAsync(ct));
        }

        Assert.Equal(2, down.Requests);

        using (var post = await client.PutAsync("/", new StringContent("body"), ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        }

        Assert.Equal(3, down.Requests);
    }

    [Fact]
    public async Task Retry_ConnectFailure_GoesToAnotherPick()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var alive = await StartEchoAsync(ct);
        using var dead = new DeadPort();
        var yaml = "config:\n  statsAddr: 127.0.0.1:{statsPort}\n"
            + Route($"- host: 127.0.0.1:{dead.Port}\n  weight: 1\n- host: {alive.Address}\n  weight: 4", "policies:\n  retry: {attempts: 10, codes: []}");
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        // A pick is dead with probability 1/5: a request fails only after 10 dead picks (1 in 10^7), and among 40
        // requests some first pick is dead, so retried, except about once in 10^4 runs.
        for (var i = 0; i < 40; i++)
        {
            using var response = await client.GetAsync("/", ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"request {i}: {response.StatusCode}{Environment.NewLine}{gateway.Logs.Dump()}");
        }

        var metrics = await client.GetStringAsync(new Uri(gateway.StatsUri!, "metrics"), ct);
        Assert.Matches($"agentgateway_retries_total\\{{reason=\"connect\",route=\"{gateway.Port}/listener0/api\"\\}} [1-9]", metrics);
    }

    [Fact]
    public async Task DirectResponse_AnswersWithoutABackend()
    {
        var ct = TestContext.Current.CancellationToken;
        var yaml = """
            binds:
            - port: {port}
              listeners:
              - routes:
                - matches: [{path: {exact: /healthz}}]
                  policies:
                    directResponse: {status: 200, body: "b2s="}  # "ok"
                - policies:
                    directResponse: {status: 503, body: "ZG93biBmb3IgbWFpbnRlbmFuY2U="}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using var health = await client.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync(ct));

        using var other = await client.PostAsync("/anything/else", new StringContent("x"), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, other.StatusCode);
        Assert.Equal("down for maintenance", await other.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task UrlRewrite_Prefix_ReplacesTheMatchedPrefix_KeepingRestAndQuery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await StartEchoAsync(ct);
        var yaml = Route($"- host: {upstream.Address}", "policies:\n  urlRewrite: {path: {prefix: /v2}, authority: {full: api.internal:8080}}",
            "matches:\n- path: {pathPrefix: /api/}");
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        var seen = JsonNode.Parse(await client.GetStringAsync("/api/users/42?x=1", ct))!;
        Assert.Equal("/v2/users/42", (string?)seen["path"]);
        Assert.Equal("?x=1", (string?)seen["query"]);
        Assert.Equal("api.internal:8080", (string?)seen["headers"]!["host"]);

        var root = JsonNode.Parse(await client.GetStringAsync("/api", ct))!;
        Assert.Equal("/v2", (string?)root["path"]);
    }

    [Fact]
    public async Task UrlRewrite_Full_ReplacesThePath_KeepingTheQuery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await StartEchoAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(
            Route($"- host: {upstream.Address}", "policies:\n  urlRewrite: {path: {full: /status}}"), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        var seen = JsonNode.Parse(await client.GetStringAsync("/some/deep/path?verbose=true", ct))!;

        Assert.Equal("/status", (string?)seen["path"]);
        Assert.Equal("?verbose=true", (string?)seen["query"]);
        Assert.Equal(upstream.Address, (string?)seen["headers"]!["host"]);
    }

    [Fact]
    public async Task JwtAuthAndAuthorization_OnAnHttpRoute_RefuseAndAllow_AndTheTokenIsNotForwarded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var upstream = await StartEchoAsync(ct);
        var policies = $"""
            policies:
              jwtAuth:
                mode: strict
                issuer: {idp.Issuer}
                audiences: [{Audience}]
                jwks: {"{"}url: {idp.JwksUrl}{"}"}
              authorization:
                rules: ['jwt.sub == "alice"']
            """;
        await using var gateway = await GatewayTestHost.StartAsync(Route($"- host: {upstream.Address}", policies), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using (var anonymous = await client.GetAsync("/data", ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var bob = new HttpRequestMessage(HttpMethod.Get, "/data"))
        {
            bob.Headers.Authorization = new("Bearer", idp.CreateToken(Audience, subject: "bob"));
            using var refused = await client.SendAsync(bob, ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(0, upstream.Requests);
        using var alice = new HttpRequestMessage(HttpMethod.Get, "/data");
        alice.Headers.Authorization = new("Bearer", idp.CreateToken(Audience, subject: "alice"));
        using var allowed = await client.SendAsync(alice, ct);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var seen = JsonNode.Parse(await allowed.Content.ReadAsStringAsync(ct))!;
        Assert.Null(seen["headers"]!["authorization"]);
    }

    [Fact]
    public async Task JwtAuth_CookieLocation_TheTokenCookieIsNotForwarded_OtherCookiesAre()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var upstream = await StartEchoAsync(ct);
        var policies = $"""
            policies:
              jwtAuth:
                mode: strict
                location: {"{"}cookie: {"{"}name: session{"}"}{"}"}
                issuer: {idp.Issuer}
                audiences: [{Audience}]
                jwks: {"{"}url: {idp.JwksUrl}{"}"}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(Route($"- host: {upstream.Address}", policies), ct);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = gateway.BaseUri };

        using var request = new HttpRequestMessage(HttpMethod.Get, "/data");
        request.Headers.Add("Cookie", $"theme=dark; session={idp.CreateToken(Audience, subject: "alice")}; lang=en");
        using var allowed = await client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var seen = JsonNode.Parse(await allowed.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("theme=dark; lang=en", seen["headers"]!["cookie"]!.GetValue<string>());
    }

    [Fact]
    public async Task RateLimitAndHeaderModifiers_OnAnHttpRoute_ApplyAsOnMcpRoutes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await StartEchoAsync(ct);
        const string policies = """
            policies:
              localRateLimit:
              - {maxTokens: 2, tokensPerFill: 1, fillInterval: 1h}
              requestHeaderModifier: {set: {x-tenant: blue}, remove: [x-debug]}
              responseHeaderModifier: {set: {x-served-by: agentgateway}, remove: [x-upstream]}
            """;
        await using var gateway = await GatewayTestHost.StartAsync(Route($"- host: {upstream.Address}", policies), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/data");
            request.Headers.Add("x-debug", "1");
            using var response = await client.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("agentgateway", response.Headers.GetValues("x-served-by").Single());
            Assert.False(response.Headers.Contains("x-upstream"));
            Assert.Equal((1 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("x-ratelimit-remaining").Single());
            var seen = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            Assert.Equal("blue", seen["headers"]!["x-tenant"]!.GetValue<string>());
            Assert.Null(seen["headers"]!["x-debug"]);
        }

        using var refused = await client.GetAsync("/data", ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("agentgateway", refused.Headers.GetValues("x-served-by").Single());
        Assert.Equal(2, upstream.Requests);
    }

    [Fact]
    public async Task BackendAuth_Key_IsSentToTheHttpBackend()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await StartEchoAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(
            Route($"- host: {upstream.Address}\n  policies:\n    backendAuth: {{key: s3cret}}"), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        var seen = JsonNode.Parse(await client.GetStringAsync("/", ct))!;

        Assert.Equal("Bearer s3cret", (string?)seen["headers"]!["authorization"]);
    }

    [Fact]
    public async Task Cors_OnAnHttpRoute_PreflightAnsweredByTheGateway_AndAnErrorStillCarriesTheHeaders()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await StartEchoAsync(ct);
        using var dead = new DeadPort();
        var yaml = $$$"""
            binds:
            - port: {port}
              listeners:
              - policies:
                  cors: {allowOrigins: ["https://app.example.com"], allowHeaders: [x-test]}
                routes:
                - matches: [{path: {pathPrefix: /down}}]
                  backends: [{host: "127.0.0.1:{{{dead.Port}}}"}]
                - backends: [{host: "{{{upstream.Address}}}"}]
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/data");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using (var answer = await client.SendAsync(preflight, ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.Equal("https://app.example.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        Assert.Equal(0, upstream.Requests);
        foreach (var (path, status) in new[] { ("/data", HttpStatusCode.Created), ("/down", HttpStatusCode.BadGateway) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", "https://app.example.com");
            using var response = await client.SendAsync(request, ct);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("https://app.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task McpAuthentication_OnAnHttpRoute_TheGatewayServesItsOAuthMetadata_OtherWellKnownPathsGoToTheBackend()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var upstream = await StartEchoAsync(ct);
        var yaml = Route($"- host: {upstream.Address}", $"policies:\n  mcpAuthentication: {idp.McpAuthentication(Audience)}", "matches:\n- path: {pathPrefix: /api}\n- path: {pathPrefix: /.well-known}");
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        using (var challenge = await client.GetAsync("/api/data", ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
            Assert.Contains("/.well-known/oauth-protected-resource/api/data", challenge.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        var metadata = JsonNode.Parse(await client.GetStringAsync("/.well-known/oauth-protected-resource/api/data", ct))!;
        Assert.Equal(idp.Issuer, (string?)metadata["authorization_servers"]![0]);
        Assert.Equal(0, upstream.Requests);

        // Not an OAuth document: the backend's, behind the route's authentication like any other path.
        using var other = new HttpRequestMessage(HttpMethod.Get, "/.well-known/security.txt");
        other.Headers.Authorization = new("Bearer", idp.CreateToken(Audience));
        using var forwarded = await client.SendAsync(other, ct);
        Assert.Equal(HttpStatusCode.Created, forwarded.StatusCode);
        Assert.Equal("/.well-known/security.txt", (string?)JsonNode.Parse(await forwarded.Content.ReadAsStringAsync(ct))!["path"]);
    }

    [Fact]
    public async Task WellKnownPath_OnAnHttpRoute_GoesToTheBackend()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await StartEchoAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(Route($"- host: {upstream.Address}"), ct);
        using var client = new HttpClient { BaseAddress = gateway.BaseUri };

        var seen = JsonNode.Parse(await client.GetStringAsync("/.well-known/openid-configuration", ct))!;

        Assert.Equal("/.well-known/openid-configuration", (string?)seen["path"]);
    }
}
