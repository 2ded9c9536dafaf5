using System.Net;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The streamable HTTP rules at the HTTP level: session ids, status codes, headers. One gateway for the class with
/// three routes, all in front of the shared in-process HTTP test server: <c>/a</c> and <c>/b</c> (stateful) and
/// <c>/stateless</c> (<c>statefulMode: stateless</c>).
/// </summary>
public sealed class SessionProtocolTests : IClassFixture<SessionProtocolTests.Gateway>
{
    private readonly Gateway _gateway;

    public SessionProtocolTests(Gateway gateway)
    {
        _gateway = gateway;
    }

    private McpHttp Http() => _gateway.Host.CreateHttp();

    [Fact]
    public async Task Initialize_StatefulRoute_ReturnsVisibleAsciiSessionIdOfAtLeast32Chars()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/a/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        var body = await McpHttp.ReadMessageAsync(response, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = McpHttp.SessionId(response);
        Assert.NotNull(id);
        Assert.True(id.Length >= 32, $"session id too short: '{id}'");
        Assert.All(id, c => Assert.InRange(c, '\x21', '\x7e'));
        Assert.Equal(1, (int)body["id"]!);
        Assert.Equal("2025-11-25", (string?)body["result"]!["protocolVersion"]);
    }

    [Fact]
    public async Task Initialize_TwoSessions_GetDifferentIds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        var first = await http.InitializeAsync("/a/mcp", ct);
        var second = await http.InitializeAsync("/a/mcp", ct);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Post_WithinSession_AnswersWithJson()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();
        var session = await http.InitializeAsync("/a/mcp", ct);

