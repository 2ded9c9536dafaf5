using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// <c>config.mcp.maxSessions</c>: however clients behave (initializing without end, never deleting, inventing
/// capabilities for session-less requests), the gateway runs at most that many sessions, and so that many sets of
/// stdio processes. Idle sessions make room for new ones; busy ones are never ended for another.
/// </summary>
public sealed class SessionLimitTests
{
    private const string Audience = "https://gateway.test/mcp";
    private static readonly TimeSpan s_processTimeout = TimeSpan.FromSeconds(20);

    private static string Config(int maxSessions, string backendOptions, string target) =>
        $"config:\n  mcp: {{maxSessions: {maxSessions}}}\n" + Targets.Config(backendOptions, target);

    /// <summary>
    /// One route in front of test server "a", with <paramref name="mcpSettings"/> as <c>config.mcp</c>, bearer tokens of
    /// <paramref name="idp"/> required, and <paramref name="backendOptions"/> (e.g. <c>"statefulMode: stateless,"</c>) on the backend.
    /// </summary>
    private static string AuthenticatedConfig(TestIdentityProvider idp, string mcpSettings, string backendOptions = "") =>
        $"config:\n  mcp: {mcpSettings}\n" + $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {{{backendOptions}} targets: [{{Targets.TestServer("a")}}]}
                  policies:
                    mcpAuthentication: {{idp.McpAuthentication(Audience)}}
            """;

    /// <summary>A client of <paramref name="gateway"/> presenting a token of <paramref name="idp"/> for <paramref name="subject"/>.</summary>
    private static McpHttp Caller(GatewayTestHost gateway, TestIdentityProvider idp, string subject)
    {
        var http = gateway.CreateHttp();
        http.BearerToken = idp.CreateToken(Audience, subject: subject);
        return http;
    }

    private static Task<HttpResponseMessage> EchoAsync(McpHttp http, string session, string message, CancellationToken ct) =>
        http.PostAsync("/mcp", McpHttp.EchoBody(message), session, protocolVersion: "2025-11-25", cancellationToken: ct);

    private static Task WaitForProcessCountAsync(string marker, int count, CancellationToken ct) =>
        Poll.UntilAsync(() => ProcessTable.FindByCommandLine(marker).Count == count, s_processTimeout,
            () => $"expected {count} server process(es), found {ProcessTable.FindByCommandLine(marker).Count}", ct);

    [Fact]
    public async Task AtTheLimit_TheSessionIdleForLongestEnds_ItsProcessStops_AndItsClientGets404()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "limit-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayTestHost.StartAsync(Config(2, "", Targets.TestServer("a", instructions: marker)), ct);
        using var http = gateway.CreateHttp();

        var first = await http.InitializeAsync(cancellationToken: ct);
        var second = await http.InitializeAsync(cancellationToken: ct);
        using (var used = await EchoAsync(http, first, "first is used last", ct))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        await WaitForProcessCountAsync(marker, 2, ct);
        var third = await http.InitializeAsync(cancellationToken: ct);

        // The second session was idle for longest: it ended with its process, and its id is now unknown.
        await WaitForProcessCountAsync(marker, 2, ct);
        using (var gone = await EchoAsync(http, second, "evicted", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        foreach (var session in (string[])[first, third])
        {
            using var answer = await EchoAsync(http, session, "still here", ct);
            Assert.Equal("Echo: still here", (await McpHttp.ReadMessageAsync(answer, ct))["result"]!["content"]![0]!["text"]!.GetValue<string>());
        }

        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 2402 && e.Message.Contains("2 sessions (config.mcp.maxSessions)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AtTheLimit_ACallerOpeningSessionsWithoutEnd_MakesRoomFromItsOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(AuthenticatedConfig(idp, "{maxSessions: 3}"), ct);
        using var bob = Caller(gateway, idp, "bob");
        using var alice = Caller(gateway, idp, "alice");

        // Bob's one session is the one idle for longest; Alice then opens session after session.
        var bobs = await bob.InitializeAsync(cancellationToken: ct);
        var alices = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            alices.Add(await alice.InitializeAsync(cancellationToken: ct));
        }

        using (var bobsCall = await EchoAsync(bob, bobs, "still mine", ct))
        {
            Assert.Equal(HttpStatusCode.OK, bobsCall.StatusCode);
        }

        // Alice keeps her two latest; her older ones made room, one after the other.
        for (var i = 0; i < alices.Count; i++)
        {
            using var call = await EchoAsync(alice, alices[i], "mine?", ct);
            Assert.Equal(i < 3 ? HttpStatusCode.NotFound : HttpStatusCode.OK, call.StatusCode);
        }
    }

    [Fact]
    public async Task ACallerAtItsOwnLimit_MakesRoomFromItsIdleSessions_AndGets429WhenAllAreBusy_WhileOthersStillStart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(AuthenticatedConfig(idp, "{maxSessions: 10, maxSessionsPerCaller: 2}"), ct);
        using var alice = Caller(gateway, idp, "alice");
        using var bob = Caller(gateway, idp, "bob");

        // Alice's third session takes the place of her own one idle for longest, far below the gateway's limit.
        var first = await alice.InitializeAsync(cancellationToken: ct);
        var second = await alice.InitializeAsync(cancellationToken: ct);
        var third = await alice.InitializeAsync(cancellationToken: ct);
        using (var gone = await EchoAsync(alice, first, "evicted", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 2404 && e.Message.Contains("2 sessions (config.mcp.maxSessionsPerCaller)", StringComparison.Ordinal));

        // Both of her sessions listen on their GET streams: her next one is refused, with 429 (hers to fix), not 503.
        using var secondStream = await alice.SendAsync(HttpMethod.Get, "/mcp", second, "text/event-stream", "2025-11-25", cancellationToken: ct);
        var thirdStream = await alice.SendAsync(HttpMethod.Get, "/mcp", third, "text/event-stream", "2025-11-25", cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, thirdStream.StatusCode);
        using (var refused = await alice.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
            Assert.Null(McpHttp.SessionId(refused));
            var error = await McpHttp.ReadMessageAsync(refused, ct);
            Assert.Equal(-32054, error["error"]!["code"]!.GetValue<int>());
            Assert.Contains("the most MCP sessions one caller may", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 2405 && e.Level == LogLevel.Warning);

        // Bob is not held back by Alice, and Alice's sessions are all still there.
        var bobs = await bob.InitializeAsync(cancellationToken: ct);
        using (var bobsCall = await EchoAsync(bob, bobs, "mine", ct))
        {
            Assert.Equal(HttpStatusCode.OK, bobsCall.StatusCode);
        }

        using (var kept = await EchoAsync(alice, second, "kept", ct))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }

        // One of her streams closes: that session makes room for her next one (the gateway notices asynchronously).
        thirdStream.Dispose();
        await Poll.UntilAsync(async () =>
        {
            using var response = await alice.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), () => "Alice's new session was still refused after her stream closed", ct);

        using var evicted = await EchoAsync(alice, third, "evicted", ct);
        Assert.Equal(HttpStatusCode.NotFound, evicted.StatusCode);
    }

    [Fact]
    public async Task SessionlessRequests_CountForTheirCaller_WhileItsOnlySessionIsBusyTheNextGets429()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var idp = await TestIdentityProvider.StartAsync(ct);
        await using var gateway = await GatewayTestHost.StartAsync(
            AuthenticatedConfig(idp, "{maxSessions: 10, maxSessionsPerCaller: 1}", "statefulMode: stateless,"), ct);
        using var alice = Caller(gateway, idp, "alice");
        using var bob = Caller(gateway, idp, "bob");
        Task<HttpResponseMessage> Call(McpHttp http, string body) => http.PostAsync("/mcp", body, protocolVersion: "2025-11-25", cancellationToken: ct);

        // Alice's one place is held by her slow call (its upstream rented for the request): it sends a progress
        // notification, so its answer is an SSE stream whose headers arrive while the call still runs. Her next request
        // needs another place and is refused, until the slow call gives its upstream back.
        using var slow = await Call(alice, McpHttp.RequestBody("tools/call",
            """{"name":"progress","arguments":{"steps":1,"delayMs":3000},"_meta":{"progressToken":"p"}}"""));
        Assert.Equal("text/event-stream", slow.Content.Headers.ContentType?.MediaType);
        using (var refused = await Call(alice, McpHttp.EchoBody("second")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(-32054, (await McpHttp.ReadMessageAsync(refused, ct))["error"]!["code"]!.GetValue<int>());
        }

        using (var bobs = await Call(bob, McpHttp.EchoBody("bob")))
        {
            Assert.Equal("Echo: bob", (await McpHttp.ReadMessageAsync(bobs, ct))["result"]!["content"]![0]!["text"]!.GetValue<string>());
        }

        Assert.Equal("done", (await McpHttp.ReadMessageAsync(slow, ct))["result"]!["content"]![0]!["text"]!.GetValue<string>());

        // Her place came back before the slow call's answer was written: asked the moment she has read it, her next
        // request gets the warm upstream, not a 429.
        using var after = await Call(alice, McpHttp.EchoBody("after"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var answer = await McpHttp.ReadMessageAsync(after, ct);
        Assert.Equal("Echo: after", answer!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        // And so for every request she sends back to back, each the instant the one before is answered.
        for (var i = 0; i < 30; i++)
        {
            using var next = await Call(alice, McpHttp.EchoBody($"next {i}"));
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.Equal($"Echo: next {i}", (await McpHttp.ReadMessageAsync(next, ct))["result"]!["content"]![0]!["text"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task WhenEverySessionIsBusy_ANewOneGets503WithRetryAfter_UntilOneIsFree()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "limit-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayTestHost.StartAsync(Config(2, "", Targets.TestServer("a", instructions: marker)), ct);
        using var http = gateway.CreateHttp();
        var first = await http.InitializeAsync(cancellationToken: ct);
        var second = await http.InitializeAsync(cancellationToken: ct);

        // Both clients listen on their GET streams, as the SDK clients do: both sessions are in use.
        var firstStream = await http.SendAsync(HttpMethod.Get, "/mcp", first, "text/event-stream", "2025-11-25", cancellationToken: ct);
        using var secondStream = await http.SendAsync(HttpMethod.Get, "/mcp", second, "text/event-stream", "2025-11-25", cancellationToken: ct);
        Assert.Equal(HttpStatusCode.OK, firstStream.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondStream.StatusCode);

        foreach (var (method, path, body) in new[] { (HttpMethod.Post, "/mcp", McpHttp.InitializeBody()), (HttpMethod.Get, "/sse", null) })
        {
            using var refused = body is null
                ? await http.SendAsync(method, path, accept: "text/event-stream", cancellationToken: ct)
                : await http.PostAsync(path, body, cancellationToken: ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
            Assert.Null(McpHttp.SessionId(refused));
            var error = await McpHttp.ReadMessageAsync(refused, ct);
            Assert.Equal(-32053, error["error"]!["code"]!.GetValue<int>());
            Assert.Contains("limit of MCP sessions", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(2, ProcessTable.FindByCommandLine(marker).Count);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Id == 2403 && e.Level == LogLevel.Warning);

        // The first client goes away: its session is idle again and makes room (the gateway notices the closed stream
        // asynchronously, so poll, bounded).
        firstStream.Dispose();
        string? third = null;
        await Poll.UntilAsync(async () =>
        {
            using var response = await http.PostAsync("/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
            third = McpHttp.SessionId(response);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), () => "a new session was still refused after the first client left", ct);

        await WaitForProcessCountAsync(marker, 2, ct);
        using (var gone = await EchoAsync(http, first, "evicted", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using var answer = await EchoAsync(http, second, "busy sessions are kept", ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task SessionlessRequestsWithMadeUpCapabilities_NeverRunMoreThanTheLimit()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "limit-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayTestHost.StartAsync(Config(3, "", Targets.TestServer("a", instructions: marker)), ct);
        using var http = gateway.CreateHttp();

        // Each 2026-07-28 request names other client capabilities: each needs upstreams of its own (a pool key of its own).
        for (var i = 0; i < 10; i++)
        {
            var capabilities = "{\"experimental\":{\"x" + i + "\":{}}}";
            var body = McpHttp.RequestBody("tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"message\":\"m" + i + "\"},\"_meta\":{\"io.modelcontextprotocol/clientCapabilities\":" + capabilities + "}}", id: i + 1);
            using var response = await http.PostAsync("/mcp", body, protocolVersion: "2026-07-28", cancellationToken: ct);
            Assert.Equal($"Echo: m{i}", (await McpHttp.ReadMessageAsync(response, ct))["result"]!["content"]![0]!["text"]!.GetValue<string>());
            Assert.InRange(ProcessTable.FindByCommandLine(marker).Count, 1, 3);
        }

        await WaitForProcessCountAsync(marker, 3, ct);
    }

    [Fact]
    public async Task SessionlessRequest_ClientLeavesWhileAnUpstreamStarts_EveryProcessEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = "limit-" + Guid.NewGuid().ToString("N");
        // Two targets: one answers initialize at once, the other never does.
        var silent = $"{{name: silent, stdio: {{cmd: sh, args: [-c, {Targets.Q("sleep 300; echo " + marker)}]}}}}";
        var config = Config(10, "statefulMode: stateless", Targets.TestServer("fast", instructions: marker) + ", " + silent);
        await using var gateway = await GatewayTestHost.StartAsync(config, ct);
        using var http = gateway.CreateHttp();

        using (var leave = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var call = http.PostAsync("/mcp", McpHttp.EchoBody("never answered", tool: "fast_echo"), protocolVersion: "2025-11-25", cancellationToken: leave.Token);
            await WaitForProcessCountAsync(marker, 2, ct);
            await Task.Delay(TimeSpan.FromSeconds(2), ct); // the fast one has answered initialize by now
            await leave.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        await ProcessTable.WaitUntilGoneAsync(marker, s_processTimeout, ct);
    }
}
