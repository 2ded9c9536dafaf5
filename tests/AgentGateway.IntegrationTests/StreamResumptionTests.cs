using System.Net;
using System.Text.Json.Nodes;
using AgentGateway.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentGateway.IntegrationTests;

/// <summary>
/// Streamable HTTP resumability (docs/mcp.md): the events of a session's SSE streams carry ids; a client that loses
/// the connection of a POST's stream resumes it with <c>GET</c> + <c>Last-Event-ID</c> and gets what it missed, while
/// its request went on upstream (disconnection is not cancellation); the GET stream resumes the same way.
/// </summary>
public sealed class StreamResumptionTests : IDisposable
{
    // `slow` sends progress 1 at once (when the request has a progress token), then waits for the release file to exist,
    // and sends progress 2 and its answer. `notify` answers at once, and 50 ms later sends a log message with its text,
    // which goes to the session's GET stream (no request waits then). Every notifications/cancelled is appended to the log.
    private const string Script = """
        const fs = require('fs');
        const [log, release] = process.argv.slice(2);
        const send = m => process.stdout.write(JSON.stringify(m) + '\n');
        require('readline').createInterface({ input: process.stdin }).on('line', line => {
          const m = JSON.parse(line);
          const p = m.params || {};
          if (m.method === 'notifications/cancelled') { fs.appendFileSync(log, 'cancelled\n'); return; }
          if (m.id === undefined) return;
          if (m.method === 'initialize') {
            return send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: p.protocolVersion, capabilities: { tools: {}, logging: {} }, serverInfo: { name: 'slow', version: '1' } } });
          }
          const token = p._meta && p._meta.progressToken;
          const progress = n => token !== undefined && send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: n, total: 2 } });
          if (m.method === 'tools/call' && p.name === 'slow') {
            progress(1);
            const wait = setInterval(() => {
              if (!fs.existsSync(release)) return;
              clearInterval(wait);
              progress(2);
              send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'done' }] } });
            }, 20);
            return;
          }
          if (m.method === 'tools/call' && p.name === 'notify') {
            send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'ok' }] } });
            setTimeout(() => send({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: p.arguments.text } }), 50);
            return;
          }
          send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'unknown ' + m.method } });
        });
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("agw-resume-").FullName;

    private string Log => Path.Combine(_dir, "cancelled.log");

    private string Release => Path.Combine(_dir, "release");

    // On the target's command line, to find its process.
    private string Marker { get; } = "resume-" + Guid.NewGuid().ToString("N");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<GatewayTestHost> StartAsync(string backendOptions, CancellationToken cancellationToken)
    {
        var script = Path.Combine(_dir, "slow.js");
        await File.WriteAllTextAsync(script, Script, cancellationToken);
        return await GatewayTestHost.StartAsync(Targets.Config(backendOptions, Targets.NodeScript("t", script, Log, Release, Marker)), cancellationToken);
    }

    private static string SlowCall(string prefix, int id = 2) =>
        McpHttp.RequestBody("tools/call", $$$"""{"name":"{{{prefix}}}slow","_meta":{"progressToken":"p"}}""", id);

    private static Task<HttpResponseMessage> ResumeAsync(McpHttp http, string session, string lastEventId, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Get, "/mcp", session, accept: "text/event-stream", protocolVersion: "2025-11-25", lastEventId, cancellationToken);

    private static async Task<List<SseEvent>> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var events = new List<SseEvent>();
        await foreach (var e in McpHttp.ReadSseEventsAsync(response, cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }

    private static double? Progress(SseEvent e) => (double?)JsonNode.Parse(e.Data)!["params"]?["progress"];

    [Theory]
    [InlineData("", "")] // one target, relayed as bytes
    [InlineData("prefixMode: always", "t_")] // parsed and serialized
    public async Task ClientLosesThePostStream_ResumesItWithLastEventId_AndTheRequestWentOn(string backendOptions, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync(backendOptions, ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        // The first connection: the priming event (2025-11-25), then progress 1; then the client is gone.
        using (var first = gateway.CreateHttp())
        {
            using var call = await first.PostAsync("/mcp", SlowCall(prefix), session, protocolVersion: "2025-11-25", cancellationToken: ct);
            Assert.Equal("text/event-stream", call.Content.Headers.ContentType?.MediaType);
            await using var events = McpHttp.ReadSseEventsAsync(call, ct).GetAsyncEnumerator(ct);
            Assert.True(await events.MoveNextAsync());
            Assert.Equal(new SseEvent("1_0", "1000", ""), events.Current);
            Assert.True(await events.MoveNextAsync());
            Assert.Equal("1_1", events.Current.Id);
            Assert.Equal(1, Progress(events.Current));
        }

        // Resumed at once (the gateway may not have seen the connection go yet), then the tool finishes.
        using var resumed = await ResumeAsync(http, session, "1_1", ct);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("text/event-stream", resumed.Content.Headers.ContentType?.MediaType);
        await File.WriteAllTextAsync(Release, "", ct);
        var rest = await ReadAllAsync(resumed, ct);
        Assert.Equal(["1_2", "1_3"], rest.Select(e => e.Id));
        Assert.Equal(2, Progress(rest[0]));
        var answer = JsonNode.Parse(rest[1].Data)!;
        Assert.Equal(2, (int)answer["id"]!);
        Assert.Equal("done", (string?)answer["result"]!["content"]![0]!["text"]);
        Assert.False(File.Exists(Log), "the request was cancelled upstream when its client lost the connection");

        // The stream is kept after its end: from its priming event, everything again.
        using var again = await ResumeAsync(http, session, "1_0", ct);
        Assert.Equal(["1_1", "1_2", "1_3"], (await ReadAllAsync(again, ct)).Select(e => e.Id));

        // The session goes on; a new POST stream is stream 2.
        using var next = await http.PostAsync("/mcp", SlowCall(prefix, id: 3), session, protocolVersion: "2025-11-25", cancellationToken: ct);
        var nextEvents = await ReadAllAsync(next, ct);
        Assert.Equal(["2_0", "2_1", "2_2", "2_3"], nextEvents.Select(e => e.Id));
        Assert.Equal(3, (int)JsonNode.Parse(nextEvents[^1].Data)!["id"]!);
    }

    [Fact]
    public async Task TheOfficialClient_LosingItsConnectionsMidCall_ResumesTheStream_AndGetsItsAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("", ct);
        await using var proxy = new CuttableTcpProxy(gateway.BaseUri.Port);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{proxy.Port}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            ConnectionTimeout = TimeSpan.FromSeconds(30),
        });
        await using var client = await McpClient.CreateAsync(
            transport, new McpClientOptions { ProtocolVersion = GatewayTestHost.SessionProtocolVersion }, cancellationToken: ct);

        var firstProgress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = client.CallToolAsync("slow", progress: new FirstProgress(firstProgress), cancellationToken: ct).AsTask();
        await firstProgress.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        // Every connection drops (the POST's stream and the GET stream alike), then the tool finishes.
        var accepted = proxy.Accepted;
        proxy.CutAll();
        await File.WriteAllTextAsync(Release, "", ct);

        var result = await call.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal("done", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.True(proxy.Accepted > accepted, "the client got its answer without coming back");
        Assert.False(File.Exists(Log), "the request was cancelled upstream when its client lost the connection");
    }

    private sealed class FirstProgress(TaskCompletionSource seen) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => seen.TrySetResult();
    }

    [Fact]
    public async Task ResumingAStreamStillWritten_TakesItOver()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("", ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);

        using var other = gateway.CreateHttp();
        using var call = await other.PostAsync("/mcp", SlowCall(""), session, protocolVersion: "2025-11-25", cancellationToken: ct);
        await using var events = McpHttp.ReadSseEventsAsync(call, ct).GetAsyncEnumerator(ct);
        Assert.True(await events.MoveNextAsync()); // priming
        Assert.True(await events.MoveNextAsync()); // progress 1
        Assert.Equal("1_1", events.Current.Id);

        // The connection is still open: the resuming one takes the stream, and the old one ends without the answer.
        using var resumed = await ResumeAsync(http, session, "1_1", ct);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False(await events.MoveNextAsync());

        await File.WriteAllTextAsync(Release, "", ct);
        Assert.Equal(["1_2", "1_3"], (await ReadAllAsync(resumed, ct)).Select(e => e.Id));
    }

    [Theory]
    [InlineData("not-ours")]
    [InlineData("9_0")] // no such stream
    [InlineData("1_7")] // beyond the stream's last event
    [InlineData("-1_0")]
    public async Task ALastEventIdTheSessionCannotResume_Is400(string lastEventId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("", ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);
        await File.WriteAllTextAsync(Release, "", ct);
        using (var call = await http.PostAsync("/mcp", SlowCall(""), session, protocolVersion: "2025-11-25", cancellationToken: ct))
        {
            Assert.Equal(4, (await ReadAllAsync(call, ct)).Count); // stream 1: priming, two progress, the answer
        }

        using var response = await ResumeAsync(http, session, lastEventId, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, (int)(await McpHttp.ReadMessageAsync(response, ct))["error"]!["code"]!);
    }

    [Fact]
    public async Task TheGetStream_CarriesEventIds_AndResumesWithWhatTheClientMissed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("", ct);
        using var http = gateway.CreateHttp();
        var session = await http.InitializeAsync(cancellationToken: ct);
        async Task NotifyAsync(string text)
        {
            using var r = await http.PostAsync("/mcp", McpHttp.RequestBody("tools/call", $$$"""{"name":"notify","arguments":{"text":"{{{text}}}"}}"""), session,
                protocolVersion: "2025-11-25", cancellationToken: ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        static string? Data(SseEvent e) => (string?)JsonNode.Parse(e.Data)!["params"]!["data"];

        using (var listener = gateway.CreateHttp())
        {
            using var get = await listener.SendAsync(HttpMethod.Get, "/mcp", session, accept: "text/event-stream", protocolVersion: "2025-11-25", cancellationToken: ct);
            await using var events = McpHttp.ReadSseEventsAsync(get, ct).GetAsyncEnumerator(ct);
            Assert.True(await events.MoveNextAsync());
            Assert.Equal(new SseEvent("0_0", "1000", ""), events.Current);
            await NotifyAsync("one");
            Assert.True(await events.MoveNextAsync());
            Assert.Equal("0_1", events.Current.Id);
            Assert.Equal("one", Data(events.Current));
        }

        // Sent while the client is away (or to the connection it left), then resumed.
        await NotifyAsync("two");
        using (var resumed = await ResumeAsync(http, session, "0_1", ct))
        {
            await using var events = McpHttp.ReadSseEventsAsync(resumed, ct).GetAsyncEnumerator(ct);
            Assert.True(await events.MoveNextAsync());
            Assert.Equal("0_2", events.Current.Id);
            Assert.Equal("two", Data(events.Current));

            // From the first event again, on another connection: this one is taken over and ends.
            using var again = await ResumeAsync(http, session, "0_0", ct);
            Assert.False(await events.MoveNextAsync());
            await using var replayed = McpHttp.ReadSseEventsAsync(again, ct).GetAsyncEnumerator(ct);
            Assert.True(await replayed.MoveNextAsync());
            Assert.Equal(("0_1", "one"), (replayed.Current.Id, Data(replayed.Current)));
            Assert.True(await replayed.MoveNextAsync());
            Assert.Equal(("0_2", "two"), (replayed.Current.Id, Data(replayed.Current)));
        }
    }

    [Fact]
    public async Task AnOlderProtocolVersion_GetsEventIdsWithoutAPrimingEvent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("", ct);
        using var http = gateway.CreateHttp();
        using var init = await http.PostAsync("/mcp", McpHttp.InitializeBody("2025-06-18"), cancellationToken: ct);
        var session = McpHttp.SessionId(init)!;
        await File.WriteAllTextAsync(Release, "", ct);

        using var call = await http.PostAsync("/mcp", SlowCall(""), session, protocolVersion: "2025-06-18", cancellationToken: ct);
        var events = await ReadAllAsync(call, ct);
        Assert.Equal(["1_1", "1_2", "1_3"], events.Select(e => e.Id));
        Assert.All(events, e => Assert.Null(e.Retry));
    }

    [Fact]
    public async Task ASessionlessRequest_HasNoStreamToComeBackTo_SoLosingItsConnectionCancelsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await StartAsync("statefulMode: stateless", ct);
        using (var client = gateway.CreateHttp())
        {
            using var call = await client.PostAsync("/mcp", SlowCall(""), protocolVersion: "2025-11-25", cancellationToken: ct);
            Assert.Equal("text/event-stream", call.Content.Headers.ContentType?.MediaType);
            await using var events = McpHttp.ReadSseEventsAsync(call, ct).GetAsyncEnumerator(ct);
            Assert.True(await events.MoveNextAsync());
            Assert.Null(events.Current.Id); // progress 1, without an id: nothing to resume
            Assert.Equal(1, Progress(events.Current));
            Assert.Single(ProcessTable.FindByCommandLine(Marker));
        }

        // The request ends upstream: the throwaway session, still busy, ends with its target (which may first see the
        // notifications/cancelled).
        await Poll.UntilAsync(() => File.Exists(Log) || ProcessTable.FindByCommandLine(Marker).Count == 0, TimeSpan.FromSeconds(10),
            () => "the request went on upstream after its client left", ct);
    }
}
