using System.Net;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// The relay's byte path: a transparent backend (one stdio target, no prefixing, no per-call policies, no tracing)
/// relays a request with only its id replaced, and the answer back the same way. A small node script is the target: it
/// logs every line it reads, and its <c>echo</c> answer carries an extra top-level member, which only a byte-for-byte
/// relay keeps. The same requests through a backend that is not transparent (the parsed path) must give the same answers.
/// </summary>
public sealed class RawRelayTests : IDisposable
{
    private const string Script = """
        const fs = require('fs');
        const log = process.argv[2];
        const send = (m, end) => process.stdout.write(JSON.stringify(m) + (end ?? '\n'));
        require('readline').createInterface({ input: process.stdin }).on('line', line => {
          fs.appendFileSync(log, line + '\n');
          const m = JSON.parse(line);
          if (m.id === undefined || m.method === undefined) return;
          const p = m.params || {};
          switch (m.method) {
            case 'initialize':
              return send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: p.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'raw', version: '1' } } });
            case 'tools/list':
              return send({ jsonrpc: '2.0', id: m.id, result: { tools: ['echo', 'never', 'progress'].map(name => ({ name, inputSchema: { type: 'object' } })) } });
            case 'tools/call':
              if (p.name === 'never') return;
              if (p.name === 'progress') {
                const token = p._meta.progressToken;
                process.stdout.write(
                  JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1, total: 2 } }) + '\n' +
                  JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 2, total: 2 } }) + '\n' +
                  JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'progressed' + ((p.arguments || {}).pad || '') }] } }) + '\n');
                return;
              }
              return send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: JSON.stringify(p.arguments) }] }, 'x-extra': { id: 'upstream', n: [1, 2] } }, '\r\n');
            default:
              return send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'unknown ' + m.method } });
          }
        });
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("agw-rawrelay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Target(string name)
    {
        var script = Path.Combine(_dir, "server.js");
        if (!File.Exists(script))
        {
            File.WriteAllText(script, Script);
        }

        return Targets.NodeScript(name, script, LogOf(name));
    }

    private string LogOf(string target) => Path.Combine(_dir, target + ".log");

    /// <summary>The lines the target read that contain <paramref name="marker"/>.</summary>
    private string[] LinesWith(string target, string marker) =>
        File.ReadAllLines(LogOf(target)).Where(l => l.Contains(marker, StringComparison.Ordinal)).ToArray();

    private static async Task<(HttpResponseMessage Response, string Body)> PostAsync(McpHttp http, string session, string body, CancellationToken ct)
    {
        var response = await http.PostAsync("/mcp", body, session, cancellationToken: ct);
        return (response, await response.Content.ReadAsStringAsync(ct));
    }

    private static string Transparent(string target) => Targets.Config("", target);

    [Theory]
    [InlineData("\"client-\\\"quoted\\\"-\\u00e9\"")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("-17")]
    [InlineData("9007199254740993")]
    public async Task ClientId_ComesBackExactlyAsWritten_AndExtraTopLevelMembersReachTheClient(string clientId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Transparent(Target("raw")), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        var (response, body) = await PostAsync(http, session,
            $$$$"""{"jsonrpc":"2.0","id":{{{{clientId}}}},"method":"tools/call","params":{"name":"echo","arguments":{"m":"hi"}}}""", ct);

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(body.Length, response.Content.Headers.ContentLength); // ASCII body
        }

        Assert.Contains("\"id\":" + clientId + ",", body, StringComparison.Ordinal); // the very bytes of the client's id
        var answer = JsonNode.Parse(body)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(clientId), answer["id"]), body);
        Assert.Equal("""{"m":"hi"}""", (string?)answer["result"]!["content"]![0]!["text"]);
        Assert.Equal("upstream", (string?)answer["x-extra"]!["id"]);
        Assert.DoesNotContain("\r", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrettyPrintedBody_UpstreamReadsOneLine_NestedIdUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Transparent(Target("raw")), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);
        var request = "{\r\n  \"jsonrpc\": \"2.0\",\n  \"id\": \"pretty-1\",\n  \"method\": \"tools/call\",\n  \"params\": {\n    \"name\": \"echo\",\n"
            + "    \"arguments\": {\"id\": \"nested-id\", \"marker\": \"pp-marker\", \"text\": \"a\\nb\"}\n  }\n}\n";

        var (response, body) = await PostAsync(http, session, request, ct);

        response.Dispose();
        var answer = JsonNode.Parse(body)!;
        Assert.Equal("pretty-1", (string?)answer["id"]);
        var arguments = JsonNode.Parse((string)answer["result"]!["content"]![0]!["text"]!)!;
        Assert.Equal("nested-id", (string?)arguments["id"]);
        Assert.Equal("a\nb", (string?)arguments["text"]);

        var line = Assert.Single(LinesWith("raw", "pp-marker"));
        var received = JsonNode.Parse(line)!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, received["id"]!.GetValueKind()); // the gateway's id upstream
        Assert.Equal("nested-id", (string?)received["params"]!["arguments"]!["id"]);
        // Only the id changed: the client's spacing is still there, with its line breaks made spaces.
        Assert.Contains("\"params\": {     \"name\": \"echo\",", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamNeverAnswers_JsonRpcErrorWithTheClientsIdAfterTheRequestTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync("config: {mcp: {requestTimeout: 1s}}\n" + Transparent(Target("raw")), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (response, body) = await PostAsync(http, session, """{"jsonrpc":"2.0","id":"wait-\"1\"","method":"tools/call","params":{"name":"never"}}""", ct);

        response.Dispose();
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        var answer = JsonNode.Parse(body)!;
        Assert.Equal("wait-\"1\"", (string?)answer["id"]);
        Assert.Contains("within 1 s", (string?)answer["error"]!["message"], StringComparison.Ordinal);

        // The session still works.
        var (again, next) = await PostAsync(http, session, """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{}}}""", ct);
        again.Dispose();
        Assert.Equal(2, (int)JsonNode.Parse(next)!["id"]!);
    }

    [Fact]
    public async Task ProgressRightBeforeTheAnswer_EventStreamWithEveryProgressThenTheAnswerUnderTheClientsId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Transparent(Target("raw")), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        // Several rounds: the target writes both progress notifications and the answer at once, the tightest order.
        for (var round = 0; round < 10; round++)
        {
            using var response = await http.PostAsync("/mcp",
                $$$$"""{"jsonrpc":"2.0","id":"p-{{{{round}}}}","method":"tools/call","params":{"name":"progress","_meta":{"progressToken":{{{{round}}}}}}}""", session, cancellationToken: ct);

            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var events = new List<JsonNode>();
            await foreach (var data in McpHttp.ReadEventsAsync(response, ct))
            {
                events.Add(JsonNode.Parse(data)!);
            }

            var dump = string.Join(Environment.NewLine, events.Select(e => e.ToJsonString()));
            var progress = events.Where(e => (string?)e["method"] == "notifications/progress").ToList();
            Assert.True(progress.Count == 2, $"round {round}: {dump}");
            Assert.All(progress, p => Assert.Equal(round, (int)p["params"]!["progressToken"]!));
            Assert.Equal($"p-{round}", (string?)events[^1]["id"]);
            Assert.Equal("progressed", (string?)events[^1]["result"]!["content"]![0]!["text"]);
        }
    }

    [Fact]
    public async Task LargeRequestAndAnswers_JsonAndEventStream_ComeThroughWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Transparent(Target("raw")), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);
        var big = string.Concat(Enumerable.Range(0, 100_000).Select(i => (char)('a' + (i % 26)))) + "\u00e9-end";
        var bigJson = Targets.Q(big);

        var (json, echoed) = await PostAsync(http, session,
            """{"jsonrpc":"2.0","id":"big-1","method":"tools/call","params":{"name":"echo","arguments":{"s":""" + bigJson + "}}}", ct);
        json.Dispose();
        var answer = JsonNode.Parse(echoed)!;
        Assert.Equal("big-1", (string?)answer["id"]);
        Assert.Equal(big, (string?)JsonNode.Parse((string)answer["result"]!["content"]![0]!["text"]!)!["s"]);

        using var sse = await http.PostAsync("/mcp",
            """{"jsonrpc":"2.0","id":"big-2","method":"tools/call","params":{"name":"progress","arguments":{"pad":""" + bigJson + """},"_meta":{"progressToken":"t"}}}""",
            session, cancellationToken: ct);
        Assert.Equal("text/event-stream", sse.Content.Headers.ContentType?.MediaType);
        var events = new List<JsonNode>();
        await foreach (var data in McpHttp.ReadEventsAsync(sse, ct))
        {
            events.Add(JsonNode.Parse(data)!);
        }

        Assert.Equal("big-2", (string?)events[^1]["id"]);
        Assert.Equal("progressed" + big, (string?)events[^1]["result"]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task PingAndUnknownMethod_AnsweredUnderTheClientsId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayTestHost.StartAsync(Transparent(Target("raw")), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        var (ping, pong) = await PostAsync(http, session, """{"jsonrpc":"2.0","id":"ping-1","method":"ping"}""", ct);
        ping.Dispose();
        var (unknown, error) = await PostAsync(http, session, """{"jsonrpc":"2.0","id":11,"method":"x/unknown","params":{}}""", ct);
        unknown.Dispose();

        Assert.Equal("ping-1", (string?)JsonNode.Parse(pong)!["id"]);
        Assert.NotNull(JsonNode.Parse(pong)!["result"]);
        Assert.Empty(LinesWith("raw", "ping-1")); // answered by the gateway
        Assert.Equal(11, (int)JsonNode.Parse(error)!["id"]!);
        Assert.Equal(-32601, (int)JsonNode.Parse(error)!["error"]!["code"]!);
        Assert.Single(LinesWith("raw", "x/unknown"));
    }

    [Fact]
    public async Task McpAuthorization_AllowedCallGoesAsBytes_RefusedCallAnsweredAsUnknownAndNeverSent()
    {
        var ct = TestContext.Current.CancellationToken;
        var yaml = $$"""
            binds:
            - port: {port}
              listeners:
              - routes:
                - backends:
                  - mcp: {targets: [{{Target("raw")}}]}
                  policies:
                    mcpAuthorization:
                      rules:
                      - 'has(mcp.tool) && mcp.tool.name == "echo"'
            """;
        await using var gateway = await GatewayTestHost.StartAsync(yaml, ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        var (r1, allowed) = await PostAsync(http, session,
            """{"jsonrpc":"2.0","id":"auth-1","method":"tools/call","params":{"name":"echo","arguments":{"m":"ok"}}}""", ct);
        r1.Dispose();
        var (r2, refused) = await PostAsync(http, session,
            """{"jsonrpc":"2.0","id":"auth-2","method":"tools/call","params":{"name":"never","arguments":{"marker":"refused-marker"}}}""", ct);
        r2.Dispose();
        var (r3, listed) = await PostAsync(http, session, """{"jsonrpc":"2.0","id":"auth-3","method":"tools/list"}""", ct);
        r3.Dispose();

        var answer = JsonNode.Parse(allowed)!;
        Assert.Equal("auth-1", (string?)answer["id"]);
        Assert.Equal("upstream", (string?)answer["x-extra"]!["id"]); // the upstream's bytes: the byte path, with access rules
        var error = JsonNode.Parse(refused)!;
        Assert.Equal("auth-2", (string?)error["id"]);
        Assert.Equal(-32602, (int)error["error"]!["code"]!);
        Assert.Equal("Unknown tool: never", (string?)error["error"]!["message"]);
        Assert.Empty(LinesWith("raw", "refused-marker")); // refused before it could reach the target
        // Lists are filtered, so they take the parsed path: only what the rules allow is shown.
        Assert.Equal(["echo"], JsonNode.Parse(listed)!["result"]!["tools"]!.AsArray().Select(t => (string?)t!["name"]));
    }

    [Theory]
    [InlineData("prefixMode: always", "raw_")]
    [InlineData("", "raw_", "other")]
    public async Task NotTransparent_SameRequests_SameAnswers(string backendOptions, string prefix, string? second = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var targets = second is null ? new[] { Target("raw") } : new[] { Target("raw"), Target(second) };
        await using var gateway = await GatewayTestHost.StartAsync(Targets.Config(backendOptions, targets), ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        var (r1, stringId) = await PostAsync(http, session,
            "{\n \"jsonrpc\": \"2.0\",\n \"id\": \"c-\\\"1\\\"\",\n \"method\": \"tools/call\",\n \"params\": {\"name\": \"" + prefix + "echo\", \"arguments\": {\"id\": \"nested\"}}\n}", ct);
        r1.Dispose();
        var (r2, numericId) = await PostAsync(http, session,
            $$$$"""{"jsonrpc":"2.0","id":-17,"method":"tools/call","params":{"name":"{{{{prefix}}}}echo","arguments":{"m":"hi"}}}""", ct);
        r2.Dispose();

        var first = JsonNode.Parse(stringId)!;
        Assert.Equal("c-\"1\"", (string?)first["id"]);
        Assert.Equal("nested", (string?)JsonNode.Parse((string)first["result"]!["content"]![0]!["text"]!)!["id"]);
        var second2 = JsonNode.Parse(numericId)!;
        Assert.Equal(-17, (int)second2["id"]!);
        Assert.Equal("""{"m":"hi"}""", (string?)second2["result"]!["content"]![0]!["text"]);

        // The parsed path rebuilds the answer from its result: what shows that the transparent tests above took the byte path.
        Assert.Null(second2["x-extra"]);
    }
}