        using var response = await http.PostAsync("/a/mcp", McpHttp.EchoBody("raw"), session, protocolVersion: "2025-11-25", cancellationToken: ct);
        var body = await McpHttp.ReadMessageAsync(response, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (int)body["id"]!);
        Assert.Equal("Echo: raw", (string?)body["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Post_WithoutSessionId_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/a/mcp", McpHttp.EchoBody("x"), cancellationToken: ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await McpHttp.ReadMessageAsync(response, ct))["error"]);
    }

    [Fact]
    public async Task Post_UnknownSessionId_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/a/mcp", McpHttp.EchoBody("x"), "no-such-session-" + Guid.NewGuid().ToString("N"), cancellationToken: ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Delete_Session_Returns200AndTheIdIsThen404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();
        var session = await http.InitializeAsync("/a/mcp", ct);

        using var delete = await http.SendAsync(HttpMethod.Delete, "/a/mcp", session, cancellationToken: ct);
        using var after = await http.PostAsync("/a/mcp", McpHttp.EchoBody("x"), session, cancellationToken: ct);
        using var deleteAgain = await http.SendAsync(HttpMethod.Delete, "/a/mcp", session, cancellationToken: ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
    }

    [Fact]
    public async Task Post_SessionIdOfAnotherRoute_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();
        var sessionOfA = await http.InitializeAsync("/a/mcp", ct);

        using var onB = await http.PostAsync("/b/mcp", McpHttp.EchoBody("x"), sessionOfA, cancellationToken: ct);
        using var onA = await http.PostAsync("/a/mcp", McpHttp.EchoBody("x"), sessionOfA, cancellationToken: ct);

        Assert.Equal(HttpStatusCode.NotFound, onB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onA.StatusCode);
    }

    [Fact]
    public async Task Post_Notification_Returns202WithoutBody()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();
        var session = await http.InitializeAsync("/a/mcp", ct);

        using var response = await http.PostAsync(
            "/a/mcp", """{"jsonrpc":"2.0","method":"notifications/roots/list_changed"}""", session, cancellationToken: ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(ct));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    [InlineData("application/json-seq, text/event-stream")]
    [InlineData("application/json, text/event-streams")]
    [InlineData(null)]
    public async Task Post_AcceptMissingAType_Returns406(string? accept)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/a/mcp", McpHttp.InitializeBody(), accept: accept, cancellationToken: ct);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Null(McpHttp.SessionId(response));
    }

    [Theory]
    [InlineData("application/json, text/event-stream")]
    [InlineData("TEXT/EVENT-STREAM,application/json")]
    [InlineData("*/*")]
    [InlineData("application/json;q=1, text/*")]
    public async Task Post_AcceptListingBothTypes_Initializes(string accept)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/a/mcp", McpHttp.InitializeBody(), accept: accept, cancellationToken: ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(McpHttp.SessionId(response));
    }

    [Fact]
    public async Task Post_TextPlainContentType_Returns415()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/a/mcp", McpHttp.InitializeBody(), contentType: "text/plain", cancellationToken: ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_UnsupportedProtocolVersionHeader_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();
        var session = await http.InitializeAsync("/a/mcp", ct);

        using var response = await http.PostAsync("/a/mcp", McpHttp.EchoBody("x"), session, protocolVersion: "1999-01-01", cancellationToken: ct);
        var body = await McpHttp.ReadMessageAsync(response, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1999-01-01", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")]
    [InlineData("not json at all")]
    public async Task Post_MalformedJson_Returns400WithParseError(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/a/mcp", body, cancellationToken: ct);
        var answer = await McpHttp.ReadMessageAsync(response, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32700, (int)answer["error"]!["code"]!);
    }

    [Fact]
    public async Task Get_WithSession_OpensEventStreamAndASecondGetIs409()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();
        var session = await http.InitializeAsync("/a/mcp", ct);

        using var first = await http.SendAsync(HttpMethod.Get, "/a/mcp", session, "text/event-stream", cancellationToken: ct);
        using var second = await http.SendAsync(HttpMethod.Get, "/a/mcp", session, "text/event-stream", cancellationToken: ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/event-stream", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Get_AfterTheStreamCloses_CanReopen()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();
        var session = await http.InitializeAsync("/a/mcp", ct);
        using (var first = await http.SendAsync(HttpMethod.Get, "/a/mcp", session, "text/event-stream", cancellationToken: ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // The server notices the closed connection asynchronously: poll (bounded) until a new GET is accepted.
        var status = HttpStatusCode.Conflict;
        await Poll.UntilAsync(
            async () =>
            {
                using var again = await http.SendAsync(HttpMethod.Get, "/a/mcp", session, "text/event-stream", cancellationToken: ct);
                status = again.StatusCode;
                return status == HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(10),
            () => $"GET still answered {(int)status}",
            ct);
    }

    [Fact]
    public async Task Get_WithoutSession_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.SendAsync(HttpMethod.Get, "/a/mcp", accept: "text/event-stream", cancellationToken: ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Initialize_StatelessRoute_ReturnsNoSessionId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/stateless/mcp", McpHttp.InitializeBody(), cancellationToken: ct);
        var body = await McpHttp.ReadMessageAsync(response, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(McpHttp.SessionId(response));
        Assert.NotNull(body["result"]!["serverInfo"]);
    }

    [Fact]
    public async Task CallTool_StatelessRouteWithoutSession_Works()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.PostAsync("/stateless/mcp", McpHttp.EchoBody("no session", id: 5), cancellationToken: ct);
        var body = await McpHttp.ReadMessageAsync(response, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, (int)body["id"]!);
        Assert.Equal("Echo: no session", (string?)body["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Get_StatelessRoute_Returns405()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();

        using var response = await http.SendAsync(HttpMethod.Get, "/stateless/mcp", accept: "text/event-stream", cancellationToken: ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task CallTool_StatelessRouteSample_FailsPromptlyInsteadOfWaitingForAnAnswerThatCannotCome()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Http();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        // The capabilities say the client samples, so the upstream does ask; without a session the answer could never
        // come back, so the gateway must refuse the upstream's request at once.
        using var response = await http.PostAsync(
            "/stateless/mcp",
            McpHttp.RequestBody(
                "tools/call",
                """{"name":"sample","arguments":{"prompt":"hi"},"_meta":{"io.modelcontextprotocol/clientCapabilities":{"sampling":{}}}}""",
                id: 9),
            cancellationToken: bound.Token);
        var body = await McpHttp.ReadMessageAsync(response, bound.Token);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        Assert.Equal(9, (int)body["id"]!);
        Assert.True(body["error"] is not null || (bool?)body["result"]?["isError"] == true, body.ToJsonString());
    }

    [Fact]
    public async Task Client_StatelessRoute_ListsAndCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await _gateway.Host.ConnectAsync("/stateless/mcp", cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);

        Assert.Null(client.SessionId);
        Assert.Contains("echo", tools.Select(t => t.Name));
        Assert.Equal("Echo: s", await client.CallTextAsync("echo", McpClientTestExtensions.Message("s"), ct));
    }

    /// <summary>The gateway with routes <c>/a</c>, <c>/b</c> and <c>/stateless</c>, shared by the class.</summary>
    public sealed class Gateway(HttpTestServerFixture server) : IAsyncLifetime
    {
        public GatewayTestHost Host { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var target = Targets.Http("t", server.McpUri);
            Host = await GatewayTestHost.StartAsync(
                $$$"""
                binds:
                - port: {port}
                  listeners:
                  - routes:
                    - name: a
                      matches: [{path: {pathPrefix: /a}}]
                      backends: [{mcp: {targets: [{{{target}}}]}}]
                    - name: b
                      matches: [{path: {pathPrefix: /b}}]
                      backends: [{mcp: {targets: [{{{target}}}]}}]
                    - name: stateless
                      matches: [{path: {pathPrefix: /stateless}}]
                      backends: [{mcp: {targets: [{{{target}}}], statefulMode: stateless}}]
                """,
                TestContext.Current.CancellationToken);
        }

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
